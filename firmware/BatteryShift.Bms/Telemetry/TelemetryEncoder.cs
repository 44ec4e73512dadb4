using BatteryShift.Bms.Board;
using BatteryShift.Bms.Events;

namespace BatteryShift.Bms.Telemetry
{
    /// <summary>
    /// Writes the MQTT payloads (docs/mqtt.md, pinned by docs/mqtt/*.schema.json) into a
    /// <see cref="JsonWriter"/>. Values are taken from the integer fields of <see cref="ModuleStatus"/>
    /// and written as fixed-point numbers in SI units (mV as V with 3 decimals, 0.1 C as C with 1
    /// decimal), so no value is formatted through a string. State, cells and event messages go in two steps:
    /// their values are captured into a compact <see cref="TelemetryRecord"/> (what the store-and-forward
    /// ring holds), and the JSON is written from the record; the one-step methods do both, so every message
    /// takes the same path.
    /// </summary>
    public static class TelemetryEncoder
    {
        /// <summary>
        /// Writes the periodic state message (through the writer's <see cref="JsonWriter.Record"/>, so the bytes
        /// are those of a queued message sent later).
        /// </summary>
        /// <param name="w">Writer (reset here).</param>
        /// <param name="s">Module status.</param>
        /// <param name="sequence">Number of this state message since start-up.</param>
        /// <param name="link">Link counters to report.</param>
        public static void WriteState(JsonWriter w, ModuleStatus s, long sequence, LinkCounters link)
        {
            CaptureState(w.Record, s, sequence, link);
            WriteState(w, w.Record);
        }

        /// <summary>
        /// Captures the values of a state message into a record, in the order <see cref="WriteState(JsonWriter, TelemetryRecord)"/>
        /// reads them.
        /// </summary>
        /// <param name="r">Record (cleared here).</param>
        /// <param name="s">Module status.</param>
        /// <param name="sequence">Number of this state message since start-up.</param>
        /// <param name="link">Link counters to report.</param>
        public static void CaptureState(TelemetryRecord r, ModuleStatus s, long sequence, LinkCounters link)
        {
            r.Clear();
            r.Put(sequence);
            r.Put(s.TimeMs);
            r.Put((int)s.State);
            r.Put(s.MeasurementValid);
            r.Put(s.ModuleVoltageMv);
            r.Put(s.SumOfCellsMv);
            r.Put(s.PackCurrentMa);
            r.PutFloat(s.SocPct, 1);
            r.PutFloat(s.SocUncertaintyPct, 1);
            r.PutFloat(s.SohPct, 1);
            r.Put(s.ChargeVoltageLimitMv);
            r.Put(s.ChargeCurrentLimitMa);
            r.Put(s.DischargeCurrentLimitMa);
            r.Put(s.MinCellMv);
            r.Put(s.MaxCellMv);
            r.Put(s.MinCellIndex);
            r.Put(s.MaxCellIndex);
            r.Put(s.MinTemperatureDeciC);
            r.Put(s.MaxTemperatureDeciC);
            r.Put(s.TemperatureDeciC[Bmu16.AuxNtcShunt]);
            r.Put(s.TemperatureDeciC[Bmu16.AuxNtcBoard]);
            r.Put(s.ChargeFetOn);
            r.Put(s.DischargeFetOn);
            r.Put(s.WarningMask);
            r.Put(s.AlarmMask);
            r.Put(s.FaultMask);
            r.Put(s.SensorFaultMask);
            r.Put(s.BalancingEnabled);
            r.Put(s.BleedMask);
            r.Put(s.RemainingMah);
            r.Put(s.CapacityMah);
            r.Put(s.CycleCount);
            r.Put(s.ChargeInMas);
            r.Put(s.ChargeOutMas);
            r.Put(s.EnergyInWh);
            r.Put(s.EnergyOutWh);
            r.Put(s.FallbackMask);
            r.Put(s.TickCount);
            r.Put(s.LateTickCount);
            r.Put(s.FailedTickCount);
            r.Put(s.WatchdogReset);
            r.Put(link.Connects);
            r.Put(link.Sent);
            r.Put(link.Queued);
            r.Put(link.Dropped);
            r.Put(link.EventsMissed);
            r.Put(link.Commands);
            r.Put(link.CommandsDropped);
            r.Put(link.LinkClashes);
        }

        /// <summary>
        /// Writes a state message from its record (<see cref="CaptureState"/>).
        /// </summary>
        /// <param name="w">Writer (reset here).</param>
        /// <param name="r">Record (read from its first value).</param>
        public static void WriteState(JsonWriter w, TelemetryRecord r)
        {
            r.Rewind();
            w.Reset();
            w.BeginObject();
            w.Integer("seq", r.Next());
            w.Integer("uptime_ms", r.Next());
            w.Text("state", ModuleStateNames.Of((ModuleState)r.NextInt()));
            w.Boolean("valid", r.NextBool());
            int moduleVoltageMv = r.NextInt();
            w.Fixed("voltage_v", moduleVoltageMv, 3);
            w.Fixed("cells_sum_v", r.Next(), 3);
            int packCurrentMa = r.NextInt();
            w.Fixed("current_a", packCurrentMa, 3);

            // mV * mA = uW; 0.1 W is 100000 uW
            long powerMicroW = (long)moduleVoltageMv * packCurrentMa;
            w.Fixed("power_w", RoundDiv(powerMicroW, 100000L), 1);
            w.ScaledFloat("soc_pct", r.Next(), 1);
            w.ScaledFloat("soc_unc_pct", r.Next(), 1);
            w.ScaledFloat("soh_pct", r.Next(), 1);
            w.Fixed("cvl_v", r.Next(), 3);
            w.Fixed("ccl_a", r.Next(), 3);
            w.Fixed("dcl_a", r.Next(), 3);
            int minCellMv = r.NextInt();
            int maxCellMv = r.NextInt();
            w.Fixed("cell_min_v", minCellMv, 3);
            w.Fixed("cell_max_v", maxCellMv, 3);
            w.Fixed("cell_delta_v", maxCellMv - minCellMv, 3);
            w.Integer("cell_min_no", r.NextInt() + 1);
            w.Integer("cell_max_no", r.NextInt() + 1);
            w.Fixed("temp_min_c", r.Next(), 1);
            w.Fixed("temp_max_c", r.Next(), 1);
            w.Fixed("temp_shunt_c", r.Next(), 1);
            w.Fixed("temp_board_c", r.Next(), 1);
            w.Boolean("charge_fet", r.NextBool());
            w.Boolean("discharge_fet", r.NextBool());
            int warningMask = r.NextInt();
            int alarmMask = r.NextInt();
            int faultMask = r.NextInt();
            int sensorFaultMask = r.NextInt();
            WriteBits(w, "warnings", warningMask);
            WriteBits(w, "alarms", alarmMask);
            WriteBits(w, "faults", faultMask);
            WriteBits(w, "sensor_faults", sensorFaultMask);
            w.Integer("warning_mask", warningMask);
            w.Integer("alarm_mask", alarmMask);
            w.Integer("fault_mask", faultMask);
            w.Integer("sensor_fault_mask", sensorFaultMask);
            w.Boolean("balancing", r.NextBool());
            w.Integer("bleed_mask", r.NextInt());
            w.Fixed("remaining_ah", r.Next(), 3);
            w.Fixed("capacity_ah", r.Next(), 3);
            w.Integer("cycles", r.Next());

            // mAs / 3600 = mAh, written as Ah with 3 decimals
            w.Fixed("charge_in_ah", r.Next() / 3600L, 3);
            w.Fixed("charge_out_ah", r.Next() / 3600L, 3);
            w.Fixed("energy_in_kwh", r.Next(), 3);
            w.Fixed("energy_out_kwh", r.Next(), 3);
            w.Integer("fallback_mask", r.NextInt());
            w.BeginObject("counters");
            w.Integer("ticks", r.Next());
            w.Integer("ticks_late", r.Next());
            w.Integer("ticks_failed", r.Next());
            w.Boolean("watchdog_reset", r.NextBool());
            w.Integer("connects", r.Next());
            w.Integer("sent", r.Next());
            w.Integer("queued", r.Next());
            w.Integer("dropped", r.Next());
            w.Integer("events_missed", r.Next());
            w.Integer("commands", r.Next());
            w.Integer("commands_dropped", r.Next());
            w.Integer("link_clashes", r.Next());
            w.EndObject();
            w.EndObject();
            Check(w, r);
        }

        /// <summary>
        /// Writes the per-cell message (through the writer's <see cref="JsonWriter.Record"/>).
        /// </summary>
        /// <param name="w">Writer (reset here).</param>
        /// <param name="s">Module status.</param>
        /// <param name="sequence">Number of this cells message since start-up.</param>
        public static void WriteCells(JsonWriter w, ModuleStatus s, long sequence)
        {
            CaptureCells(w.Record, s, sequence);
            WriteCells(w, w.Record);
        }

        /// <summary>
        /// Captures the values of a cells message into a record.
        /// </summary>
        /// <param name="r">Record (cleared here).</param>
        /// <param name="s">Module status.</param>
        /// <param name="sequence">Number of this cells message since start-up.</param>
        public static void CaptureCells(TelemetryRecord r, ModuleStatus s, long sequence)
        {
            int count = s.CellCount;
            if (count < 1 || count > Bmu16.MaxCells)
            {
                count = Bmu16.MaxCells;
            }

            r.Clear();
            r.Put(sequence);
            r.Put(s.TimeMs);
            r.Put(count);
            for (int i = 0; i < count; i++)
            {
                r.Put(s.CellVoltageMv[i]);
            }

            for (int i = 0; i < count; i++)
            {
                r.PutFloat(s.CellSocPct[i], 1);
            }

            for (int i = 0; i < count; i++)
            {
                r.Put(s.CellTemperatureDeciC(i));
            }

            r.Put(s.BleedMask);
            for (int i = 0; i < count; i++)
            {
                r.Put(s.CellBledMas[i] / 3600L);
            }
        }

        /// <summary>
        /// Writes a cells message from its record (<see cref="CaptureCells"/>).
        /// </summary>
        /// <param name="w">Writer (reset here).</param>
        /// <param name="r">Record (read from its first value).</param>
        public static void WriteCells(JsonWriter w, TelemetryRecord r)
        {
            r.Rewind();
            w.Reset();
            w.BeginObject();
            w.Integer("seq", r.Next());
            w.Integer("uptime_ms", r.Next());
            int count = r.NextInt();
            if (count < 1 || count > Bmu16.MaxCells)
            {
                count = Bmu16.MaxCells;
            }

            w.Integer("count", count);
            w.BeginArray("voltage_v");
            for (int i = 0; i < count; i++)
            {
                w.FixedItem(r.Next(), 3);
            }

            w.EndArray();
            w.BeginArray("soc_pct");
            for (int i = 0; i < count; i++)
            {
                w.ScaledFloatItem(r.Next(), 1);
            }

            w.EndArray();
            w.BeginArray("temp_group");
            for (int i = 0; i < count; i++)
            {
                w.IntegerItem(Bmu16.NtcOfCell(i, count));
            }

            w.EndArray();
            w.BeginArray("temp_c");
            for (int i = 0; i < count; i++)
            {
                w.FixedItem(r.Next(), 1);
            }

            w.EndArray();
            int bleedMask = r.NextInt();
            w.BeginArray("bleeding");
            for (int i = 0; i < count; i++)
            {
                w.BooleanItem((bleedMask & (1 << i)) != 0);
            }

            w.EndArray();
            w.BeginArray("bled_ah");
            for (int i = 0; i < count; i++)
            {
                w.FixedItem(r.Next(), 3);
            }

            w.EndArray();
            w.EndObject();
            Check(w, r);
        }

        /// <summary>
        /// Writes one event of the event log (through the writer's <see cref="JsonWriter.Record"/>).
        /// </summary>
        /// <param name="w">Writer (reset here).</param>
        /// <param name="log">Event log.</param>
        /// <param name="sequence">Sequence number of a held record.</param>
        /// <param name="missedBefore">Records lost to the ring just before this one (0 normally).</param>
        public static void WriteEvent(JsonWriter w, EventLog log, long sequence, long missedBefore)
        {
            CaptureEvent(w.Record, log, sequence, missedBefore);
            WriteEvent(w, w.Record);
        }

        /// <summary>
        /// Captures an event of the event log into a record.
        /// </summary>
        /// <param name="r">Record (cleared here).</param>
        /// <param name="log">Event log.</param>
        /// <param name="sequence">Sequence number of a held record.</param>
        /// <param name="missedBefore">Records lost to the ring just before this one (0 normally).</param>
        public static void CaptureEvent(TelemetryRecord r, EventLog log, long sequence, long missedBefore)
        {
            r.Clear();
            r.Put(sequence);
            r.Put(log.TimeMs(sequence));
            r.Put(log.Kind(sequence));
            r.Put(log.Code(sequence));
            r.Put(log.Value(sequence));
            r.Put(missedBefore);
        }

        /// <summary>
        /// Writes an event message from its record (<see cref="CaptureEvent"/>).
        /// </summary>
        /// <param name="w">Writer (reset here).</param>
        /// <param name="r">Record (read from its first value).</param>
        public static void WriteEvent(JsonWriter w, TelemetryRecord r)
        {
            r.Rewind();
            long sequence = r.Next();
            long timeMs = r.Next();
            int kind = r.NextInt();
            int code = r.NextInt();
            int value = r.NextInt();
            w.Reset();
            w.BeginObject();
            w.Integer("seq", sequence);
            w.Integer("uptime_ms", timeMs);
            w.Text("kind", EventKind.Name(kind));
            w.Integer("code", code);
            w.Integer("value", value);
            if (kind == EventKind.StateChanged)
            {
                w.Text("state", ModuleStateNames.Of((ModuleState)code));
                w.Text("from", ModuleStateNames.Of((ModuleState)value));
            }

            w.Integer("missed", r.Next());
            w.EndObject();
            Check(w, r);
        }

        /// <summary>
        /// Writes the reply to a command.
        /// </summary>
        /// <param name="w">Writer (reset here).</param>
        /// <param name="commandNumber">Number of the command since start-up.</param>
        /// <param name="id">The command's id bytes (<c>@id</c>), or null.</param>
        /// <param name="idLength">Bytes of <paramref name="id"/>; 0 when the command carried no valid id.</param>
        /// <param name="code">A <see cref="ResultCode"/>.</param>
        /// <param name="reply">Reply text bytes.</param>
        /// <param name="replyLength">Reply length.</param>
        public static void WriteReply(JsonWriter w, long commandNumber, byte[] id, int idLength, int code, byte[] reply, int replyLength)
        {
            w.Reset();
            w.BeginObject();
            w.Integer("cmd", commandNumber);
            w.Text("id", id, id == null ? 0 : idLength);
            w.Integer("code", code);
            w.Text("result", ResultCode.Text(code));
            w.Text("reply", reply, replyLength);
            w.EndObject();
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

        // a record read past its end (a stored record not of this kind) makes the message unusable, like a full writer
        private static void Check(JsonWriter w, TelemetryRecord r)
        {
            if (r.Overflowed)
            {
                w.Abandon();
            }
        }

        private static long RoundDiv(long value, long divisor)
        {
            long half = divisor / 2;
            return value >= 0 ? (value + half) / divisor : -((-value + half) / divisor);
        }
    }
}
