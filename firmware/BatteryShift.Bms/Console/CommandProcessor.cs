using BatteryShift.Bms.Config;
using BatteryShift.Bms.Events;
using BatteryShift.Bms.Measurement;
using BatteryShift.Bms.Persistence;
using BatteryShift.Bms.Protection;
using BatteryShift.Hal;

namespace BatteryShift.Bms.Console
{
    /// <summary>
    /// The command language shared by the serial console and MQTT. <see cref="Execute"/> runs one command
    /// line and writes the reply into <see cref="Reply"/>: the first line starts with the
    /// <see cref="ResultCode"/> in decimal, a space and the result; listing commands (help, log, config
    /// list) add further lines, separated by CR LF, none longer than 120 characters. Garbage, lines
    /// longer than <see cref="MaxLineLength"/> and wrong arguments are answered with an error and change
    /// nothing. Commands that change state are refused from a remote channel unless remote control was
    /// switched on at the local console; <c>remote on|off</c> itself is accepted only locally.
    /// Works in buffers made once; allocates only to set a text setting.
    /// </summary>
    public sealed class CommandProcessor
    {
        /// <summary>Longest command line accepted, characters.</summary>
        public const int MaxLineLength = 96;

        /// <summary>Size of the reply buffer, bytes.</summary>
        public const int ReplyCapacity = 1024;

        /// <summary>Command id (in <see cref="EventKind.Command"/> records) of clear.</summary>
        public const int CommandClear = 1;

        /// <summary>Command id of cal.</summary>
        public const int CommandCalibrate = 2;

        /// <summary>Command id of config save.</summary>
        public const int CommandSave = 3;

        /// <summary>Command id of reboot.</summary>
        public const int CommandReboot = 4;

        /// <summary>Command id of service on.</summary>
        public const int CommandServiceOn = 5;

        /// <summary>Command id of service off.</summary>
        public const int CommandServiceOff = 6;

        /// <summary>Command id of cal current.</summary>
        public const int CommandCalibrateCurrent = 7;

        private const int LogDefault = 5;
        private const int LogMost = 12;
        private const int ListPage = 12;

        private static readonly string[] s_commandNames = new string[]
        {
            "none", "clear", "cal", "save", "reboot", "service on", "service off", "cal current",
        };

        private readonly BmsCore _core;
        private readonly IResetControl _reset;
        private readonly CommandLine _line = new CommandLine(MaxLineLength);
        private readonly TextBuffer _reply = new TextBuffer(ReplyCapacity);
        private int _rebootCountdown;

        /// <summary>
        /// Makes the processor (once, at start-up).
        /// </summary>
        /// <param name="core">The core whose status, configuration and services the commands use.</param>
        /// <param name="reset">Controller restart, for the reboot command.</param>
        public CommandProcessor(BmsCore core, IResetControl reset)
        {
            _core = core;
            _reset = reset;
        }

        /// <summary>The reply of the last command; the first <see cref="ReplyLength"/> bytes are ASCII.</summary>
        public byte[] Reply
        {
            get { return _reply.Bytes; }
        }

        /// <summary>Bytes of the last reply (no line end after the last line).</summary>
        public int ReplyLength
        {
            get { return _reply.Length; }
        }

        /// <summary>True when remote (MQTT) commands may change state (set only from the local console).</summary>
        public bool RemoteControlEnabled
        {
            get { return _core.Config.Get(ConsoleKeys.RemoteControl) != 0; }
        }

        /// <summary>True after an accepted reboot command, until the restart.</summary>
        public bool RebootPending
        {
            get { return _rebootCountdown > 0; }
        }

        /// <summary>
        /// Name of a command id of an <see cref="EventKind.Command"/> record.
        /// </summary>
        /// <param name="commandId">Command id.</param>
        /// <returns>Its name.</returns>
        public static string CommandName(int commandId)
        {
            return commandId >= 0 && commandId < s_commandNames.Length ? s_commandNames[commandId] : "unknown";
        }

        /// <summary>
        /// Executes one command line and writes the reply into <see cref="Reply"/>.
        /// </summary>
        /// <param name="line">ASCII bytes of the line (a trailing CR/LF is ignored).</param>
        /// <param name="offset">First index.</param>
        /// <param name="length">Bytes.</param>
        /// <param name="fromRemote">True for a command from MQTT (or any channel but the local console).</param>
        /// <returns>The <see cref="ResultCode"/>, also the first word of the reply.</returns>
        public int Execute(byte[] line, int offset, int length, bool fromRemote)
        {
            _reply.Clear();
            int result = _line.Load(line, offset, length);
            if (result == ResultCode.TooLong)
            {
                return Fail(ResultCode.TooLong, "line longer than 96 characters");
            }

            if (result != ResultCode.Ok)
            {
                return Fail(result, "not a command line");
            }

            if (_line.Count == 0)
            {
                return Fail(ResultCode.BadArgument, "empty line");
            }

            CommandLine c = _line;
            if (c.Is(0, "help") || c.Is(0, "?"))
            {
                return c.Count == 1 ? Help() : Usage("help");
            }

            if (c.Is(0, "status"))
            {
                return c.Count == 1 ? StatusCommand() : Usage("status");
            }

            if (c.Is(0, "cells"))
            {
                return c.Count == 1 ? Cells() : Usage("cells");
            }

            if (c.Is(0, "temps"))
            {
                return c.Count == 1 ? Temperatures() : Usage("temps");
            }

            if (c.Is(0, "faults"))
            {
                return c.Count == 1 ? Faults() : Usage("faults");
            }

            if (c.Is(0, "log"))
            {
                return Log();
            }

            if (c.Is(0, "config"))
            {
                return ConfigCommand(fromRemote);
            }

            if (c.Is(0, "clear"))
            {
                return c.Count == 1 ? Clear(fromRemote) : Usage("clear");
            }

            if (c.Is(0, "cal"))
            {
                return Calibrate(fromRemote);
            }

            if (c.Is(0, "balance"))
            {
                return Balance(fromRemote);
            }

            if (c.Is(0, "remote"))
            {
                return Remote(fromRemote);
            }

            if (c.Is(0, "service"))
            {
                return Service(fromRemote);
            }

            if (c.Is(0, "mode"))
            {
                return Mode(fromRemote);
            }

            if (c.Is(0, "reboot"))
            {
                return c.Count == 1 ? Reboot(fromRemote) : Usage("reboot");
            }

            _reply.AppendInt(ResultCode.UnknownCommand);
            _reply.Append(' ');
            _reply.Append(ResultCode.Text(ResultCode.UnknownCommand));
            _reply.Append(": ");
            int before = _reply.Length;
            c.AppendWord(0, _reply);
            if (_reply.Length - before > 24)
            {
                _reply.Truncate(before + 24);
            }

            _reply.Append(" (try help)");
            return ResultCode.UnknownCommand;
        }

        /// <summary>
        /// Restarts the controller when a reboot was accepted and its reply has had one communication
        /// pass to go out. Called at the end of <see cref="BmsCore.Communicate"/>.
        /// </summary>
        public void ServiceReboot()
        {
            if (_rebootCountdown == 0)
            {
                return;
            }

            _rebootCountdown--;
            if (_rebootCountdown == 0)
            {
                _reset.Reboot();
            }
        }

        private int Help()
        {
            Ok("commands (words in <> are values):");
            Line("  status | cells | temps | faults | log [n] | help");
            Line("  config get <name> | config set <name> <value> | config save | config list [from]");
            Line("  clear | balance on|off | reboot | service on|off");
            Line("  cal <cell> <multimeter mV> (in service, two points) | cal current <clamp mA>");
            Line("  mode text|line|quiet | remote on|off (local console only)");
            return ResultCode.Ok;
        }

        private int StatusCommand()
        {
            Ok(null);
            StatusText.AppendSummary(_reply, _core.Status);
            return ResultCode.Ok;
        }

        private int Cells()
        {
            ModuleStatus status = _core.Status;
            Ok("cells mV");
            if (!status.MeasurementValid)
            {
                _reply.Append(" (no valid scan)");
            }

            StatusText.AppendCells(_reply, status);
            return ResultCode.Ok;
        }

        private int Temperatures()
        {
            ModuleStatus status = _core.Status;
            Ok("temps C");
            if (!status.MeasurementValid)
            {
                _reply.Append(" (no valid scan)");
            }

            StatusText.AppendTemperatures(_reply, status);
            return ResultCode.Ok;
        }

        private int Faults()
        {
            ModuleStatus status = _core.Status;
            Ok("faults ");
            StatusText.AppendAlarmsShort(_reply, status);
            AppendNamed(" latched", status.FaultMask, false);
            AppendNamed(" alarm", status.AlarmMask, false);
            AppendNamed(" warning", status.WarningMask, false);
            AppendNamed(" sensor", status.SensorFaultMask, true);

            // the latest entries of the fault log kept in flash over resets
            FaultLog log = _core.FaultLog;
            int shown = 0;
            for (int i = log.Count - 1; i >= 0 && shown < 6; i--, shown++)
            {
                _reply.NewLine();
                _reply.Append("  boot ");
                _reply.AppendInt(log.BootOf(i));
                _reply.Append(' ');
                _reply.AppendUptime(log.TimeMsOf(i));
                _reply.Append(' ');
                StatusText.AppendEventBody(_reply, log.KindOf(i), log.CodeOf(i), log.ValueOf(i));
            }

            return ResultCode.Ok;
        }

        private int Log()
        {
            int count = LogDefault;
            if (_line.Count > 2 || (_line.Count == 2 && !_line.TryInt(1, out count)))
            {
                return Usage("log [n]");
            }

            if (count < 1 || count > LogMost)
            {
                return Fail(ResultCode.OutOfRange, "log n is 1..12");
            }

            EventLog events = _core.Events;
            long first = events.NextSequence - count;
            if (first < events.OldestSequence)
            {
                first = events.OldestSequence;
            }

            Ok("log ");
            _reply.AppendInt(events.NextSequence - first);
            _reply.Append(" of ");
            _reply.AppendInt(events.NextSequence);
            for (long s = first; s < events.NextSequence; s++)
            {
                AppendLogLine(events, s);
            }

            return ResultCode.Ok;
        }

        private int ConfigCommand(bool fromRemote)
        {
            CommandLine c = _line;
            if (c.Is(1, "get") && c.Count == 3)
            {
                return ConfigGet();
            }

            if (c.Is(1, "set") && c.Count == 4)
            {
                return ConfigSet(fromRemote);
            }

            if (c.Is(1, "list") && c.Count <= 3)
            {
                return ConfigList();
            }

            if (c.Is(1, "save") && c.Count == 2)
            {
                if (IsRefused(fromRemote))
                {
                    return Refuse();
                }

                int saved = _core.SaveConfig();
                if (saved != ResultCode.Ok)
                {
                    return Fail(saved, "configuration not stored");
                }

                Logged(CommandSave);
                Ok("configuration and calibration stored");
                return ResultCode.Ok;
            }

            return Usage("config get <name> | set <name> <value> | save | list [from]");
        }

        private int ConfigGet()
        {
            int key = FindKey(2);
            if (key >= 0)
            {
                Ok(null);
                AppendKey(key);
                return ResultCode.Ok;
            }

            int textKey = FindTextKey(2);
            if (textKey >= 0)
            {
                Ok(null);
                AppendTextKey(textKey);
                return ResultCode.Ok;
            }

            return Fail(ResultCode.BadArgument, "no such setting (config list)");
        }

        private int ConfigSet(bool fromRemote)
        {
            int key = FindKey(2);
            int textKey = key >= 0 ? -1 : FindTextKey(2);
            if (key < 0 && textKey < 0)
            {
                return Fail(ResultCode.BadArgument, "no such setting (config list)");
            }

            if (IsRefused(fromRemote) || (fromRemote && key == ConsoleKeys.RemoteControl))
            {
                return Refuse();
            }

            if (textKey >= 0)
            {
                int textResult = _core.Config.TrySetText(textKey, _line.WordText(3));
                if (textResult != ResultCode.Ok)
                {
                    return Fail(textResult, ConfigSchema.TextName(textKey));
                }

                _core.Events.Append(_core.Status.TimeMs, EventKind.ConfigChanged, ConfigSchema.MaxKeys + textKey, 0);
                Ok(null);
                AppendTextKey(textKey);
                return ResultCode.Ok;
            }

            int value;
            if (!_line.TryInt(3, out value))
            {
                return Fail(ResultCode.BadArgument, "value is not an integer");
            }

            return SetKey(key, value);
        }

        private int ConfigList()
        {
            int from = 0;
            if (_line.Count == 3 && !_line.TryInt(2, out from))
            {
                return Usage("config list [from]");
            }

            if (from < 0 || from >= ConfigSchema.MaxKeys + ConfigSchema.MaxTextKeys)
            {
                return Fail(ResultCode.OutOfRange, "from is a key number");
            }

            Ok("config list from ");
            _reply.AppendInt(from);
            int shown = 0;
            int next = -1;
            for (int i = from; i < ConfigSchema.MaxKeys + ConfigSchema.MaxTextKeys; i++)
            {
                bool text = i >= ConfigSchema.MaxKeys;
                if (text ? !ConfigSchema.IsTextDefined(i - ConfigSchema.MaxKeys) : !ConfigSchema.IsDefined(i))
                {
                    continue;
                }

                if (shown == ListPage)
                {
                    next = i;
                    break;
                }

                _reply.NewLine();
                _reply.Append("  ");
                _reply.AppendPadded(i, 3, ' ');
                _reply.Append(' ');
                if (text)
                {
                    AppendTextKey(i - ConfigSchema.MaxKeys);
                }
                else
                {
                    AppendKey(i);
                }

                shown++;
            }

            if (next >= 0)
            {
                _reply.NewLine();
                _reply.Append("  more: config list ");
                _reply.AppendInt(next);
            }

            return ResultCode.Ok;
        }

        private int Clear(bool fromRemote)
        {
            if (IsRefused(fromRemote))
            {
                return Refuse();
            }

            int result = _core.ClearFaults();
            if (result == ResultCode.Ok)
            {
                Logged(CommandClear);
                Ok("faults cleared");
                return ResultCode.Ok;
            }

            Fail(result, "still latched:");
            AppendNames(_core.Status.FaultMask, false);
            return result;
        }

        private int Calibrate(bool fromRemote)
        {
            int first;
            int second;
            bool current = _line.Is(1, "current");
            if (_line.Count != 3 || (!current && !_line.TryInt(1, out first)) || !_line.TryInt(2, out second))
            {
                return Usage("cal <cell> <multimeter mV> | cal current <clamp mA>");
            }

            if (IsRefused(fromRemote))
            {
                return Refuse();
            }

            if (current)
            {
                int currentResult = _core.CalibrateCurrent(second);
                if (currentResult == ResultCode.BadArgument)
                {
                    return Fail(currentResult, "at least 10 A must flow");
                }

                if (currentResult != ResultCode.Ok)
                {
                    return Fail(currentResult, "current gain not changed");
                }

                Logged(CommandCalibrateCurrent);
                Ok("current gain calibrated and stored");
                return ResultCode.Ok;
            }

            _line.TryInt(1, out first);
            int result = _core.Calibrate(first - 1, second);
            if (result == ResultCode.Refused)
            {
                return Fail(result, "calibration needs service mode (service on)");
            }

            if (result == ResultCode.BadArgument)
            {
                return Fail(result, "cell is 1..cells");
            }

            if (result == ResultCode.OutOfRange)
            {
                return Fail(result, "reading is 2000..4000 mV, a valid scan, points 100 mV apart");
            }

            if (result != ResultCode.Ok)
            {
                return Fail(result, "calibration not stored");
            }

            Logged(CommandCalibrate);
            Ok("cal cell ");
            _reply.AppendInt(first);
            _reply.Append(" point stored");
            return ResultCode.Ok;
        }

        private int Service(bool fromRemote)
        {
            bool on = _line.Is(1, "on");
            if (_line.Count != 2 || (!on && !_line.Is(1, "off")))
            {
                return Usage("service on|off");
            }

            if (IsRefused(fromRemote))
            {
                return Refuse();
            }

            int result = on ? _core.EnterService() : _core.ExitService();
            if (result != ResultCode.Ok)
            {
                return Fail(result, on ? "service not available before start-up" : "not in service");
            }

            Logged(on ? CommandServiceOn : CommandServiceOff);
            Ok(on ? "service: FETs open, bleeders off" : "leaving service through a self-test");
            return ResultCode.Ok;
        }

        private int Balance(bool fromRemote)
        {
            if (_line.Count == 1)
            {
                // why the bleeders are held off (Balancing.BalancingInhibit bits), 0 when balancing may run
                int inhibit = _core.Status.BalancingInhibitMask;
                Ok("balance mode ");
                _reply.AppendInt(_core.Config.Get(BalancingKeys.Mode));
                _reply.Append(" inhibit ");
                _reply.AppendInt(inhibit);
                if ((inhibit & Balancing.BalancingInhibit.Uncalibrated) != 0)
                {
                    _reply.Append(" uncalibrated: cal each cell twice in service, or bal.uncal 1");
                }

                return ResultCode.Ok;
            }

            bool on = _line.Is(1, "on");
            if (_line.Count != 2 || (!on && !_line.Is(1, "off")))
            {
                return Usage("balance [on|off]");
            }

            if (IsRefused(fromRemote))
            {
                return Refuse();
            }

            // the balancing stage follows its strategy setting: 0 is off, on restores the default strategy
            int mode = _core.Config.Get(BalancingKeys.Mode);
            if (on == (mode != 0))
            {
                Ok(null);
                AppendKey(BalancingKeys.Mode);
                return ResultCode.Ok;
            }

            return SetKey(BalancingKeys.Mode, on ? ConfigSchema.Default(BalancingKeys.Mode) : 0);
        }

        private int Remote(bool fromRemote)
        {
            bool on = _line.Is(1, "on");
            if (_line.Count != 2 || (!on && !_line.Is(1, "off")))
            {
                return Usage("remote on|off");
            }

            if (fromRemote)
            {
                return Fail(ResultCode.Refused, "remote on|off only from the local console");
            }

            return SetKey(ConsoleKeys.RemoteControl, on ? 1 : 0);
        }

        private int Mode(bool fromRemote)
        {
            int mode = -1;
            if (_line.Count == 2)
            {
                mode = _line.Is(1, "text") ? ConsoleKeys.ModeText
                    : _line.Is(1, "line") ? ConsoleKeys.ModeLine
                    : _line.Is(1, "quiet") ? ConsoleKeys.ModeQuiet : -1;
            }

            if (mode < 0)
            {
                return Usage("mode text|line|quiet");
            }

            if (IsRefused(fromRemote))
            {
                return Refuse();
            }

            return SetKey(ConsoleKeys.SerialMode, mode);
        }

        private int Reboot(bool fromRemote)
        {
            if (IsRefused(fromRemote))
            {
                return Refuse();
            }

            Logged(CommandReboot);
            _rebootCountdown = 2;
            Ok("rebooting");
            return ResultCode.Ok;
        }

        private int SetKey(int key, int value)
        {
            int result = _core.Config.TrySet(key, value);
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

            _core.Events.Append(_core.Status.TimeMs, EventKind.ConfigChanged, key, value);
            Ok(null);
            AppendKey(key);
            return ResultCode.Ok;
        }

        private void Logged(int commandId)
        {
            _core.Events.Append(_core.Status.TimeMs, EventKind.Command, ResultCode.Ok, commandId);
        }

        private bool IsRefused(bool fromRemote)
        {
            return fromRemote && !RemoteControlEnabled;
        }

        private int Refuse()
        {
            return Fail(ResultCode.Refused, "remote control is off (remote on at the local console)");
        }

        private int Usage(string usage)
        {
            return Fail(ResultCode.BadArgument, usage);
        }

        private int Fail(int code, string detail)
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

        private void Ok(string text)
        {
            _reply.Clear();
            _reply.Append("0 ");
            _reply.Append(text);
        }

        private void Line(string text)
        {
            _reply.NewLine();
            _reply.Append(text);
        }

        private void AppendNamed(string label, int mask, bool sensor)
        {
            if (mask == 0)
            {
                return;
            }

            _reply.Append(label);
            AppendNames(mask, sensor);
        }

        private void AppendNames(int mask, bool sensor)
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

        private void AppendLogLine(EventLog events, long sequence)
        {
            _reply.NewLine();
            _reply.Append("  #");
            _reply.AppendInt(sequence);
            _reply.Append(' ');
            _reply.AppendUptime(events.TimeMs(sequence));
            _reply.Append(' ');
            StatusText.AppendEventBody(_reply, events.Kind(sequence), events.Code(sequence), events.Value(sequence));
        }

        private void AppendKey(int key)
        {
            StatusText.AppendKeyName(_reply, key);
            _reply.Append(' ');
            _reply.AppendInt(_core.Config.Get(key));
            _reply.Append(' ');
            _reply.Append(ConfigSchema.Unit(key));
            _reply.Append(" (");
            _reply.AppendInt(ConfigSchema.Min(key));
            _reply.Append("..");
            _reply.AppendInt(ConfigSchema.Max(key));
            _reply.Append(')');
        }

        private void AppendTextKey(int textKey)
        {
            _reply.Append(ConfigSchema.TextName(textKey));
            _reply.Append(" \"");
            _reply.Append(ConfigSchema.TextSecret(textKey) ? "****" : _core.Config.GetText(textKey));
            _reply.Append('"');
        }

        private int FindKey(int word)
        {
            for (int i = 0; i < ConfigSchema.MaxKeys; i++)
            {
                if (ConfigSchema.IsDefined(i) && _line.IsKeyName(word, i))
                {
                    return i;
                }
            }

            return -1;
        }

        private int FindTextKey(int word)
        {
            for (int i = 0; i < ConfigSchema.MaxTextKeys; i++)
            {
                if (ConfigSchema.IsTextDefined(i) && _line.Is(word, ConfigSchema.TextName(i)))
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
