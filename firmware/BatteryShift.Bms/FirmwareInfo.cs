namespace BatteryShift.Bms
{
    /// <summary>
    /// The firmware's identity as other systems see it (Home Assistant's device page, the discovery origin). The one
    /// owner of the version text; it follows the core assembly's version (Properties/AssemblyInfo.cs).
    /// </summary>
    public static class FirmwareInfo
    {
        /// <summary>Firmware name.</summary>
        public const string Name = "BatteryShift";

        /// <summary>Firmware version (major.minor.patch).</summary>
        public const string Version = "0.1.0";
    }
}
