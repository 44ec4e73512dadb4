namespace BatteryShift.Bms.Measurement
{
    /// <summary>
    /// Sensor fault ids: bit n of <see cref="ModuleStatus.SensorFaultMask"/> is id n, and the code of
    /// <see cref="Events.EventKind.SensorFault"/> events (the event value names the channel). A sensor fault
    /// is a fault of the measurement, not of the cells; it opens the FETs after its delay
    /// (limit <see cref="Protection.LimitIds.SensorFailure"/>). Its name, delay and reactions are its row in
    /// <see cref="Protection.DiagnosisTable"/>.
    /// </summary>
    public static class SensorFaultIds
    {
        /// <summary>A cell sense wire is open; value = the cell index (0-based) whose reading is implausible.</summary>
        public const int OpenSenseWire = 0;

        /// <summary>An NTC reads open (above the table's cold end); value = temperature channel.</summary>
        public const int NtcOpen = 1;

        /// <summary>An NTC reads shorted (beyond the table's hot end); value = temperature channel.</summary>
        public const int NtcShort = 2;

        /// <summary>The ADC returns the same code whatever its input; value = ADC channel.</summary>
        public const int AdcStuck = 3;

        /// <summary>A precision reference reads outside its window; value = mux B channel of the reference.</summary>
        public const int ReferenceOutOfRange = 4;

        /// <summary>The module divider disagrees with the sum of the cells; value = difference, mV.</summary>
        public const int SumMismatch = 5;

        /// <summary>The current amplifier's reference reads outside its window; value = its voltage, mV.</summary>
        public const int CurrentReference = 6;

        /// <summary>The current sensor's zero (measured while both FETs are open) is beyond a healthy sensor's offset; value = offset, mA.</summary>
        public const int CurrentOffset = 7;

        /// <summary>
        /// A cell channel's calibrated reading is further from its raw one than a calibration may shift it
        /// (<see cref="CalibrationGuard"/>); value = the cell index. The reading that trips earlier is used.
        /// </summary>
        public const int CalibrationRange = 8;

        /// <summary>Number of sensor fault ids.</summary>
        public const int Count = 9;
    }
}
