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
    /// Mux B's schedule (<see cref="Acquisition.AuxRotatingPerScan"/>): the module divider and the outer references in
    /// every scan, the thirteen slow channels in turn, none older than a rotation, and nothing read while the converter
    /// input was stuck kept after it recovers.
    /// </summary>
    public class AuxRotationTests
    {
        private static readonly int[] s_everyScan = { Bmu16.AuxModuleDivider, Bmu16.AuxRefLow, Bmu16.AuxRefHigh };

        [Fact]
        public void TheDividerAndOuterReferencesAreReadEveryScanAndEveryChannelOnceARotation()
        {
            var board = new FakeBoard();
            BmsCore core = board.StartCore();
            int oversample = core.Mux.Oversample;
            var seen = new int[16];
            for (int scan = 0; scan < Acquisition.AuxRotationScans; scan++)
            {
                Array.Clear(board.AuxConversions);
                board.Step(core);
                int total = 0;
                for (int ch = 0; ch < 16; ch++)
                {
                    seen[ch] += board.AuxConversions[ch];
                    total += board.AuxConversions[ch];
                }

                foreach (int ch in s_everyScan)
                {
                    Assert.Equal(oversample, board.AuxConversions[ch]);
                }

                // the open-wire test and the cells use mux A only: mux B converts six channels a scan
                Assert.Equal((3 + Acquisition.AuxRotatingPerScan) * oversample, total);
            }

            for (int ch = 0; ch < 16; ch++)
            {
                Assert.True(seen[ch] >= oversample, $"mux B channel {ch} not read in {Acquisition.AuxRotationScans} scans");
            }
        }

        [Fact]
        public void ATemperatureChangeIsSeenWithinOneRotation()
        {
            var board = new FakeBoard();
            BmsCore core = board.StartCore();
            for (int t = 0; t < Bmu16.TemperatureCount; t++)
            {
                board.TemperatureC[t] = 38;
            }

            for (int scan = 0; scan < Acquisition.AuxRotationScans; scan++)
            {
                board.Step(core);
            }

            for (int t = 0; t < Bmu16.TemperatureCount; t++)
            {
                Assert.InRange(core.Status.TemperatureDeciC[t], 370, 390);
            }
        }

        [Fact]
        public void NothingReadWhileTheInputWasStuckOutlivesIt()
        {
            var board = new FakeBoard();
            BmsCore core = board.StartCore();

            // stuck long enough for the rotation to take a stuck reading of several NTCs, not long enough to latch
            board.StuckCounts = 700;
            board.Step(core);
            board.Step(core);
            Assert.NotEqual(0, core.Status.SensorFaultMask & (1 << SensorFaultIds.AdcStuck));
            board.StuckCounts = null;
            board.Step(core);

            // the first good scan reads every channel again: every temperature is the truth's at once
            Assert.Equal((1 << Bmu16.TemperatureCount) - 1, core.Status.TemperatureValidMask);
            for (int t = 0; t < Bmu16.TemperatureCount; t++)
            {
                Assert.InRange(core.Status.TemperatureDeciC[t], 240, 260);
            }

            for (int i = 0; i < 2 * Acquisition.AuxRotationScans; i++)
            {
                board.Step(core);
            }

            Assert.Equal(0, core.Status.WarningMask);
            Assert.Equal(0, core.Status.FaultMask & ~(1 << LimitIds.SensorFailure));
        }
    }
}
