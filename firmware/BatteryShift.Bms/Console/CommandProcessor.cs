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

        /// <summary>Command id of remote control switching itself off when its time ran out (console.remote.min).</summary>
        public const int CommandRemoteExpired = 8;

        private static readonly string[] s_commandNames = new string[]
        {
            "none", "clear", "cal", "save", "reboot", "service on", "service off", "cal current", "remote off (expired)",
        };

        private readonly IResetControl _reset;
        private readonly CommandLine _line = new CommandLine(MaxLineLength);
        private readonly TextBuffer _reply = new TextBuffer(ReplyCapacity);
        private readonly ReportCommands _reports;
        private readonly ConfigCommands _config;
        private readonly ControlCommands _control;

        /// <summary>
        /// Makes the processor (once, at start-up).
        /// </summary>
        /// <param name="core">The core whose status, configuration and services the commands use.</param>
        /// <param name="reset">Controller restart, for the reboot command.</param>
        public CommandProcessor(BmsCore core, IResetControl reset)
        {
            _reset = reset;
            _reports = new ReportCommands(core, _line, _reply);
            _config = new ConfigCommands(core, _line, _reply);
            _control = new ControlCommands(core, _line, _reply);
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
            get { return _control.RemoteControlEnabled; }
        }

        /// <summary>True after an accepted reboot command, until the restart.</summary>
        public bool RebootPending
        {
            get { return _control.RebootCountdown > 0; }
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
                return _control.Fail(ResultCode.TooLong, "line longer than 96 characters");
            }

            if (result != ResultCode.Ok)
            {
                return _control.Fail(result, "not a command line");
            }

            if (_line.Count == 0)
            {
                return _control.Fail(ResultCode.BadArgument, "empty line");
            }

            return Dispatch(fromRemote);
        }

        /// <summary>
        /// Switches remote control off once it has been on for console.remote.min minutes (counted from the
        /// <c>remote on</c>, or from the first pass after a start-up that loaded it on), with an event. Called by
        /// <see cref="BmsCore.Communicate"/> under the core's lock.
        /// </summary>
        /// <param name="nowMs">Uptime, ms.</param>
        public void ExpireRemote(long nowMs)
        {
            _control.ExpireRemote(nowMs);
        }

        /// <summary>
        /// Restarts the controller when a reboot was accepted and its reply has had one communication
        /// pass to go out. Called at the end of <see cref="BmsCore.Communicate"/>.
        /// </summary>
        public void ServiceReboot()
        {
            if (_control.RebootCountdown == 0)
            {
                return;
            }

            _control.RebootCountdown--;
            if (_control.RebootCountdown == 0)
            {
                _reset.Reboot();
            }
        }

        private int Dispatch(bool fromRemote)
        {
            CommandLine c = _line;
            bool alone = c.Count == 1;
            if (c.Is(0, "help") || c.Is(0, "?"))
            {
                return alone ? _reports.Help() : _control.Usage("help");
            }

            if (c.Is(0, "status"))
            {
                return alone ? _reports.StatusCommand() : _control.Usage("status");
            }

            if (c.Is(0, "cells"))
            {
                return alone ? _reports.Cells() : _control.Usage("cells");
            }

            if (c.Is(0, "temps"))
            {
                return alone ? _reports.Temperatures() : _control.Usage("temps");
            }

            if (c.Is(0, "faults"))
            {
                return alone ? _reports.Faults() : _control.Usage("faults");
            }

            if (c.Is(0, "log"))
            {
                return _reports.Log();
            }

            if (c.Is(0, "config"))
            {
                return _config.ConfigCommand(fromRemote);
            }

            if (c.Is(0, "ocv"))
            {
                return _config.OcvCommand(fromRemote);
            }

            return DispatchControl(fromRemote);
        }

        private int DispatchControl(bool fromRemote)
        {
            CommandLine c = _line;
            bool alone = c.Count == 1;
            if (c.Is(0, "clear"))
            {
                return alone ? _control.Clear(fromRemote) : _control.Usage("clear");
            }

            if (c.Is(0, "cal"))
            {
                return _control.Calibrate(fromRemote);
            }

            if (c.Is(0, "balance"))
            {
                return _control.Balance(fromRemote);
            }

            if (c.Is(0, "remote"))
            {
                return _control.Remote(fromRemote);
            }

            if (c.Is(0, "service"))
            {
                return _control.Service(fromRemote);
            }

            if (c.Is(0, "mode"))
            {
                return _control.Mode(fromRemote);
            }

            if (c.Is(0, "reboot"))
            {
                return alone ? _control.Reboot(fromRemote) : _control.Usage("reboot");
            }

            return UnknownCommand();
        }

        private int UnknownCommand()
        {
            _reply.AppendInt(ResultCode.UnknownCommand);
            _reply.Append(' ');
            _reply.Append(ResultCode.Text(ResultCode.UnknownCommand));
            _reply.Append(": ");
            int before = _reply.Length;
            _line.AppendWord(0, _reply);
            if (_reply.Length - before > 24)
            {
                _reply.Truncate(before + 24);
            }

            _reply.Append(" (try help)");
            return ResultCode.UnknownCommand;
        }
    }
}
