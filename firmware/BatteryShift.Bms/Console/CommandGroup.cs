using BatteryShift.Bms.Config;
using BatteryShift.Bms.Events;
using BatteryShift.Bms.Persistence;
using BatteryShift.Bms.Protection;

namespace BatteryShift.Bms.Console
{
    /// <summary>
    /// What every group of console commands shares: the core, the parsed line and the reply, and the reply's
    /// forms (ok, failure, usage, refusal) so that every command answers the same way.
    /// </summary>
    internal abstract class CommandGroup
    {
        /// <summary>Makes the group.</summary>
        /// <param name="core">The core.</param>
        /// <param name="line">The parsed command line.</param>
        /// <param name="reply">The reply buffer.</param>
        protected CommandGroup(BmsCore core, CommandLine line, TextBuffer reply)
        {
            Core = core;
            _line = line;
            _reply = reply;
        }

        /// <summary>The core the commands act on.</summary>
        protected BmsCore Core { get; }

        /// <summary>The command line being executed.</summary>
        protected readonly CommandLine _line;

        /// <summary>The reply being written.</summary>
        protected readonly TextBuffer _reply;

        /// <summary>True when remote (MQTT) commands may change state.</summary>
        internal bool RemoteControlEnabled
        {
            get { return Core.Config.Get(ConsoleKeys.RemoteControl) != 0; }
        }

        protected int SetKey(int key, int value)
        {
            int result = Core.Config.TrySet(key, value);
            if (result != ResultCode.Ok)
            {
                _reply.Clear();
                _reply.AppendInt(result);
                _reply.Append(' ');
                _reply.Append(ResultCode.Text(result));
                _reply.Append(": ");
                AppendKey(key);
                return result;
            }

            Core.Events.Append(Core.Status.TimeMs, EventKind.ConfigChanged, key, value);
            Ok(null);
            AppendKey(key);
            return ResultCode.Ok;
        }

        protected void Logged(int commandId)
        {
            Core.Events.Append(Core.Status.TimeMs, EventKind.Command, ResultCode.Ok, commandId);
        }

        protected bool IsRefused(bool fromRemote)
        {
            return fromRemote && !RemoteControlEnabled;
        }

        protected int Refuse()
        {
            return Fail(ResultCode.Refused, "remote control is off (remote on at the local console)");
        }

        internal int Usage(string usage)
        {
            return Fail(ResultCode.BadArgument, usage);
        }

        internal int Fail(int code, string detail)
        {
            _reply.Clear();
            _reply.AppendInt(code);
            _reply.Append(' ');
            _reply.Append(ResultCode.Text(code));
            if (detail != null)
            {
                _reply.Append(": ");
                _reply.Append(detail);
            }

            return code;
        }

        protected void Ok(string text)
        {
            _reply.Clear();
            _reply.Append("0 ");
            _reply.Append(text);
        }

        protected void Line(string text)
        {
            _reply.NewLine();
            _reply.Append(text);
        }

        protected void AppendNamed(string label, int mask, bool sensor)
        {
            if (mask == 0)
            {
                return;
            }

            _reply.Append(label);
            AppendNames(mask, sensor);
        }

        protected void AppendNames(int mask, bool sensor)
        {
            for (int i = 0; i < 31; i++)
            {
                if ((mask & (1 << i)) != 0)
                {
                    _reply.Append(' ');
                    _reply.Append(sensor ? DiagnosisTable.SensorName(i) : DiagnosisTable.LimitName(i));
                }
            }
        }

        protected void AppendKey(int key)
        {
            StatusText.AppendKeyName(_reply, key);
            _reply.Append(' ');
            _reply.AppendInt(Core.Config.Get(key));
            _reply.Append(' ');
            _reply.Append(ConfigSchema.Unit(key));
            _reply.Append(" (");
            _reply.AppendInt(ConfigSchema.Min(key));
            _reply.Append("..");
            _reply.AppendInt(ConfigSchema.Max(key));
            _reply.Append(')');
        }

        /// <summary>What a secret setting shows on every channel: "***" when set, "" when empty; never its text.</summary>
        /// <param name="value">The secret.</param>
        /// <returns>"***" or "".</returns>
        internal static string SecretShown(string value)
        {
            return value.Length == 0 ? "" : "***";
        }

        protected void AppendTextKey(int textKey)
        {
            _reply.Append(ConfigSchema.TextName(textKey));
            _reply.Append(" \"");
            _reply.Append(ConfigSchema.TextSecret(textKey) ? SecretShown(Core.Config.GetText(textKey)) : Core.Config.GetText(textKey));
            _reply.Append('"');
        }
    }
}
