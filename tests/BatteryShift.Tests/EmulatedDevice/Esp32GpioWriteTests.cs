extern alias device;

using System;
using BatteryShift.Bms.Board;
using Xunit;

namespace BatteryShift.Tests.EmulatedDevice
{
    /// <summary>
    /// Esp32Gpio drives an output by toggling its held GpioPin only when the level changes (nanoFramework's Toggle is
    /// the one lock-free native write). The pad of the virtual board is the truth: after every write, repeated levels
    /// included, it must hold the level written last.
    /// </summary>
    [Collection(EmulatedDeviceCollection.Name)]
    public sealed class Esp32GpioWriteTests
    {
        [Fact]
        public void EveryOutputHoldsTheLevelWrittenLastThroughRepeatsAndChanges()
        {
            using var rig = new DeviceRig();
            rig.Device.AttachWithoutFirmware();
            var gpio = new device::BatteryShift.Hal.Esp32.Esp32Gpio(new device::System.Device.Gpio.GpioController());
            int[] pins = { Bmu16.PinMuxS0, Bmu16.PinMuxS3, Bmu16.PinBleedClock, Bmu16.PinStatusLed };
            foreach (int pin in pins)
            {
                gpio.OpenOutput(pin, false);
                Assert.False(rig.Module.Gpio.Level(pin));
            }

            var random = new Random(15);
            for (int i = 0; i < 400; i++)
            {
                int pin = pins[random.Next(pins.Length)];
                bool high = random.Next(3) == 0 ? rig.Module.Gpio.Level(pin) : random.Next(2) == 0;
                gpio.Write(pin, high);
                Assert.Equal(high, rig.Module.Gpio.Level(pin));
            }
        }

        [Fact]
        public void AnOutputOpenedAgainTakesTheNewInitialLevel()
        {
            using var rig = new DeviceRig();
            rig.Device.AttachWithoutFirmware();
            var gpio = new device::BatteryShift.Hal.Esp32.Esp32Gpio(new device::System.Device.Gpio.GpioController());
            gpio.OpenOutput(Bmu16.PinChargeFet, false);
            gpio.Write(Bmu16.PinChargeFet, true);
            gpio.OpenOutput(Bmu16.PinChargeFet, false);
            Assert.False(rig.Module.Gpio.Level(Bmu16.PinChargeFet));
            gpio.OpenOutput(Bmu16.PinChargeFet, false);
            Assert.False(rig.Module.Gpio.Level(Bmu16.PinChargeFet));
            gpio.Write(Bmu16.PinChargeFet, true);
            Assert.True(rig.Module.Gpio.Level(Bmu16.PinChargeFet));
        }
    }
}
