using BatteryShift.Bench.Benchmarks;
using BatteryShift.Bms.Board;
using Xunit;

namespace BatteryShift.Tests.EmulatedDevice
{
    /// <summary>
    /// The device cost model's price of a pin write through the controller (tools/BatteryShift.Bench, device-cost):
    /// System.Device.Gpio 1.1.62's GpioController.Write goes straight to native code, whose GetGpioPin walks the open
    /// pins in C (nf-interpreter). So the managed IL of a write is the same for every pin, the walk's length is the
    /// pin's place in the opening order, and no lock is taken; a held GpioPin's Write takes one.
    /// </summary>
    [Collection(EmulatedDeviceCollection.Name)]
    public class DeviceCostPathTests
    {
        [Fact]
        public void AControllerWriteCostsTheSameManagedIlForEveryPinAndWalksToThePinsPlace()
        {
            DeviceCostBenchmark.PathCosts costs = DeviceCostBenchmark.PathCosts.Measure();

            // the firmware's opening order: charge FET first, mux S3 eleventh
            var first = costs.WriteByPin[Bmu16.PinChargeFet];
            var eleventh = costs.WriteByPin[Bmu16.PinMuxS3];
            Assert.Equal(first.Il, eleventh.Il);
            Assert.Equal(1.0, first.Steps);
            Assert.Equal(11.0, eleventh.Steps);
            Assert.Equal(1.0, first.Natives);
            Assert.Equal(0.0, first.Locks);
            Assert.Equal(1.0, costs.HeldPinWrite.Locks);
        }
    }
}
