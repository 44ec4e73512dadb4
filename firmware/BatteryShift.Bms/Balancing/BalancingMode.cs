namespace BatteryShift.Bms.Balancing
{
    /// <summary>
    /// Values of the balancing mode setting (<see cref="Config.BalancingKeys.Mode"/>).
    /// </summary>
    public static class BalancingMode
    {
        /// <summary>No balancing: every bleeder stays off.</summary>
        public const int Off = 0;

        /// <summary>Voltage-based top balancing (<see cref="VoltageTopStrategy"/>).</summary>
        public const int VoltageTop = 1;

        /// <summary>Charge-based balancing from the estimator's charge-to-full (<see cref="ChargeStrategy"/>).</summary>
        public const int Charge = 2;
    }
}
