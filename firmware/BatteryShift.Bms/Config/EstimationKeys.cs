namespace BatteryShift.Bms.Config
{
    /// <summary>
    /// Configuration keys of state-of-charge and health estimation (keys 80..99).
    /// </summary>
    public static class EstimationKeys
    {
        internal static void Define()
        {
        }
    }
}
