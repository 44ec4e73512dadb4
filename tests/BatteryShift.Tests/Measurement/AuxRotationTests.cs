using System;
using BatteryShift.Bms;
using BatteryShift.Bms.Board;
using BatteryShift.Bms.Measurement;
using BatteryShift.Bms.Protection;
using BatteryShift.Tests.Safety;
using Xunit;

namespace BatteryShift.Tests.Measurement
{
    /// <summary>
    /// Mux B's schedule (<see cref="Acquisition.AuxSlowChannels"/>): the NTCs with a short reading, the module divider
    /// and the outer references with the full count in every scan, REF_MID, ground and the rail in turn; and nothing
    /// read while the converter input was stuck kept after it recovers.
    /// </summary>
    public class AuxRotationTests
    {
        private static readonly int[] s_everyScan = { Bmu16.AuxModuleDivider, Bmu16.AuxRefLow, Bmu16.AuxRefHigh };
        private static readonly int[] s_slow = { Bmu16.AuxRefMid, Bmu16.AuxGround, Bmu16.AuxRailHalf };

        [Fact]
        public void EachScanReadsTheNtcsTheDividerAndOuterReferencesAndOneSlowChannel()
        {
            var board = new FakeBoard();
            BmsCore core = board.StartCore();
            int oversample = core.Mux.Oversample;
            var slowSeen = new int[16];
            for (int scan = 0; scan < Acquisition.AuxSlowChannels; scan++)
            {
                Array.Clear(board.AuxConversions);
                board.Step(core);
                for (int t = 0; t < Bmu16.TemperatureCount; t++)
                {
                    Assert.Equal(NtcSmoothing.Conversions, board.AuxConversions[Bmu16.AuxNtcFirst + t]);
                }

                foreach (int ch in s_everyScan)
                {
                    Assert.Equal(oversample, board.AuxConversions[ch]);
                }

                int slowThisScan = 0;
                foreach (int ch in s_slow)
                {
                    slowSeen[ch] += board.AuxConversions[ch];
                    slowThisScan += board.AuxConversions[ch];
                }

                Assert.Equal(oversample, slowThisScan);
            }

            foreach (int ch in s_slow)
            {
                Assert.Equal(oversample, slowSeen[ch]);
            }
        }

        [Fact]
        public void ATemperatureStepIsSeenInTheScanThatReadsIt()
        {
            var board = new FakeBoard();
            BmsCore core = board.StartCore();
            board.TemperatureC[3] = 58;
            board.Step(core);
            Assert.InRange(core.Status.TemperatureDeciC[3], 575, 585);
        }

        [Fact]
        public void SmallChangesAreAveragedAcrossScansAndLargeOnesTakenAtOnce()
        {
            // sums of 16 conversions; readings of 4: half way each scan inside the step, at once beyond it
            int average = 16 * 2000;
            average = NtcSmoothing.Take(average, 4 * 2010, 16);
            Assert.Equal(16 * 2005, average);
            average = NtcSmoothing.Take(average, 4 * 2010, 16);
            Assert.Equal((16 * 2007) + 8, average);
            average = NtcSmoothing.Take(average, 4 * (2010 + NtcSmoothing.StepCounts + 1), 16);
            Assert.Equal(16 * (2010 + NtcSmoothing.StepCounts + 1), average);
            average = NtcSmoothing.Take(average, 4 * 1900, 16);
            Assert.Equal(16 * 1900, average);
        }

        [Fact]
        public void NothingReadWhileTheInputWasStuckOutlivesIt()
        {
            var board = new FakeBoard();
            BmsCore core = board.StartCore();

            // stuck long enough for the slow channels to take a stuck reading, not long enough to latch
            board.StuckCounts = 700;
            board.Step(core);
            board.Step(core);
            Assert.NotEqual(0, core.Status.SensorFaultMask & (1 << SensorFaultIds.AdcStuck));
            board.StuckCounts = null;
            board.Step(core);

            // the first good scan reads every channel again: temperatures, ground and rail are the truth's at once
            Assert.Equal((1 << Bmu16.TemperatureCount) - 1, core.Status.TemperatureValidMask);
            for (int t = 0; t < Bmu16.TemperatureCount; t++)
            {
                Assert.InRange(core.Status.TemperatureDeciC[t], 245, 255);
            }

            Assert.InRange(core.Status.RailMv, 3250, 3350);
            for (int i = 0; i < 2 * Acquisition.AuxSlowChannels; i++)
            {
                board.Step(core);
            }

            Assert.Equal(0, core.Status.WarningMask);
            Assert.Equal(0, core.Status.FaultMask & ~(1 << LimitIds.SensorFailure));
        }
    }
}
