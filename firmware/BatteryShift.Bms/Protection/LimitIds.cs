namespace BatteryShift.Bms.Protection
{
    /// <summary>
    /// Protection limit ids: bit n of <see cref="ModuleStatus.WarningMask"/>, <see cref="ModuleStatus.AlarmMask"/>
    /// and <see cref="ModuleStatus.FaultMask"/> is limit id n, and the code of warning, alarm and fault events.
    /// Each limit has three levels (warning, alarm with derating, fault opening FETs).
    /// </summary>
    public static class LimitIds
    {
        /// <summary>Highest cell voltage above its limit.</summary>
        public const int CellOvervoltage = 0;

        /// <summary>Lowest cell voltage below its limit.</summary>
        public const int CellUndervoltage = 1;

        /// <summary>Hottest cell group above the charging limit.</summary>
        public const int ChargeOvertemperature = 2;

        /// <summary>Coldest cell group below the charging limit.</summary>
        public const int ChargeUndertemperature = 3;

        /// <summary>Hottest cell group above the discharging limit.</summary>
        public const int DischargeOvertemperature = 4;

        /// <summary>Coldest cell group below the discharging limit.</summary>
        public const int DischargeUndertemperature = 5;

        /// <summary>Charge current above its limit.</summary>
        public const int ChargeOvercurrent = 6;

        /// <summary>Discharge current above its limit.</summary>
        public const int DischargeOvercurrent = 7;

        /// <summary>Current magnitude at short-circuit level (either direction, no delay by default).</summary>
        public const int ShortCircuit = 8;

        /// <summary>Module voltage (divider, per cell average) above its limit.</summary>
        public const int ModuleOvervoltage = 9;

        /// <summary>Module voltage (divider, per cell average) below its limit.</summary>
        public const int ModuleUndervoltage = 10;

        /// <summary>Board or shunt temperature above its limit.</summary>
        public const int BoardOvertemperature = 11;

        /// <summary>A sensor fault persisted longer than its delay: the module fails safe.</summary>
        public const int SensorFailure = 12;

        /// <summary>
        /// The external stop input (GPIO13, active low) was asserted: opens both FETs in the tick it is read,
        /// latched until the input is released and the faults are cleared.
        /// </summary>
        public const int ExternalStop = 13;

        /// <summary>Number of limits.</summary>
        public const int Count = 14;

        /// <summary>Limits with configurable thresholds (all but <see cref="SensorFailure"/>).</summary>
        public const int ThresholdCount = 12;

        /// <summary>Faults that open the charge FET.</summary>
        public const int ChargeFaultBits = (1 << CellOvervoltage) | (1 << ChargeOvertemperature) | (1 << ChargeUndertemperature)
            | (1 << ChargeOvercurrent) | (1 << ShortCircuit) | (1 << ModuleOvervoltage) | (1 << BoardOvertemperature) | (1 << SensorFailure) | (1 << ExternalStop);

        /// <summary>Faults that open the discharge FET.</summary>
        public const int DischargeFaultBits = (1 << CellUndervoltage) | (1 << DischargeOvertemperature) | (1 << DischargeUndertemperature)
            | (1 << DischargeOvercurrent) | (1 << ShortCircuit) | (1 << ModuleUndervoltage) | (1 << BoardOvertemperature) | (1 << SensorFailure) | (1 << ExternalStop);

        /// <summary>Limits that trip when the value rises (the others trip when it falls).</summary>
        public const int HighSideBits = (1 << CellOvervoltage) | (1 << ChargeOvertemperature) | (1 << DischargeOvertemperature)
            | (1 << ChargeOvercurrent) | (1 << DischargeOvercurrent) | (1 << ShortCircuit) | (1 << ModuleOvervoltage)
            | (1 << BoardOvertemperature) | (1 << SensorFailure) | (1 << ExternalStop);

        private static readonly string[] s_names = new string[]
        {
            "cell_ov", "cell_uv", "charge_ot", "charge_ut", "discharge_ot", "discharge_ut", "charge_oc", "discharge_oc",
            "short_circuit", "module_ov", "module_uv", "board_ot", "sensor", "ext_stop",
        };

        /// <summary>
        /// Lower-case name of a limit (console, telemetry, config key prefix).
        /// </summary>
        /// <param name="id">Limit id.</param>
        /// <returns>Its name, or "unknown".</returns>
        public static string Name(int id)
        {
            return id >= 0 && id < s_names.Length ? s_names[id] : "unknown";
        }

        /// <summary>
        /// True when the limit trips on a rising value.
        /// </summary>
        /// <param name="id">Limit id.</param>
        /// <returns>True for over-limits.</returns>
        public static bool IsHighSide(int id)
        {
            return ((HighSideBits >> id) & 1) != 0;
        }
    }
}
