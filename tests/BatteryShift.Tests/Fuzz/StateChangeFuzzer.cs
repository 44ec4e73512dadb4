using System;
using System.Linq;
using System.Reflection;
using BatteryShift.Bms.Config;
using BatteryShift.Tests.Mqtt;

namespace BatteryShift.Tests.Fuzz
{
    /// <summary>
    /// Sends well-formed commands that change state (service, cal, cal current, config set of any setting with a value in
    /// its range, prot.* limits among them, config save, remote on|off, config set console.remote, clear, balance, mode,
    /// reboot), on the local console and remotely at random, to a running core, and checks each against the command
    /// rules written out here from docs/serial.md and docs/mqtt.md, not from the firmware:
    /// <list type="number">
    /// <item>a state-changing command from a remote channel while remote control is off is answered 4 (refused) and
    /// changes nothing (settings, calibration, state, faults, events, pending reboot, stored blobs);</item>
    /// <item><c>remote on|off</c> and <c>config set console.remote</c> from a remote channel are refused and change
    /// nothing, whether remote control is on or off;</item>
    /// <item>a cell calibration (<c>cal &lt;cell&gt; &lt;mV&gt;</c>) outside service is refused on every channel and
    /// leaves the calibration as it was;</item>
    /// <item>calibration (<c>cal</c>, <c>cal current</c>) from a remote channel is refused and changes nothing, whether
    /// remote control is on or off (it takes a meter at the module);</item>
    /// <item>every reply starts with its result code.</item>
    /// </list>
    /// </summary>
    internal static class StateChangeFuzzer
    {
        private static readonly string[] Words = { "clear", "cal", "service", "balance", "mode", "reboot", "remote" };

        /// <param name="dropLinkGap">over MQTT, the module's link is dropped while the first remote command at least this
        /// many commands after the last drop waits (0: never), as a loaded host does when an acknowledgement misses its
        /// timeout; a gap of 60 commands keeps each session longer than the 10 s that would make the drops a client-id
        /// clash</param>
        public static FuzzResult Run(Assembly bms, int seed, int commands, TestBroker? broker = null, int dropLinkGap = 0)
        {
            using var target = FuzzTarget.Start(bms, broker);
            var random = new Random(seed);
            var result = new FuzzResult();
            int lastDrop = 0;
            for (int n = 0; n < commands; n++)
            {
                string line = NextCommand(random, target.OverMqtt);
                bool remote = random.Next(2) == 0;
                target.Settle();
                if (dropLinkGap > 0 && remote && n - lastDrop >= dropLinkGap)
                {
                    target.DropLinkDuringNextCommand();
                    lastDrop = n;
                }

                int lossesBefore = target.LinkLosses;
                bool remoteOn = target.RemoteControlOn;
                bool inService = target.InService;
                string before = target.Snapshot();
                string calibrationBefore = target.Calibration();
                var (code, reply) = target.Execute(line, remote);
                string after = target.Snapshot();
                string where = "#" + n + (remote ? " remote" : " local") + " '" + line + "' -> '" + reply + "'";

                if (reply.Length == 0 || reply[0] != (char)('0' + code))
                {
                    result.Violations.Add("reply without its code: " + where);
                }

                // while the link is down the module's clock moves on until it is back, and remote control can run out
                // its console.remote.min on that clock (docs/serial.md): that change is time's, not the command's
                bool expiredWhileDown = target.LinkLosses > lossesBefore && remoteOn && !target.RemoteControlOn;
                result.RemoteExpiredWhileDown += expiredWhileDown ? 1 : 0;
                bool changes = ChangesState(line);
                if (remote && changes && (!remoteOn || IsRemoteSwitch(line) || line.StartsWith("cal ", StringComparison.Ordinal)))
                {
                    result.RemoteWhileOff += remoteOn ? 0 : 1;
                    if (code != 4 || (after != before && !expiredWhileDown))
                    {
                        result.Violations.Add((code != 4 ? "remote command not refused: " : "refused remote command changed " + FuzzTarget.Changed(before, after) + ": ") + where);
                    }
                }
                else if (remote && changes && code == 0)
                {
                    result.RemoteAccepted++;
                }

                if (IsCellCalibration(line))
                {
                    if (!inService)
                    {
                        result.CalOutsideService++;
                        if (code == 0 || target.Calibration() != calibrationBefore)
                        {
                            result.Violations.Add("calibration outside service: " + where);
                        }
                    }
                    else if (code == 0)
                    {
                        result.CalAccepted++;
                    }
                }

                target.Step();
                result.Commands++;
            }

            result.LinkLosses = target.LinkLosses;
            result.Resends = target.Resends;
            return result;
        }

        private static string NextCommand(Random r, bool overMqtt)
        {
            int pick = r.Next(100);
            if (pick < 8)
            {
                return "service on";
            }

            if (pick < 13)
            {
                return "service off";
            }

            if (pick < 33)
            {
                // the board's cells read 3300 mV: readings near it are plausible calibration points, some not
                return "cal " + r.Next(1, 17) + " " + (3300 + r.Next(-150, 151));
            }

            if (pick < 36)
            {
                return "cal current " + r.Next(-150000, 150001);
            }

            if (pick < 42)
            {
                return "config save";
            }

            if (pick < 56)
            {
                return SetAnyKey(r, prot: true, overMqtt);
            }

            if (pick < 64)
            {
                return SetAnyKey(r, prot: false, overMqtt);
            }

            if (pick < 70)
            {
                return "remote on";
            }

            if (pick < 74)
            {
                return "remote off";
            }

            if (pick < 78)
            {
                return "config set console.remote " + r.Next(2);
            }

            if (pick < 83)
            {
                return "clear";
            }

            if (pick < 88)
            {
                return r.Next(2) == 0 ? "balance on" : "balance off";
            }

            if (pick < 92)
            {
                return r.Next(2) == 0 ? "mode text" : "mode line";
            }

            if (pick < 94)
            {
                return "reboot";
            }

            return r.Next(3) switch { 0 => "status", 1 => "config get console.remote", _ => "faults" };
        }

        // over MQTT, the settings that say where the link goes (mqtt.port, mqtt.tls) are left out: the module uses them at
        // its next connect, and a port or TLS the test broker does not serve leaves it unreachable, so no later command
        // could be answered; they are fuzzed on the local runs, which have no link to lose
        private static string SetAnyKey(Random r, bool prot, bool overMqtt)
        {
            int[] keys = Enumerable.Range(0, ConfigSchema.MaxKeys)
                .Where(k => ConfigSchema.IsDefined(k) && ConfigSchema.Name(k)!.StartsWith("prot.", StringComparison.Ordinal) == prot)
                .Where(k => !overMqtt || (k != CommsKeys.MqttPort && k != CommsKeys.MqttTls))
                .ToArray();
            int key = keys[r.Next(keys.Length)];
            int min = ConfigSchema.Min(key);
            int max = ConfigSchema.Max(key);
            int value = (int)(min + (long)(r.NextDouble() * ((long)max - min + 1)));
            return "config set " + ConfigSchema.Name(key) + " " + Math.Min(value, max);
        }

        private static bool ChangesState(string line)
        {
            string[] w = line.Split(' ');
            if (w[0] == "config")
            {
                return w[1] == "set" || w[1] == "save";
            }

            return Words.Contains(w[0]) && !(w[0] == "balance" && w.Length == 1);
        }

        private static bool IsRemoteSwitch(string line)
        {
            return line.StartsWith("remote ", StringComparison.Ordinal) || line.StartsWith("config set console.remote ", StringComparison.Ordinal);
        }

        private static bool IsCellCalibration(string line)
        {
            return line.StartsWith("cal ", StringComparison.Ordinal) && !line.StartsWith("cal current", StringComparison.Ordinal);
        }
    }
}
