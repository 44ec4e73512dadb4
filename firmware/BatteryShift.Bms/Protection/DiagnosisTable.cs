using BatteryShift.Bms.Measurement;

namespace BatteryShift.Bms.Protection
{
    /// <summary>
    /// The diagnosis table: one row per protection limit (<see cref="LimitIds"/>) and per sensor fault
    /// (<see cref="SensorFaultIds"/>), in the manner of foxBMS 2's diagnosis module (one entry per diagnosis id
    /// with its thresholds, delay and reaction; docs/references.md). A row holds everything the firmware knows of a
    /// diagnosis: its name (console, telemetry, configuration keys), unit, the direction it trips in, the levels it
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

        private static readonly string[] s_names = new string[RowCount];
        private static readonly string[] s_units = new string[RowCount];
        private static readonly bool[] s_highSide = new bool[RowCount];
        private static readonly int[] s_levels = new int[RowCount];
        private static readonly int[] s_alarmReaction = new int[RowCount];
        private static readonly int[] s_faultReaction = new int[RowCount];
        private static readonly int[] s_immediateReaction = new int[RowCount];
        private static readonly bool[] s_immediate = new bool[RowCount];
        private static readonly int[] s_thresholdKey = new int[RowCount];
        private static readonly int[] s_delayKey = new int[RowCount];

        // defaults and envelope of the configurable limits: per row warning, alarm, fault, hysteresis, delay
        private static readonly int[] s_defaults = new int[LimitIds.ThresholdCount * 5];
        private static readonly int[] s_lowest = new int[LimitIds.ThresholdCount];
        private static readonly int[] s_highest = new int[LimitIds.ThresholdCount];
        private static readonly int[] s_hysteresisLowest = new int[LimitIds.ThresholdCount];
        private static readonly int[] s_hysteresisHighest = new int[LimitIds.ThresholdCount];
        private static readonly int[] s_delayLongest = new int[LimitIds.ThresholdCount];

        private static int s_row;

        static DiagnosisTable()
        {
            DefineCellLimits();
            DefineCurrentAndModuleLimits();
            DefineFailSafeRows();
            DefineSensorRows();
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

        /// <summary>Unit of a row's value and thresholds (mV, dC, mA, ...).</summary>
        /// <param name="row">Row.</param>
        /// <returns>Unit text.</returns>
        public static string Unit(int row)
        {
            return s_units[row];
        }

        /// <summary>True when a limit trips on a rising value (the others trip when it falls).</summary>
        /// <param name="limitId">Limit id.</param>
        /// <returns>True for over-limits.</returns>
        public static bool IsHighSide(int limitId)
        {
            return s_highSide[limitId];
        }

        /// <summary>The levels a row has (Level* bits).</summary>
        /// <param name="row">Row.</param>
        /// <returns>Level bits.</returns>
        public static int Levels(int row)
        {
            return s_levels[row];
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
            return level == LevelAlarm ? s_alarmReaction[row] : (level == LevelFault ? s_faultReaction[row] : 0);
        }

        /// <summary>What a sensor fault does as soon as it is raised, before its delay (Reaction* bits).</summary>
        /// <param name="row">Row.</param>
        /// <returns>Reaction bits.</returns>
        public static int ImmediateReaction(int row)
        {
            return s_immediateReaction[row];
        }

        /// <summary>True when a limit trips on its first violating sample, whatever prot.debounce says.</summary>
        /// <param name="limitId">Limit id.</param>
        /// <returns>True for immediate limits.</returns>
        public static bool Immediate(int limitId)
        {
            return s_immediate[limitId];
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

        /// <summary>Default of a configurable limit's key (warning, alarm, fault, hysteresis or delay by offset).</summary>
        /// <param name="limitId">Limit id below <see cref="LimitIds.ThresholdCount"/>.</param>
        /// <param name="offset">0 warning, 1 alarm, 2 fault, 3 hysteresis, 4 delay.</param>
        /// <returns>The default.</returns>
        public static int Default(int limitId, int offset)
        {
            return s_defaults[(limitId * 5) + offset];
        }

        /// <summary>Lowest threshold any setting may give the limit (the chemistry's or the component's envelope).</summary>
        /// <param name="limitId">Limit id below <see cref="LimitIds.ThresholdCount"/>.</param>
        /// <returns>The lowest threshold.</returns>
        public static int EnvelopeLowest(int limitId)
        {
            return s_lowest[limitId];
        }

        /// <summary>Highest threshold any setting may give the limit.</summary>
        /// <param name="limitId">Limit id below <see cref="LimitIds.ThresholdCount"/>.</param>
        /// <returns>The highest threshold.</returns>
        public static int EnvelopeHighest(int limitId)
        {
            return s_highest[limitId];
        }

        /// <summary>Smallest release hysteresis of a limit (release is always beyond trip by at least this).</summary>
        /// <param name="limitId">Limit id below <see cref="LimitIds.ThresholdCount"/>.</param>
        /// <returns>The smallest hysteresis.</returns>
        public static int HysteresisLowest(int limitId)
        {
            return s_hysteresisLowest[limitId];
        }

        /// <summary>Largest release hysteresis of a limit.</summary>
        /// <param name="limitId">Limit id below <see cref="LimitIds.ThresholdCount"/>.</param>
        /// <returns>The largest hysteresis.</returns>
        public static int HysteresisHighest(int limitId)
        {
            return s_hysteresisHighest[limitId];
        }

        /// <summary>Longest delay of a limit, ms (the envelope's reaction time).</summary>
        /// <param name="limitId">Limit id below <see cref="LimitIds.ThresholdCount"/>.</param>
        /// <returns>ms.</returns>
        public static int DelayLongestMs(int limitId)
        {
            return s_delayLongest[limitId];
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
            Limit(LimitIds.ShortCircuit, "short_circuit", "mA", highSide: true, alarm: ReactionHalveCharge | ReactionHalveDischarge, fault: OpenCharge | OpenDischarge);
            Thresholds(warning: 450000, alarm: 500000, fault: 560000, lowest: 280000, highest: 560000);
            Release(hysteresis: 50000, lowest: 1000, highest: 200000);
            Delay(ms: 0, longestMs: 200);
            s_immediate[s_row] = true;

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
            Limit(LimitIds.SensorFailure, "sensor", "flag", highSide: true, alarm: 0, fault: OpenBoth);
            s_levels[s_row] = LevelFault;
            s_delayKey[s_row] = Config.ProtectionKeys.SensorDelayMs;

            // the external stop input (GPIO13, active low): opens both FETs in the tick it is read, latched until
            // the input is released and the faults are cleared
            Limit(LimitIds.ExternalStop, "ext_stop", "flag", highSide: true, alarm: 0, fault: OpenBoth);
            s_levels[s_row] = LevelFault;
            s_delayKey[s_row] = NoKey;
        }

        private static void DefineSensorRows()
        {
            // every sensor fault stops the bleeders and holds the self-test as soon as it is raised (the measurement
            // it spoils is what balancing and the state machine decide on) and opens both FETs through the sensor
            // limit after prot.sensor.delay; the thresholds are the measurement's own constants unless a key is named
            Sensor(SensorFaultIds.OpenSenseWire, "open_wire", "tap", NoKey);
            Sensor(SensorFaultIds.NtcOpen, "ntc_open", "ntc", NoKey);
            Sensor(SensorFaultIds.NtcShort, "ntc_short", "ntc", NoKey);
            Sensor(SensorFaultIds.AdcStuck, "adc_stuck", "channel", NoKey);
            Sensor(SensorFaultIds.ReferenceOutOfRange, "ref_range", "channel", NoKey);
            Sensor(SensorFaultIds.SumMismatch, "sum_mismatch", "mV", Config.ProtectionKeys.SumToleranceMv);
            Sensor(SensorFaultIds.CurrentReference, "current_ref", "mV", NoKey);
            Sensor(SensorFaultIds.CurrentOffset, "current_offset", "mA", NoKey);
        }

        private static void Limit(int limitId, string name, string unit, bool highSide, int alarm, int fault)
        {
            s_row = limitId;
            s_names[limitId] = name;
            s_units[limitId] = unit;
            s_highSide[limitId] = highSide;
            s_levels[limitId] = AllLevels;
            s_alarmReaction[limitId] = alarm;
            s_faultReaction[limitId] = fault | ReactionStopBleeding;
            s_thresholdKey[limitId] = limitId < LimitIds.ThresholdCount ? Config.ProtectionKeys.Key(limitId, Config.ProtectionKeys.WarningOffset) : NoKey;
            s_delayKey[limitId] = limitId < LimitIds.ThresholdCount ? Config.ProtectionKeys.Key(limitId, Config.ProtectionKeys.DelayOffset) : NoKey;
        }

        private static void Thresholds(int warning, int alarm, int fault, int lowest, int highest)
        {
            s_defaults[s_row * 5] = warning;
            s_defaults[(s_row * 5) + 1] = alarm;
            s_defaults[(s_row * 5) + 2] = fault;
            s_lowest[s_row] = lowest;
            s_highest[s_row] = highest;
        }

        private static void Release(int hysteresis, int lowest, int highest)
        {
            s_defaults[(s_row * 5) + 3] = hysteresis;
            s_hysteresisLowest[s_row] = lowest;
            s_hysteresisHighest[s_row] = highest;
        }

        private static void Delay(int ms, int longestMs)
        {
            s_defaults[(s_row * 5) + 4] = ms;
            s_delayLongest[s_row] = longestMs;
        }

        private static void Sensor(int sensorId, string name, string unit, int thresholdKey)
        {
            int row = SensorRowBase + sensorId;
            s_names[row] = name;
            s_units[row] = unit;
            s_levels[row] = LevelFault;
            s_immediateReaction[row] = ReactionStopBleeding;
            s_faultReaction[row] = OpenBoth;
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
                if ((s_levels[id] & level) != 0 && (Reaction(id, level) & reaction) != 0)
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
                if ((s_immediateReaction[SensorRowBase + id] & reaction) != 0)
                {
                    bits |= 1 << id;
                }
            }

            return bits;
        }
    }
}
