namespace BatteryShift.Bms.Balancing
{
    /// <summary>
    /// Reasons why every bleeder is held off (<see cref="BalancingController.InhibitMask"/>), as bits; decided by
    /// <see cref="BleedPermission"/>.
    /// </summary>
    public static class BalancingInhibit
    {
        /// <summary>Balancing is switched off by configuration.</summary>
        public const int Disabled = 1;

        /// <summary>No valid measurement yet.</summary>
        public const int NoMeasurement = 2;

        /// <summary>A fault is latched.</summary>
        public const int Fault = 4;

        /// <summary>A sensor fault is active.</summary>
        public const int SensorFault = 8;

        /// <summary>The board is too hot (<see cref="Config.BalancingKeys.BoardMaxDeciC"/>).</summary>
        public const int OverTemperature = 16;

        /// <summary>The state machine is in a state without balancing (boot, self-test, service).</summary>
        public const int State = 32;

        /// <summary>
        /// A configured cell channel has no two-point calibration (<see cref="Measurement.Calibration.IsTwoPoint"/>)
        /// and <see cref="Config.BalancingKeys.AllowUncalibrated"/> is 0. With the difference amplifiers' 1 % gain
        /// tolerance an uncalibrated channel reads up to about 33 mV off (docs/hardware.md), more than the
        /// differences balancing acts on, so the truly lowest cell could be bled.
        /// </summary>
        public const int Uncalibrated = 64;

        /// <summary>
        /// A protection alarm whose reaction stops the bleeders is raised (board_ot: the board or the shunt is hot,
        /// <see cref="Protection.DiagnosisTable.StopBleedingAlarmBits"/>). Holds the bleeders off without cancelling
        /// the balancer's plan.
        /// </summary>
        public const int ProtectionAlarm = 128;
    }
}
