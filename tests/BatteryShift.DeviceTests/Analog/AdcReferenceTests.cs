using BatteryShift.Bms.Board;
using nanoFramework.TestFramework;

namespace BatteryShift.DeviceTests
{
    /// <summary>
    /// The precision references REF_LO 0.500 V, REF_MID 1.250 V and REF_HI 2.048 V read through mux B on ADC1
    /// (GPIO39). The raw ESP32 counts are uncalibrated, so the tests check what must hold on every chip: the
    /// ratio of the reference spans (independent of the converter's gain), the order, the ground channel, and
    /// the gain within the chip-to-chip spread (docs/hardware.md: Vref 1000..1200 mV).
    /// </summary>
    [TestClass]
    public class AdcReferenceTests
    {
        private const int MinSpreadCounts = 300;

        /// <summary>
        /// (REF_MID - REF_LO) / (REF_HI - REF_LO) is 750 / 1548 = 0.4845 whatever the ADC gain; INL of +-12 LSB
        /// and averaged noise keep it within +-0.03.
        /// </summary>
        [TestMethod]
        public void ReferenceSpanRatioIsWithinTolerance()
        {
            int[] counts = new int[16];
            if (!TestBoard.ReadAllAux(counts, MinSpreadCounts))
            {
                Assert.SkipTest("no BMU-16 front end on mux B");
            }

            int low = counts[Bmu16.AuxRefLow];
            int mid = counts[Bmu16.AuxRefMid];
            int high = counts[Bmu16.AuxRefHigh];
            OutputHelper.WriteLine("REF_LO " + low + " REF_MID " + mid + " REF_HI " + high + " GND " + counts[Bmu16.AuxGround]);

            Assert.IsTrue(high > mid && mid > low, "references out of order");
            int ratioE3 = 1000 * (mid - low) / (high - low);
            int expectedE3 = 1000 * (Bmu16.RefMidMv - Bmu16.RefLowMv) / (Bmu16.RefHighMv - Bmu16.RefLowMv);
            Assert.IsTrue(ratioE3 >= expectedE3 - 30 && ratioE3 <= expectedE3 + 30, "span ratio " + ratioE3 + "/1000");
        }

        /// <summary>
        /// REF_HI - REF_LO (1548 mV) spans 1300..2100 counts: about 1.05 counts/mV at 12 dB attenuation and a
        /// 1100 mV Vref, +-10 % for the Vref spread and the attenuator; and the ground channel reads near zero.
        /// </summary>
        [TestMethod]
        public void ReferenceSpanAndGroundAreWithinTolerance()
        {
            int[] counts = new int[16];
            if (!TestBoard.ReadAllAux(counts, MinSpreadCounts))
            {
                Assert.SkipTest("no BMU-16 front end on mux B");
            }

            int span = counts[Bmu16.AuxRefHigh] - counts[Bmu16.AuxRefLow];
            Assert.IsTrue(span >= 1300 && span <= 2100, "REF_HI - REF_LO = " + span + " counts");
            Assert.IsTrue(counts[Bmu16.AuxGround] < 100, "ground reads " + counts[Bmu16.AuxGround] + " counts");
        }
    }
}
