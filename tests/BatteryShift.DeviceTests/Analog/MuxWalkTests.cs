using BatteryShift.Bms.Board;
using nanoFramework.TestFramework;

namespace BatteryShift.DeviceTests
{
    /// <summary>
    /// Walks mux B and checks that each select line (S0..S3 on GPIO25, 26, 27, 14) reaches the multiplexer:
    /// pairs of channels that differ in one select bit must read the different voltages the board puts there.
    /// Run at room temperature (10..40 C) with every NTC fitted: an NTC then reads between REF_LO and REF_HI.
    /// </summary>
    [TestClass]
    public class MuxWalkTests
    {
        /// <summary>
        /// GND (13) &lt; REF_LO (12) &lt; REF_MID (11) &lt; 3.3 V / 2 (15) &lt; REF_HI (10); every NTC channel
        /// (0..9) between REF_LO and REF_HI. S0: 10 against 11; S1: 10 against 8; S2: 12 against 8;
        /// S3: 13 against 5.
        /// </summary>
        [TestMethod]
        public void EachSelectLineSwitchesTheMux()
        {
            int[] counts = new int[16];
            if (!TestBoard.ReadAllAux(counts, 300))
            {
                Assert.SkipTest("no BMU-16 front end on mux B");
            }

            for (int channel = 0; channel < counts.Length; channel++)
            {
                OutputHelper.WriteLine("mux B " + channel + ": " + counts[channel]);
            }

            Assert.IsTrue(counts[Bmu16.AuxGround] < counts[Bmu16.AuxRefLow], "ground below REF_LO");
            Assert.IsTrue(counts[Bmu16.AuxRefLow] < counts[Bmu16.AuxRefMid], "REF_LO below REF_MID");
            Assert.IsTrue(counts[Bmu16.AuxRefMid] < counts[Bmu16.AuxRailHalf], "REF_MID below rail / 2");
            Assert.IsTrue(counts[Bmu16.AuxRailHalf] < counts[Bmu16.AuxRefHigh], "rail / 2 below REF_HI");
            for (int ntc = Bmu16.AuxNtcFirst; ntc <= Bmu16.AuxNtcBoard; ntc++)
            {
                Assert.IsTrue(counts[ntc] > counts[Bmu16.AuxRefLow] && counts[ntc] < counts[Bmu16.AuxRefHigh], "NTC channel " + ntc);
            }
        }
    }
}
