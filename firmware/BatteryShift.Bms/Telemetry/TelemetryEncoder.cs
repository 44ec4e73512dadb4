using BatteryShift.Bms.Board;
using BatteryShift.Bms.Events;

namespace BatteryShift.Bms.Telemetry
{
    /// <summary>
    /// Writes the MQTT payloads (docs/mqtt.md, pinned by docs/mqtt/*.schema.json) into a
    /// <see cref="JsonWriter"/>. Values are taken from the integer fields of <see cref="ModuleStatus"/>
    /// and written as fixed-point numbers in SI units (mV as V with 3 decimals, 0.1 C as C with 1
    /// decimal), so no value is formatted through a string.
    /// </summary>
    public static class TelemetryEncoder
    {
        /// <summary>
        /// Writes the periodic state message.
        /// </summary>
        /// <param name="w">Writer (reset here).</param>
        /// <param name="s">Module status.</param>
        /// <param name="sequence">Number of this state message since start-up.</param>
        /// <param name="link">Link counters to report.</param>
        public static void WriteState(JsonWriter w, ModuleStatus s, long sequence, LinkCounters link)
        {
            w.Reset();
            w.BeginObject();
            w.Integer("seq", sequence);
            w.Integer("uptime_ms", s.TimeMs);
            w.Text("state", ModuleStateNames.Of(s.State));
            w.Boolean("valid", s.MeasurementValid);
            w.Fixed("voltage_v", s.ModuleVoltageMv, 3);
            w.Fixed("cells_sum_v", s.SumOfCellsMv, 3);
            w.Fixed("current_a", s.PackCurrentMa, 3);

            // mV * mA = uW; 0.1 W is 100000 uW
            long powerMicroW = (long)s.ModuleVoltageMv * s.PackCurrentMa;
            w.Fixed("power_w", RoundDiv(powerMicroW, 100000L), 1);
            w.Float("soc_pct", s.SocPct, 1);
            w.Float("soh_pct", s.SohPct, 1);
            w.Fixed("cvl_v", s.ChargeVoltageLimitMv, 3);
            w.Fixed("ccl_a", s.ChargeCurrentLimitMa, 3);
            w.Fixed("dcl_a", s.DischargeCurrentLimitMa, 3);
            w.Fixed("cell_min_v", s.MinCellMv, 3);
            w.Fixed("cell_max_v", s.MaxCellMv, 3);
            w.Fixed("cell_delta_v", s.MaxCellMv - s.MinCellMv, 3);
            w.Integer("cell_min_no", s.MinCellIndex + 1);
            w.Integer("cell_max_no", s.MaxCellIndex + 1);
            w.Fixed("temp_min_c", s.MinTemperatureDeciC, 1);
            w.Fixed("temp_max_c", s.MaxTemperatureDeciC, 1);
            w.Fixed("temp_shunt_c", s.TemperatureDeciC[Bmu16.AuxNtcShunt], 1);
            w.Fixed("temp_board_c", s.TemperatureDeciC[Bmu16.AuxNtcBoard], 1);
            w.Boolean("charge_fet", s.ChargeFetOn);
            w.Boolean("discharge_fet", s.DischargeFetOn);
            WriteBits(w, "warnings", s.WarningMask);
            WriteBits(w, "alarms", s.AlarmMask);
            WriteBits(w, "faults", s.FaultMask);
            WriteBits(w, "sensor_faults", s.SensorFaultMask);
            w.Integer("warning_mask", s.WarningMask);
            w.Integer("alarm_mask", s.AlarmMask);
            w.Integer("fault_mask", s.FaultMask);
            w.Integer("sensor_fault_mask", s.SensorFaultMask);
            w.Boolean("balancing", s.BalancingEnabled);
            w.Integer("bleed_mask", s.BleedMask);
            w.Fixed("remaining_ah", s.RemainingMah, 3);
            w.Fixed("capacity_ah", s.CapacityMah, 3);
            w.Integer("cycles", s.CycleCount);

            // mAs / 3600 = mAh, written as Ah with 3 decimals
            w.Fixed("charge_in_ah", s.ChargeInMas / 3600L, 3);
            w.Fixed("charge_out_ah", s.ChargeOutMas / 3600L, 3);
            w.Fixed("energy_in_kwh", s.EnergyInWh, 3);
            w.Fixed("energy_out_kwh", s.EnergyOutWh, 3);
            w.BeginObject("counters");
            w.Integer("ticks", s.TickCount);
            w.Integer("connects", link.Connects);
            w.Integer("sent", link.Sent);
            w.Integer("queued", link.Queued);
            w.Integer("dropped", link.Dropped);
            w.Integer("events_missed", link.EventsMissed);
            w.Integer("commands", link.Commands);
            w.EndObject();
            w.EndObject();
        }

        /// <summary>
        /// Writes the per-cell message.
        /// </summary>
        /// <param name="w">Writer (reset here).</param>
        /// <param name="s">Module status.</param>
        /// <param name="sequence">Number of this cells message since start-up.</param>
        public static void WriteCells(JsonWriter w, ModuleStatus s, long sequence)
        {
            int count = s.CellCount;
            if (count < 1 || count > Bmu16.MaxCells)
            {
                count = Bmu16.MaxCells;
            }

            w.Reset();
            w.BeginObject();
            w.Integer("seq", sequence);
            w.Integer("uptime_ms", s.TimeMs);
            w.Integer("count", count);
            w.BeginArray("voltage_v");
            for (int i = 0; i < count; i++)
            {
                w.FixedItem(s.CellVoltageMv[i], 3);
            }

            w.EndArray();
            w.BeginArray("soc_pct");
            for (int i = 0; i < count; i++)
            {
                w.FloatItem(s.CellSocPct[i], 1);
            }

            w.EndArray();
            w.BeginArray("temp_group");
            for (int i = 0; i < count; i++)
            {
                w.IntegerItem(TemperatureGroup(i, count));
            }

            w.EndArray();
            w.BeginArray("temp_c");
            for (int i = 0; i < count; i++)
            {
                w.FixedItem(s.TemperatureDeciC[TemperatureGroup(i, count)], 1);
            }

            w.EndArray();
            w.BeginArray("bleeding");
            for (int i = 0; i < count; i++)
            {
                w.BooleanItem((s.BleedMask & (1 << i)) != 0);
            }

            w.EndArray();
            w.BeginArray("bled_ah");
            for (int i = 0; i < count; i++)
            {
                w.FixedItem(s.CellBledMas[i] / 3600L, 3);
            }

            w.EndArray();
            w.EndObject();
        }

        /// <summary>
        /// Writes one event of the event log.
        /// </summary>
        /// <param name="w">Writer (reset here).</param>
        /// <param name="log">Event log.</param>
        /// <param name="sequence">Sequence number of a held record.</param>
        /// <param name="missedBefore">Records lost to the ring just before this one (0 normally).</param>
        public static void WriteEvent(JsonWriter w, EventLog log, long sequence, long missedBefore)
        {
            int kind = log.Kind(sequence);
            int code = log.Code(sequence);
            int value = log.Value(sequence);
            w.Reset();
            w.BeginObject();
            w.Integer("seq", sequence);
            w.Integer("uptime_ms", log.TimeMs(sequence));
            w.Text("kind", EventKind.Name(kind));
            w.Integer("code", code);
            w.Integer("value", value);
            if (kind == EventKind.StateChanged)
            {
                w.Text("state", ModuleStateNames.Of((ModuleState)code));
                w.Text("from", ModuleStateNames.Of((ModuleState)value));
            }

            w.Integer("missed", missedBefore);
            w.EndObject();
        }

        /// <summary>
        /// Writes the reply to a command.
        /// </summary>
        /// <param name="w">Writer (reset here).</param>
        /// <param name="commandNumber">Number of the command since start-up.</param>
        /// <param name="code">A <see cref="ResultCode"/>.</param>
        /// <param name="reply">Reply text bytes.</param>
        /// <param name="replyLength">Reply length.</param>
        public static void WriteReply(JsonWriter w, long commandNumber, int code, byte[] reply, int replyLength)
        {
            w.Reset();
            w.BeginObject();
            w.Integer("cmd", commandNumber);
            w.Integer("code", code);
            w.Text("result", ResultCode.Text(code));
            w.Text("reply", reply, replyLength);
            w.EndObject();
        }

        /// <summary>
        /// Cell-group NTC of a cell: the eight group sensors are spread evenly over the cells
        /// (two cells per group on a 16S module, hardware.md mux B channels 0-7).
        /// </summary>
        /// <param name="cellIndex">Cell index, 0-based.</param>
        /// <param name="cellCount">Cells in series.</param>
        /// <returns>Group 0..7.</returns>
        public static int TemperatureGroup(int cellIndex, int cellCount)
        {
            return cellIndex * Bmu16.CellNtcCount / cellCount;
        }

        private static void WriteBits(JsonWriter w, string name, int mask)
        {
            w.BeginArray(name);
            for (int bit = 0; bit < 32; bit++)
            {
                if ((mask & (1 << bit)) != 0)
                {
                    w.IntegerItem(bit);
                }
            }

            w.EndArray();
        }

        private static long RoundDiv(long value, long divisor)
        {
            long half = divisor / 2;
            return value >= 0 ? (value + half) / divisor : -((-value + half) / divisor);
        }
    }
}
