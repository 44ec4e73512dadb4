using BatteryShift.Bms.Protection;

namespace BatteryShift.Bms.Config
{
    /// <summary>
    /// Configuration keys of protection limits, measurement plausibility and inverter limits (keys 10..79).
    /// Limit id n (<see cref="LimitIds"/>, 0..11) owns the five keys from <see cref="LimitBase"/> + 5n:
    /// warning, alarm, fault threshold, release hysteresis and delay. The allowed range of each key is the LFP
    /// hard envelope: a configuration can tighten a limit, never loosen it past that envelope. Sources, all in
    /// shared/reference/facts.md: EVE LF280K datasheet (2.5-3.65 V, 0.5P), Libre Solar bms-firmware defaults
    /// (OV 3.80 V, UV 2.50 V, charge limit 3.55 V, discharge limit 2.80 V, charge 0..45 C, discharge -20..45 C,
    /// 5 C hysteresis, OC 1C), EG4 LL-S manual (OV 3.8 V 1 s recover 3.45 V, UV 2.3 V 1 s, 1 s temperature
    /// delays, OC 3 s), "LFP general" (charge 0..55 C, discharge -20..60 C), hardware.md (40.0-58.4 V module).
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
            // cell voltage, mV: Libre Solar charge limit 3.55 V (warning), EVE LF280K charge cut-off 3.65 V
            // (alarm), fault below the 3.80 V of Libre Solar and EG4, which is the envelope's top.
            DefineLimit(LimitIds.CellOvervoltage, "mV", 3550, 3650, 3750, 100, 1000, 3300, 3800, 20, 500, 5000);

            // EVE LF280K discharge cut-off 2.5 V (fault, envelope bottom), Libre Solar discharge limit 2.80 V
            // (alarm); 200 mV hysteresis: the fault releases at 2.7 V, the warning at 3.1 V (Libre Solar UV reset 3.10 V).
            DefineLimit(LimitIds.CellUndervoltage, "mV", 2900, 2800, 2500, 200, 1000, 2500, 3100, 20, 700, 5000);

            // charging temperature, 0.1 C: Libre Solar charge 0..45 C (warning), LFP general charge 0..55 C
            // (fault); envelope 0..60 C (a Lishen 202 Ah cell: charge 0..60 C); 5 C hysteresis (Libre Solar);
            // 1 s delay (EG4).
            DefineLimit(LimitIds.ChargeOvertemperature, "dC", 450, 500, 550, 50, 1000, 0, 600, 10, 200, 5000);
            DefineLimit(LimitIds.ChargeUndertemperature, "dC", 50, 20, 0, 50, 1000, 0, 200, 10, 200, 5000);

            // discharging temperature: Libre Solar -20..45 C (warning at 45 C), LFP general -20..60 C (fault, envelope).
            DefineLimit(LimitIds.DischargeOvertemperature, "dC", 450, 550, 600, 50, 1000, 0, 600, 10, 200, 5000);
            DefineLimit(LimitIds.DischargeUndertemperature, "dC", -100, -150, -200, 50, 1000, -200, 100, 10, 200, 5000);

            // current, mA, 280 Ah module: warning at 0.5C (EVE LF280K standard 0.5P), fault at 1C (Libre Solar OC 1C,
            // the envelope); 1 s delay (Libre Solar 320 ms, EG4 3 s; the envelope allows up to 3 s).
            DefineLimit(LimitIds.ChargeOvercurrent, "mA", 140000, 200000, 280000, 10000, 1000, 1000, 280000, 1000, 100000, 3000);
            DefineLimit(LimitIds.DischargeOvercurrent, "mA", 140000, 200000, 280000, 10000, 1000, 1000, 280000, 1000, 100000, 3000);

            // short circuit: Libre Solar 2C, EG4 > 300 A in hardware; the firmware level sits inside what the
            // INA240A1 at 2 mV/A can show (Bmu16.cs), with no delay.
            DefineLimit(LimitIds.ShortCircuit, "mA", 450000, 500000, 560000, 50000, 0, 280000, 560000, 1000, 200000, 200);

            // module voltage through the divider, as mV per cell: hardware.md 40.0-58.4 V for 16 cells
            // (2.5-3.65 V per cell), envelope as the cell limits.
            DefineLimit(LimitIds.ModuleOvervoltage, "mV/cell", 3600, 3650, 3750, 100, 1000, 3300, 3800, 20, 500, 5000);
            DefineLimit(LimitIds.ModuleUndervoltage, "mV/cell", 2900, 2800, 2500, 200, 1000, 2500, 3100, 20, 700, 5000);

            // board and shunt temperature (bleed resistors, FETs): component limit, not chemistry.
            DefineLimit(LimitIds.BoardOvertemperature, "dC", 700, 800, 900, 100, 1000, 300, 1000, 10, 300, 5000);

            ConfigSchema.Define(DebounceCount, "prot.debounce", "n", 3, 1, 10);
            ConfigSchema.Define(SensorDelayMs, "prot.sensor.delay", "ms", 1000, 0, 5000);
            ConfigSchema.Define(SumToleranceMv, "meas.sum_tol", "mV", 1000, 200, 3000);
            ConfigSchema.Define(BleedSettleUs, "meas.bleed_settle", "us", 2000, 0, 20000);
            ConfigSchema.Define(ActivityCurrentMa, "sm.current", "mA", 2000, 200, 20000);
            ConfigSchema.Define(RestDelayS, "sm.rest", "s", 1800, 10, 86400);

            // Victron/Pylontech conventions (facts.md): CVL never 0; 3.45 V per cell sits below the EVE 3.65 V cut-off.
            ConfigSchema.Define(ChargeVoltagePerCellMv, "lim.cvl_cell", "mV", 3450, 3300, 3600);
            ConfigSchema.Define(MaxChargeCurrentMa, "lim.ccl", "mA", 140000, 0, 280000);
            ConfigSchema.Define(MaxDischargeCurrentMa, "lim.dcl", "mA", 140000, 0, 280000);
        }

        private static void DefineLimit(int id, string unit, int warning, int alarm, int fault, int hysteresis, int delayMs, int min, int max, int hysteresisMin, int hysteresisMax, int delayMaxMs)
        {
            ConfigSchema.DefineComposed(Key(id, WarningOffset), unit, warning, min, max);
            ConfigSchema.DefineComposed(Key(id, AlarmOffset), unit, alarm, min, max);
            ConfigSchema.DefineComposed(Key(id, FaultOffset), unit, fault, min, max);
            ConfigSchema.DefineComposed(Key(id, HysteresisOffset), unit, hysteresis, hysteresisMin, hysteresisMax);
            ConfigSchema.DefineComposed(Key(id, DelayOffset), "ms", delayMs, 0, delayMaxMs);
        }

        /// <summary>
        /// A part of the name of a limit key: "prot.", the limit's name (<see cref="LimitIds.Name"/>), then the
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
                return LimitIds.Name((key - LimitBase) / KeysPerLimit);
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
            bool ordered = LimitIds.IsHighSide(id) ? (warning <= alarm && alarm <= fault) : (warning >= alarm && alarm >= fault);
            return ordered ? ResultCode.Ok : ResultCode.OutOfRange;
        }
    }
}
