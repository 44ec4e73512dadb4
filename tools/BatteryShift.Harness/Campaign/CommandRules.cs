using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using BatteryShift.Bms;

namespace BatteryShift.Harness.Campaign
{
    /// <summary>
    /// The rules every reply must keep, from the ledger alone: a retained command is refused; a command whose id is among
    /// the last 16 executed is answered as a duplicate and not executed again (and nothing else is called a duplicate);
    /// calibration and remote on are never accepted over MQTT; no reply answers a command that was not taken.
    /// </summary>
    internal static partial class CommandRules
    {
        private const int Remembered = 16;

        /// <summary>Counts the violations of the rules into the result.</summary>
        internal static void Judge(CommandLedger ledger, ScenarioResult result)
        {
            for (int n = 0; n < ledger.Incarnations.Count; n++)
            {
                CommandLedger.Incarnation inc = ledger.Incarnations[n];
                var executed = new List<string>();
                for (int i = 0; i < inc.Taken.Count; i++)
                {
                    TakenCommand taken = inc.Taken[i];
                    inc.Replies.TryGetValue(i + 1, out CommandReply? reply);
                    string? why = Check(taken, reply, executed);
                    if (why != null)
                    {
                        Violation(result, n, i + 1, taken.Text, why);
                    }
                }

                foreach (KeyValuePair<long, CommandReply> kv in inc.Replies)
                {
                    if (kv.Key < 1 || kv.Key > inc.Taken.Count)
                    {
                        Violation(result, n, kv.Key, string.Empty, "reply to no command taken: " + kv.Value.Text);
                    }
                }

                foreach (string stray in inc.Stray)
                {
                    Violation(result, n, 0, string.Empty, stray);
                }
            }
        }

        private static string? Check(TakenCommand taken, CommandReply? reply, List<string> executed)
        {
            if (taken.Retained)
            {
                // refused as retained, not for some other reason it happens to meet (remote control off, say)
                bool refused = reply == null || (reply.Code == ResultCode.Refused && reply.Text.Contains("retained", System.StringComparison.Ordinal));
                return refused ? null : "retained command not refused as retained (code " + reply!.Code.ToString(CultureInfo.InvariantCulture) + ": " + reply.Text + ")";
            }

            Match m = WellFormed().Match(taken.Text);
            if (!m.Success || taken.Text.Length > Bms.Telemetry.MqttTelemetry.MaxCommandBytes)
            {
                return null;
            }

            string id = m.Groups[1].Value;
            string command = m.Groups[2].Value;
            bool duplicate = reply != null && reply.Text.StartsWith("duplicate of cmd", System.StringComparison.Ordinal);
            if (executed.Contains(id))
            {
                return reply != null && !duplicate ? "id " + id + " executed again" : null;
            }

            executed.Add(id);
            if (executed.Count > Remembered)
            {
                executed.RemoveAt(0);
            }

            if (duplicate)
            {
                return "answered as a duplicate of nothing";
            }

            if (reply != null && reply.Code == ResultCode.Ok && (command.StartsWith("cal ", System.StringComparison.Ordinal) || command.StartsWith("remote on", System.StringComparison.Ordinal)))
            {
                return "accepted over MQTT";
            }

            return null;
        }

        private static void Violation(ScenarioResult result, int incarnation, long cmd, string text, string why)
        {
            result.CommandViolations++;
            result.Fail(string.Create(CultureInfo.InvariantCulture, $"command rule broken (boot {incarnation}, cmd {cmd} '{text}'): {why}"));
        }

        // printable, at most 128 bytes, "@<id> <command>" with an id of 1 to 16 of A-Z a-z 0-9 . _ -
        [GeneratedRegex("^@([A-Za-z0-9._-]{1,16}) ([\\x20-\\x7e]+)$")]
        private static partial Regex WellFormed();
    }
}
