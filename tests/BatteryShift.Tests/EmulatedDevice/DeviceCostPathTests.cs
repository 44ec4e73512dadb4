using BatteryShift.Bench.Benchmarks;
using BatteryShift.Bms.Board;
using Xunit;

namespace BatteryShift.Tests.EmulatedDevice
{
    /// <summary>
    /// The device cost model's price of a pin write (tools/BatteryShift.Bench, device-cost): Esp32Gpio toggles the held
    /// GpioPin, and System.Device.Gpio 1.1.62's GpioPin.Toggle is an InternalCall (nf-interpreter Toggle___VOID: no
    /// lock, no search of the controller's open pins). So the managed IL of a write is the same for every pin, one
    /// native call, no lock and no list walk; a held GpioPin's Write takes the pin's lock.
    /// </summary>
    [Collection(EmulatedDeviceCollection.Name)]
    public class DeviceCostPathTests
    {
        [Fact]
        public void AWriteCostsTheSameForEveryPinOneNativeToggleWithoutLockOrListWalk()
        {
            DeviceCostBenchmark.PathCosts costs = DeviceCostBenchmark.PathCosts.Measure();

            // the firmware's opening order: charge FET first, mux S3 eleventh
            var first = costs.WriteByPin[Bmu16.PinChargeFet];
            var eleventh = costs.WriteByPin[Bmu16.PinMuxS3];
            Assert.Equal(first.Il, eleventh.Il);
            Assert.Equal(0.0, first.Steps);
            Assert.Equal(0.0, eleventh.Steps);
            Assert.Equal(1.0, eleventh.Natives);
            Assert.Equal(1.0, first.Natives);
            Assert.Equal(0.0, first.Locks);
            Assert.Equal(1.0, costs.HeldPinWrite.Locks);
        }
    }
}
