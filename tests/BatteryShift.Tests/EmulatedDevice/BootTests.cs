using System.Linq;
using BatteryShift.Bms;
using BatteryShift.NanoEmulation.Board;
using Xunit;

namespace BatteryShift.Tests.EmulatedDevice
{
    /// <summary>
    /// The unmodified Program and Hal.Esp32 boot on the emulated nanoFramework packages and the virtual module.
    /// </summary>
    [Collection(EmulatedDeviceCollection.Name)]
    public sealed class BootTests
    {
        [Fact]
        public void BootsFromABlankFlashToStandby()
        {
            using var rig = new DeviceRig();
            rig.PowerOn();

            Assert.Null(rig.Device.BootFailure);
            Assert.True(rig.WaitForState(s => s == ModuleState.Standby, 10000), "state " + rig.Core.Status.State);
        }
    }
}
