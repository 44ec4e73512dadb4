using System.IO;

namespace BatteryShift.Tests.Wiring
{
    /// <summary>Folders the wiring tests read.</summary>
    internal static class WiringPaths
    {
        public static string Diagrams => Path.Combine(RepoPaths.Root, "wiring-diagrams");

        /// <summary>Device source roots: the portable firmware, the firmware app and the ESP32 HAL.</summary>
        public static string[] DeviceSourceRoots => new[]
        {
            Path.Combine(RepoPaths.Root, "firmware"),
            Path.Combine(RepoPaths.Root, "hardware-abstraction", "BatteryShift.Hal.Esp32"),
        };
    }
}
