namespace BatteryShift.Bms
{
    /// <summary>
    /// Printable names of <see cref="ModuleState"/> values (nanoFramework has no enum names).
    /// </summary>
    public static class ModuleStateNames
    {
        private static readonly string[] s_names = new string[]
        {
            "boot", "selftest", "standby", "charging", "discharging", "rest", "fault", "service",
        };

        /// <summary>
        /// Lower-case name of a state, as used on the console and in telemetry.
        /// </summary>
        /// <param name="state">A state.</param>
        /// <returns>Its name, or "unknown".</returns>
        public static string Of(ModuleState state)
        {
            int i = (int)state;
            return i >= 0 && i < s_names.Length ? s_names[i] : "unknown";
        }
    }
}
