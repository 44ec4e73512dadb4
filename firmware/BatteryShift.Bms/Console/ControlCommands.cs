using BatteryShift.Bms.Config;
using BatteryShift.Bms.Events;
using BatteryShift.Bms.Measurement;
using BatteryShift.Bms.Persistence;
using BatteryShift.Bms.Protection;

namespace BatteryShift.Bms.Console
{
    /// <summary>
    /// The commands that change what the module does: clear, cal, service, balance, remote, mode and reboot.
    /// </summary>
    internal sealed class ControlCommands : CommandGroup
    {
        /// <summary>Passes of communication until an accepted reboot restarts the controller, 0 when none is pending.</summary>
        internal int RebootCountdown { get; set; }

        // uptime remote control was switched on (or found on), ms; -1 while it is off
        private long _remoteSinceMs = -1;

        /// <summary>Makes the group over the processor's shared line and reply.</summary>
        /// <param name="core">The core.</param>
        /// <param name="line">The parsed command line.</param>
        /// <param name="reply">The reply buffer.</param>
        internal ControlCommands(BmsCore core, CommandLine line, TextBuffer reply)
            : base(core, line, reply)
        {
        }

        internal int Clear(bool fromRemote)
        {
            if (IsRefused(fromRemote))
            {
                return Refuse();
            }

            int result = Core.ClearFaults(!fromRemote);
            if (result == ResultCode.Ok)
            {
                Logged(CommandProcessor.CommandClear);
                Ok("faults cleared");
                return ResultCode.Ok;
            }

            Fail(result, "still latched:");
            AppendNames(Core.Status.FaultMask, false);
            return result;
        }

        internal int Calibrate(bool fromRemote)
        {
            int first;
            int second;
            bool current = _line.Is(1, "current");
            if (_line.Count != 3 || (!current && !_line.TryInt(1, out first)) || !_line.TryInt(2, out second))
            {
                return Usage("cal <cell> <multimeter mV> | cal current <clamp mA>");
            }

            // calibration takes a meter at the module: it is local only (docs/serial.md, "Calibration")
            if (fromRemote)
            {
                return Fail(ResultCode.Refused, "calibration only at the local serial console, with a meter at the module");
            }

            if (current)
            {
                int currentResult = Core.CalibrateCurrent(second);
                if (currentResult == ResultCode.BadArgument)
                {
                    return Fail(currentResult, "at least 10 A must flow");
                }

                if (currentResult == ResultCode.OutOfRange)
                {
                    return Fail(currentResult, "current gain more than 2 % from 1 (the sensor's tolerances): not changed");
                }

                if (currentResult != ResultCode.Ok)
                {
                    return Fail(currentResult, "current gain not changed");
                }

                Logged(CommandProcessor.CommandCalibrateCurrent);
                Ok("current gain calibrated and stored");
                return ResultCode.Ok;
            }

            _line.TryInt(1, out first);
            int result = Core.Calibrate(first - 1, second);
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
                return Core.CalibrationGuard.LastReason == CalibrationGuard.ReasonNone
                    ? Fail(result, "reading is 2000..4000 mV, a valid scan, points 100 mV apart")
                    : GuardRefusal(Core.CalibrationGuard);
            }

            if (result != ResultCode.Ok)
            {
                return Fail(result, "calibration not stored");
            }

            Logged(CommandProcessor.CommandCalibrate);
            Ok("cal cell ");
            _reply.AppendInt(first);
            _reply.Append(Core.Calibration.IsTwoPoint(first - 1) && Core.Calibration.HasFirstPoint(first - 1)
                ? " point held: a calibrated channel changes only with a second point 100 mV away" : " point stored");
            return ResultCode.Ok;
        }

        private int GuardRefusal(CalibrationGuard guard)
        {
            int reason = guard.LastReason;
            Fail(ResultCode.OutOfRange, reason == CalibrationGuard.ReasonBand ? "calibrated reading would be " : "calibrated channel: trip point ");
            if (reason == CalibrationGuard.ReasonBand)
            {
                _reply.AppendFloat(guard.LastShiftMv, 1);
                _reply.Append(" mV off the raw one at ");
                _reply.AppendInt(guard.LastLevelMv);
                _reply.Append(" mV (at most ");
                _reply.AppendInt(CalibrationGuard.BandMv);
                _reply.Append(": the board's tolerances)");
                return ResultCode.OutOfRange;
            }

            _reply.AppendInt(guard.LastLevelMv);
            _reply.Append(" mV would move to the unsafe side by ");
            _reply.AppendFloat(guard.LastShiftMv < 0 ? -guard.LastShiftMv : guard.LastShiftMv, 1);
            _reply.Append(" mV; nothing changed");
            return ResultCode.OutOfRange;
        }

        internal int Service(bool fromRemote)
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

            int result = on ? Core.EnterService() : Core.ExitService();
            if (result != ResultCode.Ok)
            {
                return Fail(result, on ? "service not available before start-up" : "not in service");
            }

            Logged(on ? CommandProcessor.CommandServiceOn : CommandProcessor.CommandServiceOff);
            Ok(on ? "service: FETs open, bleeders off" : "leaving service through a self-test");
            return ResultCode.Ok;
        }

        internal int Balance(bool fromRemote)
        {
            if (_line.Count == 1)
            {
                // why the bleeders are held off (Balancing.BalancingInhibit bits), 0 when balancing may run
                int inhibit = Core.Status.BalancingInhibitMask;
                Ok("balance mode ");
                _reply.AppendInt(Core.Config.Get(BalancingKeys.Mode));
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
            int mode = Core.Config.Get(BalancingKeys.Mode);
            if (on == (mode != 0))
            {
                Ok(null);
                AppendKey(BalancingKeys.Mode);
                return ResultCode.Ok;
            }

            return SetKey(BalancingKeys.Mode, on ? ConfigSchema.Default(BalancingKeys.Mode) : 0);
        }

        internal int Remote(bool fromRemote)
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

            // each remote on starts a new period; the clock of the last tick is the command's time
            _remoteSinceMs = on ? Core.Status.TimeMs : -1;
            int result = SetKey(ConsoleKeys.RemoteControl, on ? 1 : 0);
            if (result == ResultCode.Ok && on)
            {
                _reply.Append(", off in ");
                _reply.AppendInt(Core.Config.Get(ConsoleKeys.RemoteMinutes));
                _reply.Append(" min");
            }

            return result;
        }

        internal void ExpireRemote(long nowMs)
        {
            if (!RemoteControlEnabled)
            {
                _remoteSinceMs = -1;
                return;
            }

            if (_remoteSinceMs < 0)
            {
                // switched on by config set or loaded on at start-up: its period starts now
                _remoteSinceMs = nowMs;
                return;
            }

            if (nowMs - _remoteSinceMs < (long)Core.Config.Get(ConsoleKeys.RemoteMinutes) * 60000L)
            {
                return;
            }

            _remoteSinceMs = -1;
            Core.Config.TrySet(ConsoleKeys.RemoteControl, 0);
            Core.Events.Append(nowMs, EventKind.ConfigChanged, ConsoleKeys.RemoteControl, 0);
            Core.Events.Append(nowMs, EventKind.Command, ResultCode.Ok, CommandProcessor.CommandRemoteExpired);
        }

        internal int Mode(bool fromRemote)
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

        internal int Reboot(bool fromRemote)
        {
            if (IsRefused(fromRemote))
            {
                return Refuse();
            }

            Logged(CommandProcessor.CommandReboot);
            RebootCountdown = 2;
            Ok("rebooting");
            return ResultCode.Ok;
        }
    }
}
