namespace BatteryShift.Bms.Protection
{
    /// <summary>
    /// Protection limit ids: bit n of <see cref="ModuleStatus.WarningMask"/>, <see cref="ModuleStatus.AlarmMask"/>
    /// and <see cref="ModuleStatus.FaultMask"/> is limit id n, and the code of warning, alarm and fault events.
    /// Everything else about a limit (name, direction, levels, thresholds' keys, delay, release, reaction) is its
    /// row in <see cref="DiagnosisTable"/>.
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

        /// <summary>
        /// The fault log could not be read after a reset (a copy not intact, or its write cut short): a latch may
        /// have been lost, so both FETs stay open until a clear at the local console (never a remote one).
        /// </summary>
        public const int FaultLogLost = 14;

        /// <summary>
        /// A control tick threw: the outputs are forced off in that tick and both FETs stay open until the faults are
        /// cleared (the tick that failed does not service the external watchdog either).
        /// </summary>
        public const int FirmwareFault = 15;

        /// <summary>Number of limits.</summary>
        public const int Count = 16;

        /// <summary>Limits with configurable thresholds: ids below this (all but <see cref="SensorFailure"/>, <see cref="ExternalStop"/>, <see cref="FaultLogLost"/> and <see cref="FirmwareFault"/>).</summary>
        public const int ThresholdCount = 12;
    }
}
