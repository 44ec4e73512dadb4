namespace BatteryShift.Bms.Config
{
    /// <summary>
    /// Configuration keys of cell balancing (keys 100..119).
    /// </summary>
    public static class BalancingKeys
    {
        internal static void Define()
        {
        }
    }
}
