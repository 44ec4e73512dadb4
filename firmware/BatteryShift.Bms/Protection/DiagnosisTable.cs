using BatteryShift.Bms.Measurement;

namespace BatteryShift.Bms.Protection
{
    /// <summary>
    /// The diagnosis table: one row per protection limit (<see cref="LimitIds"/>) and per sensor fault
    /// (<see cref="SensorFaultIds"/>), in the manner of foxBMS 2's diagnosis module (one entry per diagnosis id
    /// with its thresholds, delay and reaction; docs/references.md). A row holds everything the firmware knows of a
    /// diagnosis: its name (console, telemetry, configuration keys), the direction it trips in, the levels it
    /// has (warning, alarm, fault), its thresholds' configuration keys with their defaults and the envelope no
    /// setting may leave, how it releases (hysteresis, or a fixed step), its delay, whether it is immediate, which
    /// levels latch and what each level does (<see cref="ReactionStopCharge"/> and the other Reaction* bits).
    /// <para>
    /// Readers: <see cref="ProtectionMonitor"/> trips and releases by it, <see cref="Config.ProtectionKeys"/> defines
    /// the limit keys from it, <see cref="Outputs.OutputStage"/> opens the FETs, <see cref="Outputs.CurrentLimits"/>
    /// derates and <see cref="Balancing.BleedPermission"/> stops the bleeders by its reactions, the console and
    /// telemetry name every diagnosis by it. Adding a diagnosis is adding a row here (and its id).
    /// </para>
    /// <para>
    /// Levels: a warning only reports; an alarm derates the inverter's current limits in its direction; a fault
    /// opens the FET of its direction and latches until cleared by command once the value is back beyond the
    /// fault's release level. Warnings and alarms release by themselves. A level trips when its occurrence counter
    /// (+1 per violating sample, -1 per good one) has reached prot.debounce and the violation has lasted the delay;
    /// an immediate diagnosis (or one with no delay) needs one sample. A sensor fault is raised after
    /// <see cref="SensorFaultDebounce.DebounceScans"/> scans, stops the bleeders and holds the self-test at once, and
    /// latches the <see cref="LimitIds.SensorFailure"/> fault after prot.sensor.delay.
    /// </para>
    /// Static tables, filled once at start-up; reading allocates nothing.
    /// </summary>
    public static class DiagnosisTable
    {
        /// <summary>Level bit: warning (reported only).</summary>
        public const int LevelWarning = 1;

        /// <summary>Level bit: alarm (current derated).</summary>
        public const int LevelAlarm = 2;

        /// <summary>Level bit: fault (FETs opened, latched).</summary>
        public const int LevelFault = 4;

        /// <summary>Reaction bit: the charge current limit goes to 0.</summary>
        public const int ReactionStopCharge = 1;

        /// <summary>Reaction bit: the discharge current limit goes to 0.</summary>
        public const int ReactionStopDischarge = 2;

        /// <summary>Reaction bit: the charge current limit is halved.</summary>
        public const int ReactionHalveCharge = 4;

        /// <summary>Reaction bit: the discharge current limit is halved.</summary>
        public const int ReactionHalveDischarge = 8;

        /// <summary>Reaction bit: every bleeder stops (the balancer's plan is kept while only an alarm holds it off).</summary>
        public const int ReactionStopBleeding = 16;

        /// <summary>Reaction bit: the charge FET opens.</summary>
        public const int ReactionOpenChargeFet = 32;

        /// <summary>Reaction bit: the discharge FET opens.</summary>
        public const int ReactionOpenDischargeFet = 64;

        /// <summary>Rows: the limits first (row = limit id), then the sensor faults (row = <see cref="SensorRowBase"/> + id).</summary>
        public const int RowCount = LimitIds.Count + SensorFaultIds.Count;

        /// <summary>Row of sensor fault id 0.</summary>
        public const int SensorRowBase = LimitIds.Count;

        /// <summary>Key or threshold not configurable.</summary>
        public const int NoKey = -1;

        private const int StopCharge = ReactionStopCharge;
        private const int StopDischarge = ReactionStopDischarge;
        private const int OpenCharge = ReactionOpenChargeFet;
        private const int OpenDischarge = ReactionOpenDischargeFet;
        private const int OpenBoth = ReactionOpenChargeFet | ReactionOpenDischargeFet | ReactionStopBleeding;
        private const int AllLevels = LevelWarning | LevelAlarm | LevelFault;

        // per row: the name and the packed flags (levels, direction, immediate, the reaction of each
        // level); the keys of its thresholds and delay
        private const int HighSideFlag = 1 << 3;
        private const int ImmediateFlag = 1 << 4;
        private const int AlarmShift = 8;
        private const int FaultShift = 16;
        private const int ImmediateShift = 24;

        private static readonly string[] s_names = new string[RowCount];
        private static readonly int[] s_flags = new int[RowCount];
        private static readonly int[] s_thresholdKey = new int[RowCount];
        private static readonly int[] s_delayKey = new int[RowCount];

        private static int s_row;
        private static string s_unit;
        private static bool s_definingKeys;

        static DiagnosisTable()
        {
            DefineCellLimits();
            DefineCurrentAndModuleLimits();
            DefineFailSafeRows();
            DefineSensorRows();
            s_row = 0;
            s_unit = null;
            ChargeFaultBits = LimitsWithReaction(LevelFault, ReactionOpenChargeFet);
            DischargeFaultBits = LimitsWithReaction(LevelFault, ReactionOpenDischargeFet);
            StopBleedingAlarmBits = LimitsWithReaction(LevelAlarm, ReactionStopBleeding);
            StopBleedingFaultBits = LimitsWithReaction(LevelFault, ReactionStopBleeding);
            StopBleedingSensorBits = SensorBits(ReactionStopBleeding);
        }

        /// <summary>Limits whose fault opens the charge FET (bit n is limit id n).</summary>
        public static int ChargeFaultBits { get; private set; }

        /// <summary>Limits whose fault opens the discharge FET.</summary>
        public static int DischargeFaultBits { get; private set; }

        /// <summary>Limits whose alarm stops the bleeders.</summary>
        public static int StopBleedingAlarmBits { get; private set; }

        /// <summary>Limits whose fault stops the bleeders.</summary>
        public static int StopBleedingFaultBits { get; private set; }

        /// <summary>Sensor faults that stop the bleeders at once (bit n is sensor fault id n).</summary>
        public static int StopBleedingSensorBits { get; private set; }

        /// <summary>
        /// Defines the configuration keys of the limits with configurable thresholds from their rows: defaults and
        /// the envelope no setting may leave (called once by <see cref="Config.ProtectionKeys"/>).
        /// </summary>
        internal static void DefineKeys()
        {
            s_definingKeys = true;
            DefineCellLimits();
            DefineCurrentAndModuleLimits();
            s_definingKeys = false;
            s_unit = null;
        }

        /// <summary>Lower-case name of a limit (console, telemetry, configuration key part).</summary>
        /// <param name="limitId">Limit id.</param>
        /// <returns>Its name, or "unknown".</returns>
        public static string LimitName(int limitId)
        {
            return limitId >= 0 && limitId < LimitIds.Count ? s_names[limitId] : "unknown";
        }

        /// <summary>Lower-case name of a sensor fault.</summary>
        /// <param name="sensorId">Sensor fault id.</param>
        /// <returns>Its name, or "unknown".</returns>
        public static string SensorName(int sensorId)
        {
            return sensorId >= 0 && sensorId < SensorFaultIds.Count ? s_names[SensorRowBase + sensorId] : "unknown";
        }

        /// <summary>True when a limit trips on a rising value (the others trip when it falls).</summary>
        /// <param name="limitId">Limit id.</param>
        /// <returns>True for over-limits.</returns>
        public static bool IsHighSide(int limitId)
        {
            return (s_flags[limitId] & HighSideFlag) != 0;
        }

        /// <summary>The levels a row has (Level* bits).</summary>
        /// <param name="row">Row.</param>
        /// <returns>Level bits.</returns>
        public static int Levels(int row)
        {
            return s_flags[row] & AllLevels;
        }

        /// <summary>True when a level of a row latches (only faults latch; warnings and alarms release by themselves).</summary>
        /// <param name="level">Level bit.</param>
        /// <returns>True for <see cref="LevelFault"/>.</returns>
        public static bool Latches(int level)
        {
            return level == LevelFault;
        }

        /// <summary>What a level of a row does (Reaction* bits); a warning only reports.</summary>
        /// <param name="row">Row.</param>
        /// <param name="level">Level bit.</param>
        /// <returns>Reaction bits.</returns>
        public static int Reaction(int row, int level)
        {
            int shift = level == LevelAlarm ? AlarmShift : (level == LevelFault ? FaultShift : -1);
            return shift < 0 ? 0 : (s_flags[row] >> shift) & 0xFF;
        }

        /// <summary>What a sensor fault does as soon as it is raised, before its delay (Reaction* bits).</summary>
        /// <param name="row">Row.</param>
        /// <returns>Reaction bits.</returns>
        public static int ImmediateReaction(int row)
        {
            return (s_flags[row] >> ImmediateShift) & 0xFF;
        }

        /// <summary>True when a limit trips on its first violating sample, whatever prot.debounce says.</summary>
        /// <param name="limitId">Limit id.</param>
        /// <returns>True for immediate limits.</returns>
        public static bool Immediate(int limitId)
        {
            return (s_flags[limitId] & ImmediateFlag) != 0;
        }

        /// <summary>
        /// Configuration key of a level's threshold, or <see cref="NoKey"/> for a diagnosis whose threshold is the
        /// fixed step <see cref="FixedThreshold"/> (a flag that is 1 when present) or a constant of the measurement.
        /// </summary>
        /// <param name="row">Row.</param>
        /// <param name="level">Level bit.</param>
        /// <returns>Key or <see cref="NoKey"/>.</returns>
        public static int ThresholdKey(int row, int level)
        {
            int key = s_thresholdKey[row];
            if (key == NoKey || row >= LimitIds.Count)
            {
                return key;
            }

            return key + (level == LevelWarning ? 0 : (level == LevelAlarm ? 1 : 2));
        }

        /// <summary>The threshold of a limit without a threshold key: 1 (the flag the limit compares is set).</summary>
        public const int FixedThreshold = 1;

        /// <summary>Configuration key of a limit's release hysteresis, or <see cref="NoKey"/> (it releases at 0).</summary>
        /// <param name="limitId">Limit id.</param>
        /// <returns>Key or <see cref="NoKey"/>.</returns>
        public static int HysteresisKey(int limitId)
        {
            int key = s_thresholdKey[limitId];
            return key == NoKey ? NoKey : key + 3;
        }

        /// <summary>The release step of a limit without a hysteresis key: the flag back to 0.</summary>
        public const int FixedHysteresis = 1;

        /// <summary>Configuration key of a row's delay, ms, or <see cref="NoKey"/> for none.</summary>
        /// <param name="row">Row.</param>
        /// <returns>Key or <see cref="NoKey"/>.</returns>
        public static int DelayKey(int row)
        {
            return s_delayKey[row];
        }

        private static void DefineCellLimits()
        {
            // cell voltage, mV: Libre Solar charge limit 3.55 V (warning), EVE LF280K charge cut-off 3.65 V (alarm),
            // fault below the 3.80 V of Libre Solar and EG4, which is the envelope's top (docs/references.md)
            Limit(LimitIds.CellOvervoltage, "cell_ov", "mV", highSide: true, alarm: StopCharge, fault: OpenCharge);
            Thresholds(warning: 3550, alarm: 3650, fault: 3750, lowest: 3300, highest: 3800);
            Release(hysteresis: 100, lowest: 20, highest: 500);
            Delay(ms: 1000, longestMs: 5000);

            // EVE LF280K discharge cut-off 2.5 V (fault, envelope bottom), Libre Solar discharge limit 2.80 V
            // (alarm); 200 mV hysteresis: the fault releases at 2.7 V, the warning at 3.1 V (Libre Solar UV reset 3.10 V)
            Limit(LimitIds.CellUndervoltage, "cell_uv", "mV", highSide: false, alarm: StopDischarge, fault: OpenDischarge);
            Thresholds(warning: 2900, alarm: 2800, fault: 2500, lowest: 2500, highest: 3100);
            Release(hysteresis: 200, lowest: 20, highest: 700);
            Delay(ms: 1000, longestMs: 5000);

            // charging temperature, 0.1 C: Libre Solar charge 0..45 C (warning), LFP general charge 0..55 C (fault);
            // envelope 0..60 C (a Lishen 202 Ah cell: charge 0..60 C); 5 C hysteresis (Libre Solar); 1 s delay (EG4)
            Limit(LimitIds.ChargeOvertemperature, "charge_ot", "dC", highSide: true, alarm: StopCharge, fault: OpenCharge);
            Thresholds(warning: 450, alarm: 500, fault: 550, lowest: 0, highest: 600);
            Release(hysteresis: 50, lowest: 10, highest: 200);
            Delay(ms: 1000, longestMs: 5000);
            Limit(LimitIds.ChargeUndertemperature, "charge_ut", "dC", highSide: false, alarm: StopCharge, fault: OpenCharge);
            Thresholds(warning: 50, alarm: 20, fault: 0, lowest: 0, highest: 200);
            Release(hysteresis: 50, lowest: 10, highest: 200);
            Delay(ms: 1000, longestMs: 5000);

            // discharging temperature: Libre Solar -20..45 C (warning at 45 C), LFP general -20..60 C (fault, envelope)
            Limit(LimitIds.DischargeOvertemperature, "discharge_ot", "dC", highSide: true, alarm: StopDischarge, fault: OpenDischarge);
            Thresholds(warning: 450, alarm: 550, fault: 600, lowest: 0, highest: 600);
            Release(hysteresis: 50, lowest: 10, highest: 200);
            Delay(ms: 1000, longestMs: 5000);
            Limit(LimitIds.DischargeUndertemperature, "discharge_ut", "dC", highSide: false, alarm: StopDischarge, fault: OpenDischarge);
            Thresholds(warning: -100, alarm: -150, fault: -200, lowest: -200, highest: 100);
            Release(hysteresis: 50, lowest: 10, highest: 200);
            Delay(ms: 1000, longestMs: 5000);
        }

        private static void DefineCurrentAndModuleLimits()
        {
            // current, mA, 280 Ah module: warning at 0.5C (EVE LF280K standard 0.5P), fault at 1C (Libre Solar OC 1C,
            // the envelope); 1 s delay (Libre Solar 320 ms, EG4 3 s; the envelope allows up to 3 s); an alarm halves
            Limit(LimitIds.ChargeOvercurrent, "charge_oc", "mA", highSide: true, alarm: ReactionHalveCharge, fault: OpenCharge);
            Thresholds(warning: 140000, alarm: 200000, fault: 280000, lowest: 1000, highest: 280000);
            Release(hysteresis: 10000, lowest: 1000, highest: 100000);
            Delay(ms: 1000, longestMs: 3000);
            Limit(LimitIds.DischargeOvercurrent, "discharge_oc", "mA", highSide: true, alarm: ReactionHalveDischarge, fault: OpenDischarge);
            Thresholds(warning: 140000, alarm: 200000, fault: 280000, lowest: 1000, highest: 280000);
            Release(hysteresis: 10000, lowest: 1000, highest: 100000);
            Delay(ms: 1000, longestMs: 3000);

            // short circuit, either direction: Libre Solar 2C, EG4 > 300 A in hardware; the firmware level sits inside
            // what the INA240A1 at 2 mV/A can show (docs/hardware.md), with no delay, on the first sample
            Limit(LimitIds.ShortCircuit, "short_circuit", "mA", highSide: true, alarm: ReactionHalveCharge | ReactionHalveDischarge, fault: OpenCharge | OpenDischarge, immediate: true);
            Thresholds(warning: 450000, alarm: 500000, fault: 560000, lowest: 280000, highest: 560000);
            Release(hysteresis: 50000, lowest: 1000, highest: 200000);
            Delay(ms: 0, longestMs: 200);

            // module voltage through the divider, as mV per cell: 40.0-58.4 V for 16 cells (2.5-3.65 V per cell,
            // docs/hardware.md), envelope as the cell limits
            Limit(LimitIds.ModuleOvervoltage, "module_ov", "mV/cell", highSide: true, alarm: StopCharge, fault: OpenCharge);
            Thresholds(warning: 3600, alarm: 3650, fault: 3750, lowest: 3300, highest: 3800);
            Release(hysteresis: 100, lowest: 20, highest: 500);
            Delay(ms: 1000, longestMs: 5000);
            Limit(LimitIds.ModuleUndervoltage, "module_uv", "mV/cell", highSide: false, alarm: StopDischarge, fault: OpenDischarge);
            Thresholds(warning: 2900, alarm: 2800, fault: 2500, lowest: 2500, highest: 3100);
            Release(hysteresis: 200, lowest: 20, highest: 700);
            Delay(ms: 1000, longestMs: 5000);

            // board and shunt temperature (bleed resistors, FETs): a component limit, not chemistry. Its alarm also
            // stops the bleeders, a heat source on the board, whatever made the board hot (the balancer's own
            // thermal budget, bal.t_derate and bal.t_max on the board NTC, normally acts first: BleedPermission)
            Limit(LimitIds.BoardOvertemperature, "board_ot", "dC", highSide: true, alarm: StopCharge | StopDischarge | ReactionStopBleeding, fault: OpenCharge | OpenDischarge);
            Thresholds(warning: 700, alarm: 800, fault: 900, lowest: 300, highest: 1000);
            Release(hysteresis: 100, lowest: 10, highest: 300);
            Delay(ms: 1000, longestMs: 5000);
        }

        private static void DefineFailSafeRows()
        {
            // a sensor fault that lasts prot.sensor.delay latches this fault: the module fails safe on a measurement
            // it cannot trust (the value is 1 while any sensor fault is raised)
            FailSafe(LimitIds.SensorFailure, "sensor", Config.ProtectionKeys.SensorDelayMs);

            // the external stop input (GPIO13, active low): opens both FETs in the tick it is read, latched until
            // the input is released and the faults are cleared
            FailSafe(LimitIds.ExternalStop, "ext_stop", NoKey);

            // the fault log was unreadable after a reset (Persistence/FaultLog): latched at start-up only, opens both
            // FETs, released by a clear at the local console alone (ProtectionMonitor.ClearFaults)
            FailSafe(LimitIds.FaultLogLost, "log_lost", NoKey);

            // a control tick threw (BmsCore.Tick): latched by the core in the tick that failed, opens both FETs, cleared
            // like the others once ticks complete again (the value is 0 in every tick that runs to its end)
            FailSafe(LimitIds.FirmwareFault, "firmware", NoKey);
        }

        private static void DefineSensorRows()
        {
            // every sensor fault stops the bleeders and holds the self-test as soon as it is raised (the measurement
            // it spoils is what balancing and the state machine decide on) and opens both FETs through the sensor
            // limit after prot.sensor.delay; the thresholds are the measurement's own constants unless a key is named
            Sensor(SensorFaultIds.OpenSenseWire, "open_wire", NoKey);
            Sensor(SensorFaultIds.NtcOpen, "ntc_open", NoKey);
            Sensor(SensorFaultIds.NtcShort, "ntc_short", NoKey);
            Sensor(SensorFaultIds.AdcStuck, "adc_stuck", NoKey);
            Sensor(SensorFaultIds.ReferenceOutOfRange, "ref_range", NoKey);
            Sensor(SensorFaultIds.SumMismatch, "sum_mismatch", Config.ProtectionKeys.SumToleranceMv);
            Sensor(SensorFaultIds.CurrentReference, "current_ref", NoKey);
            Sensor(SensorFaultIds.CurrentOffset, "current_offset", NoKey);
            Sensor(SensorFaultIds.CalibrationRange, "cal_range", NoKey);
        }

        private static void Limit(int limitId, string name, string unit, bool highSide, int alarm, int fault, bool immediate = false)
        {
            s_row = limitId;
            s_unit = unit;
            if (s_definingKeys)
            {
                return;
            }

            s_names[limitId] = name;
            s_flags[limitId] = AllLevels | (highSide ? HighSideFlag : 0) | (immediate ? ImmediateFlag : 0)
                | (alarm << AlarmShift) | ((fault | ReactionStopBleeding) << FaultShift);
            s_thresholdKey[limitId] = Config.ProtectionKeys.Key(limitId, Config.ProtectionKeys.WarningOffset);
            s_delayKey[limitId] = Config.ProtectionKeys.Key(limitId, Config.ProtectionKeys.DelayOffset);
        }

        private static void FailSafe(int limitId, string name, int delayKey)
        {
            s_row = limitId;
            if (s_definingKeys)
            {
                return;
            }

            s_names[limitId] = name;
            s_flags[limitId] = LevelFault | HighSideFlag | (OpenBoth << FaultShift);
            s_thresholdKey[limitId] = NoKey;
            s_delayKey[limitId] = delayKey;
        }

        // the threshold keys' defaults and envelope go straight into the configuration schema (defined once, by
        // ProtectionKeys, in limit order: warning, alarm, fault, hysteresis, delay)
        private static void Thresholds(int warning, int alarm, int fault, int lowest, int highest)
        {
            if (s_definingKeys)
            {
                Config.ConfigSchema.DefineComposed(Config.ProtectionKeys.Key(s_row, Config.ProtectionKeys.WarningOffset), s_unit, warning, lowest, highest);
                Config.ConfigSchema.DefineComposed(Config.ProtectionKeys.Key(s_row, Config.ProtectionKeys.AlarmOffset), s_unit, alarm, lowest, highest);
                Config.ConfigSchema.DefineComposed(Config.ProtectionKeys.Key(s_row, Config.ProtectionKeys.FaultOffset), s_unit, fault, lowest, highest);
            }
        }

        private static void Release(int hysteresis, int lowest, int highest)
        {
            if (s_definingKeys)
            {
                Config.ConfigSchema.DefineComposed(Config.ProtectionKeys.Key(s_row, Config.ProtectionKeys.HysteresisOffset), s_unit, hysteresis, lowest, highest);
            }
        }

        private static void Delay(int ms, int longestMs)
        {
            if (s_definingKeys)
            {
                Config.ConfigSchema.DefineComposed(Config.ProtectionKeys.Key(s_row, Config.ProtectionKeys.DelayOffset), "ms", ms, 0, longestMs);
            }
        }

        private static void Sensor(int sensorId, string name, int thresholdKey)
        {
            int row = SensorRowBase + sensorId;
            s_names[row] = name;
            s_flags[row] = LevelFault | HighSideFlag | (OpenBoth << FaultShift) | (ReactionStopBleeding << ImmediateShift);
            s_thresholdKey[row] = thresholdKey;
            s_delayKey[row] = Config.ProtectionKeys.SensorDelayMs;
        }

        /// <summary>
        /// The limits whose given level has a reaction (bit n is limit id n), for the stages that carry it out.
        /// </summary>
        /// <param name="level">Level bit.</param>
        /// <param name="reaction">Reaction bit(s): a limit counts when its level has any of them.</param>
        /// <returns>Limit bits.</returns>
        public static int LimitsWithReaction(int level, int reaction)
        {
            int bits = 0;
            for (int id = 0; id < LimitIds.Count; id++)
            {
                if ((Levels(id) & level) != 0 && (Reaction(id, level) & reaction) != 0)
                {
                    bits |= 1 << id;
                }
            }

            return bits;
        }

        private static int SensorBits(int reaction)
        {
            int bits = 0;
            for (int id = 0; id < SensorFaultIds.Count; id++)
            {
                if ((ImmediateReaction(SensorRowBase + id) & reaction) != 0)
                {
                    bits |= 1 << id;
                }
            }

            return bits;
        }
    }
}
