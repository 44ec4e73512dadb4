using BatteryShift.Bms.Board;
using BatteryShift.Hal;
using BatteryShift.Hal.Esp32;
using nanoFramework.TestFramework;

namespace BatteryShift.DeviceTests
{
    /// <summary>
    /// The bleed shift register's bit order, read back through a loop-back. Wiring for this test: a jumper from
    /// the serial output QH' (pin 9) of the second 74HC595 (cells 9..16, the far end of the chain) to the
    /// external-stop input GPIO13, with the external stop switch unplugged. The register's outputs stay
    /// disabled (OE high) throughout, so no bleeder switches: QH' does not depend on OE.
    /// </summary>
    [TestClass]
    public class ShiftRegisterLoopbackTests
    {
        /// <summary>
        /// After <see cref="BleedShiftRegister.ShiftOut"/> the first bit shifted in (cell 16, mask bit 15) sits in
        /// the last stage, so QH' shows mask bit 15; each further clock brings the next lower bit.
        /// </summary>
        [TestMethod]
        public void ShiftedMaskComesBackInCellOrder()
        {
            Esp32Gpio gpio = TestBoard.Gpio;
            BleedShiftRegister bleed = TestBoard.Bleed;
            gpio.OpenInput(Bmu16.PinExternalStop, PinPull.Up);

            bleed.ShiftOut(0x0000);
            bool allClear = gpio.Read(Bmu16.PinExternalStop);
            bleed.ShiftOut(0xFFFF);
            bool allSet = gpio.Read(Bmu16.PinExternalStop);
            if (allClear == allSet)
            {
                bleed.ShiftOut(0);
                Assert.SkipTest("no loop-back jumper from QH' to GPIO13");
            }

            int[] masks = new int[] { 0xA5C3, 0x0001, 0x8000, 0x1234 };
            for (int m = 0; m < masks.Length; m++)
            {
                bleed.ShiftOut(masks[m]);
                for (int bit = Bmu16.MaxCells - 1; bit >= 0; bit--)
                {
                    bool expected = ((masks[m] >> bit) & 1) != 0;
                    Assert.IsTrue(gpio.Read(Bmu16.PinExternalStop) == expected, "mask " + masks[m] + " bit " + bit);
                    gpio.Write(Bmu16.PinBleedData, false);
                    gpio.Write(Bmu16.PinBleedClock, true);
                    gpio.Write(Bmu16.PinBleedClock, false);
                }
            }

            bleed.ShiftOut(0);
            Assert.IsTrue(!bleed.Enabled, "bleed outputs stayed disabled");
        }
    }
}
