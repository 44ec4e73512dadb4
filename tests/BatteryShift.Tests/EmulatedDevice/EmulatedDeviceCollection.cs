using Xunit;

namespace BatteryShift.Tests.EmulatedDevice
{
    /// <summary>The firmware and the emulated packages keep static state, as on the chip: one emulated device at a
    /// time in the process.</summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class EmulatedDeviceCollection
    {
        public const string Name = "emulated ESP32";
    }
}
