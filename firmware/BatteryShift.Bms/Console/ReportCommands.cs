using BatteryShift.Bms.Config;
using BatteryShift.Bms.Events;
using BatteryShift.Bms.Persistence;
using BatteryShift.Bms.Protection;

namespace BatteryShift.Bms.Console
{
    /// <summary>
    /// The commands that only report: help, status, cells, temps, faults and log.
    /// </summary>
    internal sealed class ReportCommands : CommandGroup
    {
        private const int LogDefault = 5;
        private const int LogMost = 12;

        /// <summary>Makes the group over the processor's shared line and reply.</summary>
        /// <param name="core">The core.</param>
        /// <param name="line">The parsed command line.</param>
        /// <param name="reply">The reply buffer.</param>
        internal ReportCommands(BmsCore core, CommandLine line, TextBuffer reply)
            : base(core, line, reply)
        {
        }

        internal int Help()
        {
            Ok("commands (words in <> are values):");
            Line("  status | cells | temps | faults | log [n] | help");
            Line("  config get <name> | config set <name> <value> | config save | config list [from]");
            Line("  ocv | ocv use <curve> | ocv pt <soc%> <mV> [mV] [mV] | ocv points | ocv commit <check>");
            Line("  clear | balance on|off | reboot | service on|off");
            Line("  cal <cell> <multimeter mV> (in service, two points) | cal current <clamp mA>");
            Line("  mode text|line|quiet | remote on|off (local console only)");
            return ResultCode.Ok;
        }

        internal int StatusCommand()
        {
            Ok(null);
            StatusText.AppendSummary(_reply, Core.Status);
            if (Core.Status.FallbackMask != 0)
            {
                Line("fallback:");
                StoreFallback.AppendNames(_reply, Core.Status.FallbackMask);
            }

            return ResultCode.Ok;
        }

        internal int Cells()
        {
            ModuleStatus status = Core.Status;
            Ok("cells mV");
            if (!status.MeasurementValid)
            {
                _reply.Append(" (no valid scan)");
            }

            StatusText.AppendCells(_reply, status);
            return ResultCode.Ok;
        }

        internal int Temperatures()
        {
            ModuleStatus status = Core.Status;
            Ok("temps C");
            if (!status.MeasurementValid)
            {
                _reply.Append(" (no valid scan)");
            }

            StatusText.AppendTemperatures(_reply, status);
            return ResultCode.Ok;
        }

        internal int Faults()
        {
            ModuleStatus status = Core.Status;
            Ok("faults ");
            StatusText.AppendAlarmsShort(_reply, status);
            AppendNamed(" latched", status.FaultMask, false);
            AppendNamed(" alarm", status.AlarmMask, false);
            AppendNamed(" warning", status.WarningMask, false);
            AppendNamed(" sensor", status.SensorFaultMask, true);

            // the latest entries of the fault log kept in flash over resets
            FaultLog log = Core.FaultLog;
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

        internal int Log()
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

            EventLog events = Core.Events;
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
    }
}
