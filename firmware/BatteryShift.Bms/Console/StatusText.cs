using BatteryShift.Bms.Board;
using BatteryShift.Bms.Config;
using BatteryShift.Bms.Events;
using BatteryShift.Bms.Measurement;
using BatteryShift.Bms.Persistence;
using BatteryShift.Bms.Protection;
using BatteryShift.Bms.Util;

namespace BatteryShift.Bms.Console
{
    /// <summary>
    /// Formats the module status and events for the serial monitor: the human-readable status block
    /// and event lines, the machine-readable records of line mode (docs/serial.md) and the one-line
    /// summaries of the console commands. Everything is written into a <see cref="TextBuffer"/>; no line
    /// is longer than <see cref="MaxLineLength"/> characters.
    /// </summary>
    public static class StatusText
    {
        /// <summary>Longest line written, characters (without CR LF).</summary>
        public const int MaxLineLength = 120;

        /// <summary>
        /// Appends the one-line summary used by the status command (no line end).
        /// </summary>
        /// <param name="text">Destination.</param>
        /// <param name="status">Module status.</param>
        public static void AppendSummary(TextBuffer text, ModuleStatus status)
        {
            text.Append(ModuleStateNames.Of(status.State));
            text.Append(" SOC ");
            text.AppendFloat(status.SocPct, 1);
            text.Append("+-");
            text.AppendFloat(status.SocUncertaintyPct, 1);
            text.Append("% ");
            text.AppendFixed(status.ModuleVoltageMv, 3);
            text.Append(" V ");
            AppendSignedFixed(text, status.PackCurrentMa / 10, 2);
            text.Append(" A");
            if (!status.MeasurementValid)
            {
                text.Append(" no valid scan");
            }
            else
            {
                text.Append(" min ");
                text.AppendFixed(status.MinCellMv, 3);
                text.Append('#');
                text.AppendInt(status.MinCellIndex + 1);
                text.Append(" max ");
                text.AppendFixed(status.MaxCellMv, 3);
                text.Append('#');
                text.AppendInt(status.MaxCellIndex + 1);
                text.Append(" d ");
                text.AppendInt(status.MaxCellMv - status.MinCellMv);
                text.Append("mV T ");
                text.AppendFixed(status.MinTemperatureDeciC, 1);
                text.Append("..");
                text.AppendFixed(status.MaxTemperatureDeciC, 1);
                text.Append('C');
            }

            text.Append(' ');
            AppendAlarmsShort(text, status);
            AppendTickHealth(text, status);
        }

        /// <summary>
        /// Appends the human-readable status block (four lines, each ended by CR LF, at most 80 columns
        /// in normal operation).
        /// </summary>
        /// <param name="text">Destination.</param>
        /// <param name="status">Module status.</param>
        /// <param name="droppedLines">Serial lines dropped so far because the output buffer was full.</param>
        public static void AppendBlock(TextBuffer text, ModuleStatus status, long droppedLines)
        {
            text.Append("-- ");
            text.AppendUptime(status.TimeMs);
            text.Append(' ');
            text.Append(ModuleStateNames.Of(status.State));
            text.Append("  SOC ");
            text.AppendFloat(status.SocPct, 1);
            text.Append(" % +-");
            text.AppendFloat(status.SocUncertaintyPct, 1);
            text.Append("  ");
            text.AppendFixed(status.ModuleVoltageMv, 3);
            text.Append(" V  ");
            AppendSignedFixed(text, status.PackCurrentMa / 10, 2);
            text.Append(" A  FET ");
            text.Append(status.ChargeFetOn ? "chg" : "---");
            text.Append(status.DischargeFetOn ? "+dsg" : "+---");
            text.NewLine();

            if (!status.MeasurementValid)
            {
                text.Append("   no valid measurement yet");
                text.NewLine();
            }
            else
            {
                text.Append("   cell min ");
                text.AppendFixed(status.MinCellMv, 3);
                text.Append(" V #");
                text.AppendInt(status.MinCellIndex + 1);
                text.Append("  max ");
                text.AppendFixed(status.MaxCellMv, 3);
                text.Append(" V #");
                text.AppendInt(status.MaxCellIndex + 1);
                text.Append("  delta ");
                text.AppendInt(status.MaxCellMv - status.MinCellMv);
                text.Append(" mV");
                text.NewLine();

                text.Append("   temp ");
                text.AppendFixed(status.MinTemperatureDeciC, 1);
                text.Append("..");
                text.AppendFixed(status.MaxTemperatureDeciC, 1);
                text.Append(" C  shunt ");
                text.AppendFixed(status.TemperatureDeciC[Bmu16.AuxNtcShunt], 1);
                text.Append(" C  board ");
                text.AppendFixed(status.TemperatureDeciC[Bmu16.AuxNtcBoard], 1);
                text.Append(" C  SOH ");
                text.AppendFloat(status.SohPct, 1);
                text.Append(" %");
                text.NewLine();
            }

            text.Append("   bleed");
            if (status.BleedMask == 0)
            {
                text.Append(" none");
            }
            else
            {
                for (int i = 0; i < Bmu16.MaxCells; i++)
                {
                    if ((status.BleedMask & (1 << i)) != 0)
                    {
                        text.Append(' ');
                        text.AppendInt(i + 1);
                    }
                }
            }

            text.Append("  alarms ");
            AppendAlarmsShort(text, status);
            if (droppedLines > 0)
            {
                text.Append("  lost ");
                text.AppendInt(droppedLines);
            }

            AppendTickHealth(text, status);
            text.NewLine();
        }

        // Printed only when there is something to say: late or failed control ticks, a watchdog reset.
        private static void AppendTickHealth(TextBuffer text, ModuleStatus status)
        {
            if (status.LateTickCount > 0 || status.FailedTickCount > 0)
            {
                text.Append("  ticks late ");
                text.AppendInt(status.LateTickCount);
                text.Append(" failed ");
                text.AppendInt(status.FailedTickCount);
            }

            if (status.WatchdogReset)
            {
                text.Append("  reset watchdog");
            }
        }

        /// <summary>
        /// Appends the line-mode record set of one period: $S (state), $L (limits and estimates),
        /// $C (cell voltages), $P (cell SOC), $T (temperatures), each with its checksum and CR LF.
        /// </summary>
        /// <param name="text">Destination.</param>
        /// <param name="status">Module status.</param>
        /// <param name="droppedLines">Serial lines dropped so far because the output buffer was full.</param>
        public static void AppendRecords(TextBuffer text, ModuleStatus status, long droppedLines)
        {
            AppendStateRecord(text, status);
            AppendLimitsRecord(text, status, droppedLines);
            AppendArrayRecords(text, status);
        }

        // $S: time, state, measurement, SOC, module voltage and current, extremes, bleeding, FETs, the masks, then the
        // SOC's uncertainty (last, so a reader of the older 18 fields still finds each where it was)
        private static void AppendStateRecord(TextBuffer text, ModuleStatus status)
        {
            int start = text.Length;
            text.Append("$S,");
            text.AppendInt(status.TimeMs);
            text.Append(',');
            text.Append(ModuleStateNames.Of(status.State));
            text.Append(',');
            text.AppendInt(status.MeasurementValid ? 1 : 0);
            text.Append(',');
            text.AppendInt(FloatMath.Round(status.SocPct * 10f));
            text.Append(',');
            text.AppendInt(status.ModuleVoltageMv);
            text.Append(',');
            text.AppendInt(status.PackCurrentMa);
            text.Append(',');
            text.AppendInt(status.MinCellMv);
            text.Append(',');
            text.AppendInt(status.MinCellIndex + 1);
            text.Append(',');
            text.AppendInt(status.MaxCellMv);
            text.Append(',');
            text.AppendInt(status.MaxCellIndex + 1);
            text.Append(',');
            text.AppendInt(status.MinTemperatureDeciC);
            text.Append(',');
            text.AppendInt(status.MaxTemperatureDeciC);
            text.Append(',');
            text.AppendHex(status.BleedMask, 1);
            text.Append(',');
            text.AppendInt((status.ChargeFetOn ? 1 : 0) + (status.DischargeFetOn ? 2 : 0));
            text.Append(',');
            text.AppendHex(status.WarningMask, 1);
            text.Append(',');
            text.AppendHex(status.AlarmMask, 1);
            text.Append(',');
            text.AppendHex(status.FaultMask, 1);
            text.Append(',');
            text.AppendHex(status.SensorFaultMask, 1);
            text.Append(',');
            text.AppendInt(UncertaintyTenths(status.SocUncertaintyPct));
            EndRecord(text, start);
        }

        // the SOC's uncertainty in 0.1 %, 0..999: unknown (NaN) or past 99.9 % reads 999, "do not trust", and
        // the field never takes more than three digits (the worst $S line stays within MaxLineLength)
        private static int UncertaintyTenths(float uncertaintyPct)
        {
            if (!(uncertaintyPct < 99.9f))
            {
                return 999;
            }

            return uncertaintyPct > 0f ? FloatMath.Round(uncertaintyPct * 10f) : 0;
        }

        // $L: the inverter limits, SOH, charge figures and the lines dropped
        private static void AppendLimitsRecord(TextBuffer text, ModuleStatus status, long droppedLines)
        {
            int start = text.Length;
            text.Append("$L,");
            text.AppendInt(status.TimeMs);
            text.Append(',');
            text.AppendInt(status.ChargeVoltageLimitMv);
            text.Append(',');
            text.AppendInt(status.ChargeCurrentLimitMa);
            text.Append(',');
            text.AppendInt(status.DischargeCurrentLimitMa);
            text.Append(',');
            text.AppendInt(FloatMath.Round(status.SohPct * 10f));
            text.Append(',');
            text.AppendInt(status.RemainingMah);
            text.Append(',');
            text.AppendInt(status.CapacityMah);
            text.Append(',');
            text.AppendInt(status.CycleCount);
            text.Append(',');
            text.AppendInt(status.SumOfCellsMv);
            text.Append(',');
            text.AppendInt(droppedLines);
            EndRecord(text, start);
        }

        // $C cell voltages, $P cell SOC, $T temperatures
        private static void AppendArrayRecords(TextBuffer text, ModuleStatus status)
        {
            int start;
            int cells = CellCount(status);
            start = text.Length;
            text.Append("$C,");
            text.AppendInt(status.TimeMs);
            text.Append(',');
            text.AppendInt(cells);
            for (int i = 0; i < cells; i++)
            {
                text.Append(',');
                text.AppendInt(status.CellVoltageMv[i]);
            }

            EndRecord(text, start);

            start = text.Length;
            text.Append("$P,");
            text.AppendInt(status.TimeMs);
            text.Append(',');
            text.AppendInt(cells);
            for (int i = 0; i < cells; i++)
            {
                text.Append(',');
                text.AppendInt(FloatMath.Round(status.CellSocPct[i] * 10f));
            }

            EndRecord(text, start);

            start = text.Length;
            text.Append("$T,");
            text.AppendInt(status.TimeMs);
            text.Append(',');
            text.AppendInt(Bmu16.TemperatureCount);
            for (int i = 0; i < Bmu16.TemperatureCount; i++)
            {
                text.Append(',');
                text.AppendInt(status.TemperatureDeciC[i]);
            }

            EndRecord(text, start);
        }

        /// <summary>
        /// Appends one event: a human-readable line ("** time kind ...") or an $E record.
        /// </summary>
        /// <param name="text">Destination.</param>
        /// <param name="events">The event log.</param>
        /// <param name="sequence">A held sequence number.</param>
        /// <param name="lineMode">True for the machine-readable record.</param>
        public static void AppendEvent(TextBuffer text, EventLog events, long sequence, bool lineMode)
        {
            int kind = events.Kind(sequence);
            int code = events.Code(sequence);
            int value = events.Value(sequence);
            if (lineMode)
            {
                int start = text.Length;
                text.Append("$E,");
                text.AppendInt(events.TimeMs(sequence));
                text.Append(',');
                text.AppendInt(sequence);
                text.Append(',');
                text.Append(EventKind.Name(kind));
                text.Append(',');
                text.AppendInt(code);
                text.Append(',');
                text.AppendInt(value);
                EndRecord(text, start);
                return;
            }

            text.Append("** ");
            text.AppendUptime(events.TimeMs(sequence));
            text.Append(' ');
            AppendEventBody(text, kind, code, value);
            text.NewLine();
        }

        /// <summary>
        /// Appends the name of an integer setting, part by part (<see cref="ConfigSchema.NamePart"/>).
        /// </summary>
        /// <param name="text">Destination.</param>
        /// <param name="key">A defined integer key.</param>
        public static void AppendKeyName(TextBuffer text, int key)
        {
            for (int part = 0; part < ConfigSchema.NameParts; part++)
            {
                string name = ConfigSchema.NamePart(key, part);
                if (name == null)
                {
                    return;
                }

                text.Append(name);
            }
        }

        /// <summary>
        /// Appends the words of one event after its time (no line end): "state charging from standby",
        /// "config serial.period 5000", "fault 3 value 3650".
        /// </summary>
        /// <param name="text">Destination.</param>
        /// <param name="kind">An <see cref="EventKind"/>.</param>
        /// <param name="code">Its code.</param>
        /// <param name="value">Its value.</param>
        public static void AppendEventBody(TextBuffer text, int kind, int code, int value)
        {
            text.Append(EventKind.Name(kind));
            text.Append(' ');
            if (kind == EventKind.Boot)
            {
                text.Append("count ");
                text.AppendInt(value);
                if (code == EventKind.BootAfterWatchdog)
                {
                    text.Append(" watchdog");
                }
            }
            else if (kind == EventKind.StateChanged)
            {
                text.Append(ModuleStateNames.Of((ModuleState)code));
                text.Append(" from ");
                text.Append(ModuleStateNames.Of((ModuleState)value));
            }
            else if (kind == EventKind.ConfigChanged && ConfigSchema.IsDefined(code))
            {
                AppendKeyName(text, code);
                text.Append(' ');
                text.AppendInt(value);
            }
            else if (kind == EventKind.Command)
            {
                text.Append(CommandProcessor.CommandName(value));
                text.Append(' ');
                text.Append(ResultCode.Text(code));
            }
            else if (kind >= EventKind.WarningRaised && kind <= EventKind.FaultCleared)
            {
                text.Append(DiagnosisTable.LimitName(code));
                text.Append(' ');
                text.AppendInt(value);
            }
            else if (kind == EventKind.SensorFault || kind == EventKind.SensorFaultCleared)
            {
                text.Append(DiagnosisTable.SensorName(code));
                text.Append(" channel ");
                text.AppendInt(value);
            }
            else if (kind == EventKind.StoreRejected)
            {
                StoreFallback.AppendEvent(text, code, value);
            }
            else if (kind == EventKind.LinkClash)
            {
                text.Append("client id taken over by another client, clash ");
                text.AppendInt(code);
                text.Append(", off the broker for ");
                text.AppendInt(value);
                text.Append(" s");
            }
            else
            {
                text.AppendInt(code);
                text.Append(" value ");
                text.AppendInt(value);
            }
        }

        /// <summary>
        /// Appends the cell voltages in mV, a '*' after a bleeding cell (no line end).
        /// </summary>
        /// <param name="text">Destination.</param>
        /// <param name="status">Module status.</param>
        public static void AppendCells(TextBuffer text, ModuleStatus status)
        {
            int cells = CellCount(status);
            for (int i = 0; i < cells; i++)
            {
                text.Append(' ');
                text.AppendInt(status.CellVoltageMv[i]);
                if ((status.BleedMask & (1 << i)) != 0)
                {
                    text.Append('*');
                }
            }
        }

        /// <summary>
        /// Appends the temperatures in C: eight cell groups, shunt, board (no line end).
        /// </summary>
        /// <param name="text">Destination.</param>
        /// <param name="status">Module status.</param>
        public static void AppendTemperatures(TextBuffer text, ModuleStatus status)
        {
            for (int i = 0; i < Bmu16.CellNtcCount; i++)
            {
                text.Append(' ');
                text.AppendFixed(status.TemperatureDeciC[i], 1);
            }

            text.Append(" shunt ");
            text.AppendFixed(status.TemperatureDeciC[Bmu16.AuxNtcShunt], 1);
            text.Append(" board ");
            text.AppendFixed(status.TemperatureDeciC[Bmu16.AuxNtcBoard], 1);
        }

        /// <summary>
        /// Appends "ok" or the active masks in hexadecimal (F fault, A alarm, W warning, S sensor).
        /// </summary>
        /// <param name="text">Destination.</param>
        /// <param name="status">Module status.</param>
        public static void AppendAlarmsShort(TextBuffer text, ModuleStatus status)
        {
            if ((status.FaultMask | status.AlarmMask | status.WarningMask | status.SensorFaultMask) == 0)
            {
                text.Append("ok");
                return;
            }

            text.Append('F');
            text.AppendHex(status.FaultMask, 4);
            text.Append(" A");
            text.AppendHex(status.AlarmMask, 4);
            text.Append(" W");
            text.AppendHex(status.WarningMask, 4);
            text.Append(" S");
            text.AppendHex(status.SensorFaultMask, 4);
        }

        private static void AppendSignedFixed(TextBuffer text, long scaled, int decimals)
        {
            if (scaled > 0)
            {
                text.Append('+');
            }

            text.AppendFixed(scaled, decimals);
        }

        private static void EndRecord(TextBuffer text, int start)
        {
            byte[] bytes = text.Bytes;
            int end = text.Length;
            int sum = 0;
            for (int i = start + 1; i < end; i++)
            {
                sum ^= bytes[i];
            }

            text.Append('*');
            text.AppendHex(sum, 2);
            text.NewLine();
        }

        private static int CellCount(ModuleStatus status)
        {
            int cells = status.CellCount;
            return cells < 0 ? 0 : (cells > Bmu16.MaxCells ? Bmu16.MaxCells : cells);
        }
    }
}
