using BatteryShift.Bms.Protection;

namespace BatteryShift.Bms.Config
{
    /// <summary>
    /// Configuration keys of protection limits, measurement plausibility and inverter limits (keys 10..79).
    /// Limit id n (<see cref="LimitIds"/>, 0..11) owns the five keys from <see cref="LimitBase"/> + 5n:
    /// warning, alarm, fault threshold, release hysteresis and delay, with the defaults and the envelope of its row
    /// in <see cref="DiagnosisTable"/> (sources in docs/references.md). The allowed range of each key is the LFP
    /// hard envelope: a configuration can tighten a limit, never loosen it past that envelope.
    /// </summary>
    public static class ProtectionKeys
    {
        /// <summary>First key of limit 0; limit n uses LimitBase + 5n + offset.</summary>
        public const int LimitBase = 10;

        /// <summary>Keys per limit.</summary>
        public const int KeysPerLimit = 5;

        /// <summary>Offset of the warning threshold within a limit's keys.</summary>
        public const int WarningOffset = 0;

        /// <summary>Offset of the alarm threshold (current derated).</summary>
        public const int AlarmOffset = 1;

        /// <summary>Offset of the fault threshold (FETs open, latched).</summary>
        public const int FaultOffset = 2;

        /// <summary>Offset of the release hysteresis (release = threshold minus it for over-limits, plus it for under-limits).</summary>
        public const int HysteresisOffset = 3;

        /// <summary>Offset of the delay, ms, that a violation must last (after the occurrence counter) before a level trips.</summary>
        public const int DelayOffset = 4;

        /// <summary>Occurrence counter threshold (foxBMS style: +1 per bad sample, -1 per good one).</summary>
        public const int DebounceCount = 70;

        /// <summary>Delay, ms, before a sensor fault opens the FETs.</summary>
        public const int SensorDelayMs = 71;

        /// <summary>Allowed difference between the module divider and the sum of cells, mV.</summary>
        public const int SumToleranceMv = 72;

        /// <summary>Wait after pausing the bleeders before the cell scan, microseconds (sense-line filter settling).</summary>
        public const int BleedSettleUs = 73;

        /// <summary>
        /// Current above which the state machine counts the module as charging or discharging, mA (below it: standby,
        /// then rest). Not the estimator's "no current" (<see cref="EstimationKeys.RestDeadbandMa"/>): a module in
        /// standby may still carry a small current that is counted.
        /// </summary>
        public const int ActivityCurrentMa = 74;

        /// <summary>Time without current after which the state becomes rest, s.</summary>
        public const int RestDelayS = 75;

        /// <summary>Charge voltage limit per cell for the inverter (CVL = cells x this), mV.</summary>
        public const int ChargeVoltagePerCellMv = 76;

        /// <summary>Largest charge current limit for the inverter (CCL before derating), mA.</summary>
        public const int MaxChargeCurrentMa = 77;

        /// <summary>Largest discharge current limit for the inverter (DCL before derating), mA.</summary>
        public const int MaxDischargeCurrentMa = 78;

        /// <summary>
        /// Key of a limit's threshold or parameter.
        /// </summary>
        /// <param name="limitId">Limit id 0..<see cref="LimitIds.ThresholdCount"/>-1.</param>
        /// <param name="offset">One of the *Offset constants.</param>
        /// <returns>The key.</returns>
        public static int Key(int limitId, int offset)
        {
            return LimitBase + (limitId * KeysPerLimit) + offset;
        }

        internal static void Define()
        {
            // the limits' keys, in limit order, from their rows of the diagnosis table (defaults and envelope with their sources)
            DiagnosisTable.DefineKeys();

            ConfigSchema.Define(DebounceCount, "prot.debounce", "n", 3, 1, 10);
            ConfigSchema.Define(SensorDelayMs, "prot.sensor.delay", "ms", 1000, 0, 5000);
            ConfigSchema.Define(SumToleranceMv, "meas.sum_tol", "mV", 1000, 200, 3000);
            ConfigSchema.Define(BleedSettleUs, "meas.bleed_settle", "us", 2000, 0, 20000);
            ConfigSchema.Define(ActivityCurrentMa, "sm.current", "mA", 2000, 200, 20000);
            ConfigSchema.Define(RestDelayS, "sm.rest", "s", 1800, 10, 86400);

            // Victron/Pylontech conventions (docs/references.md): CVL never 0; 3.45 V per cell sits below the EVE 3.65 V cut-off.
            ConfigSchema.Define(ChargeVoltagePerCellMv, "lim.cvl_cell", "mV", 3450, 3300, 3600);
            ConfigSchema.Define(MaxChargeCurrentMa, "lim.ccl", "mA", 140000, 0, 280000);
            ConfigSchema.Define(MaxDischargeCurrentMa, "lim.dcl", "mA", 140000, 0, 280000);
        }

        /// <summary>
        /// A part of the name of a limit key: "prot.", the limit's name (<see cref="DiagnosisTable.LimitName"/>), then the
        /// level: ".warn", ".alarm", ".fault", ".hyst" or ".delay" (for example prot.cell_ov.fault).
        /// </summary>
        /// <param name="key">Key index.</param>
        /// <param name="part">Part 0, 1 or 2.</param>
        /// <returns>The part; null for a key outside the limit keys or past the last part.</returns>
        public static string NamePart(int key, int part)
        {
            if (key < LimitBase || key >= LimitBase + (LimitIds.ThresholdCount * KeysPerLimit))
            {
                return null;
            }

            if (part == 0)
            {
                return "prot.";
            }

            if (part == 1)
            {
                return DiagnosisTable.LimitName((key - LimitBase) / KeysPerLimit);
            }

            if (part != 2)
            {
                return null;
            }

            switch ((key - LimitBase) % KeysPerLimit)
            {
                case WarningOffset: return ".warn";
                case AlarmOffset: return ".alarm";
                case FaultOffset: return ".fault";
                case HysteresisOffset: return ".hyst";
                default: return ".delay";
            }
        }

        /// <summary>
        /// Rules between protection keys: warning before alarm before fault in the direction the limit trips
        /// (equal allowed), the charge voltage limit below the cell over-voltage alarm. Release beyond trip is
        /// guaranteed by the hysteresis range (at least its minimum).
        /// </summary>
        /// <param name="config">The configuration the value would go into.</param>
        /// <param name="key">Key index.</param>
        /// <param name="value">Proposed value, already within the key's range.</param>
        /// <returns>A <see cref="ResultCode"/>.</returns>
        internal static int CheckRelations(BmsConfig config, int key, int value)
        {
            int cvlKey = ChargeVoltagePerCellMv;
            int ovAlarmKey = Key(LimitIds.CellOvervoltage, AlarmOffset);
            if (key == cvlKey)
            {
                return value < config.Get(ovAlarmKey) ? ResultCode.Ok : ResultCode.OutOfRange;
            }

            if (key == ovAlarmKey && config.Get(cvlKey) >= value)
            {
                return ResultCode.OutOfRange;
            }

            if (key < LimitBase || key >= LimitBase + (LimitIds.ThresholdCount * KeysPerLimit))
            {
                return ResultCode.Ok;
            }

            int id = (key - LimitBase) / KeysPerLimit;
            int offset = (key - LimitBase) % KeysPerLimit;
            if (offset > FaultOffset)
            {
                return ResultCode.Ok;
            }

            int warning = offset == WarningOffset ? value : config.Get(Key(id, WarningOffset));
            int alarm = offset == AlarmOffset ? value : config.Get(Key(id, AlarmOffset));
            int fault = offset == FaultOffset ? value : config.Get(Key(id, FaultOffset));
            bool ordered = DiagnosisTable.IsHighSide(id) ? (warning <= alarm && alarm <= fault) : (warning >= alarm && alarm >= fault);
            return ordered ? ResultCode.Ok : ResultCode.OutOfRange;
        }
    }
}
