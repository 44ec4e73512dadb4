namespace BatteryShift.Bms.Config
{
    /// <summary>
    /// Configuration keys of mqtt, wi-fi and console (keys 120..139).
    /// </summary>
    public static class CommsKeys
    {
        internal static void Define()
        {
        }
    }
}
