using System;
using System.Text;
using BatteryShift.Bms;
using BatteryShift.Bms.Estimation;
using BatteryShift.Bms.Persistence;
using BatteryShift.Hal.Simulation;
using BatteryShift.Tests.Safety;
using Xunit;

namespace BatteryShift.Tests.Estimation
{
    /// <summary>
    /// The OCV curve as configuration: the built-ins are the published curves (against the simulation's data files,
    /// read by its own parser), a user's curve entered at the console is used and survives a restart, and every wrong
    /// entry, a remote change while remote control is off and a damaged stored curve change nothing in use and say why.
    /// </summary>
    public sealed class OcvCurveTests
    {
        // a plausible LFP curve, mV at 0, 5, ... 100 % (not any built-in)
        private static readonly int[] s_points =
        {
            2500, 3150, 3200, 3221, 3240, 3255, 3265, 3272, 3278, 3284, 3290,
            3296, 3302, 3308, 3315, 3322, 3328, 3333, 3338, 3345, 3500,
        };

        [Theory]
        [InlineData(OcvCurves.LithiumWerks, "lithiumwerks-apr18650m1b")]
        [InlineData(OcvCurves.Prada, "prada2013-afshar-chen")]
        [InlineData(OcvCurves.Safari, "safari2011-ecker")]
        public void EachBuiltinCurveIsThePublishedOne(int curve, string dataFile)
        {
            var filter = new CellSocFilter();
            Assert.True(filter.UseCurve(curve, null));
            OcvTable published = OcvTable.Builtin(dataFile);
            for (int pct = 0; pct <= 100; pct++)
            {
                Assert.Equal(published.Ocv(pct / 100.0, 25.0), filter.CurveOcvV(pct / 100f, 25f), 4);
            }

            // and back to the default, which is the firmware's own table
            Assert.True(filter.UseCurve(OcvCurves.Bpx, null));
            for (int pct = 0; pct <= 100; pct += 5)
            {
                Assert.Equal(LfpOcvTable.OcvV(pct / 100f, 25f), filter.CurveOcvV(pct / 100f, 25f));
            }
        }

        [Fact]
        public void AUserCurveEnteredAtTheConsoleIsUsedAndSurvivesARestart()
        {
            var board = new FakeBoard();
            BmsCore core = board.StartCore();
            Enter(core, s_points);
            string reply = Run(core, $"ocv commit {Check(s_points)}");
            Assert.StartsWith("0 curve user in use", reply, StringComparison.Ordinal);
            AssertUsesPoints(core);

            BmsCore restarted = board.StartCore();
            AssertUsesPoints(restarted);
            Assert.Contains("curve user", Run(restarted, "ocv"), StringComparison.Ordinal);
            Assert.Equal(0, restarted.Status.FallbackMask);

            // a built-in chosen later keeps the committed user curve stored for another switch back
            Assert.StartsWith("0 curve prada", Run(restarted, "ocv use prada"), StringComparison.Ordinal);
            Assert.Equal(OcvCurves.Prada, board.StartCore().Estimator.Curve);
            BmsCore again = board.StartCore();
            Assert.StartsWith("0 curve user", Run(again, "ocv use user"), StringComparison.Ordinal);
            AssertUsesPoints(again);
        }

        [Fact]
        public void AWrongCurveOrCheckFigureChangesNothing()
        {
            var board = new FakeBoard();
            BmsCore core = board.StartCore();

            // a point outside the envelope is refused on entry, and with it every other value on that line
            Assert.StartsWith("3 ", Run(core, "ocv pt 0 2500 3150 3900"), StringComparison.Ordinal);
            Assert.Equal(0, core.Estimator.UserPointMv(0));
            Assert.StartsWith("2 ", Run(core, "ocv pt 7 3200"), StringComparison.Ordinal);

            // a point not above the one before (35 %) is named at the commit
            int[] bent = (int[])s_points.Clone();
            bent[7] = bent[6];
            Enter(core, bent);
            string reply = Run(core, $"ocv commit {Check(bent)}");
            Assert.StartsWith("2 ", reply, StringComparison.Ordinal);
            Assert.Contains("point at 35 %", reply, StringComparison.Ordinal);
            AssertUntouched(board, core);

            // the right points with a check figure one off
            Enter(core, s_points);
            Assert.StartsWith("8 ", Run(core, $"ocv commit {(Check(s_points) + 1) & 0xFFFF}"), StringComparison.Ordinal);
            AssertUntouched(board, core);

            // a point mistyped after the figure was worked out
            Run(core, "ocv pt 50 3291");
            Assert.StartsWith("8 ", Run(core, $"ocv commit {Check(s_points)}"), StringComparison.Ordinal);
            AssertUntouched(board, core);

            // no user curve committed yet, an unknown name
            Assert.StartsWith("9 ", Run(core, "ocv use user"), StringComparison.Ordinal);
            Assert.StartsWith("2 ", Run(core, "ocv use nmc"), StringComparison.Ordinal);
            AssertUntouched(board, core);
        }

        [Fact]
        public void OverMqttWithRemoteControlOffTheCurveCannotBeChanged()
        {
            var board = new FakeBoard();
            BmsCore core = board.StartCore();
            Enter(core, s_points);
            Assert.StartsWith("4 ", Run(core, "ocv use prada", fromRemote: true), StringComparison.Ordinal);
            Assert.StartsWith("4 ", Run(core, $"ocv commit {Check(s_points)}", fromRemote: true), StringComparison.Ordinal);
            AssertUntouched(board, core);

            // reading is allowed
            Assert.StartsWith("0 curve bpx", Run(core, "ocv", fromRemote: true), StringComparison.Ordinal);
        }

        [Fact]
        public void ADamagedStoredCurveLeavesTheDefaultAndSaysSo()
        {
            var board = new FakeBoard();
            BmsCore core = board.StartCore();
            Assert.StartsWith("0 ", Run(core, "ocv use safari"), StringComparison.Ordinal);
            Assert.Equal(OcvCurves.Safari, board.StartCore().Estimator.Curve);

            board.Blobs[SocEstimator.CurveKey][6] ^= 0x01;
            BmsCore damaged = board.StartCore();
            Assert.Equal(OcvCurves.Bpx, damaged.Estimator.Curve);
            Assert.Equal(StoreFallback.OcvCurve, damaged.Status.FallbackMask & StoreFallback.OcvCurve);
            Assert.Contains("fallback: ocv_curve", Run(damaged, "status"), StringComparison.Ordinal);
            Assert.Equal(LfpOcvTable.OcvV(0.5f, 25f), damaged.Estimator.Filter.CurveOcvV(0.5f, 25f));
        }

        private static void AssertUsesPoints(BmsCore core)
        {
            Assert.Equal(OcvCurves.User, core.Estimator.Curve);
            for (int k = 0; k < 21; k++)
            {
                Assert.Equal(s_points[k] / 1000.0, core.Estimator.Filter.CurveOcvV(k * 0.05f, 25f), 4);
            }

            // linear between the points: half-way from 0 % to 5 %
            Assert.Equal((s_points[0] + s_points[1]) / 2000.0, core.Estimator.Filter.CurveOcvV(0.025f, 25f), 4);
        }

        private static void AssertUntouched(FakeBoard board, BmsCore core)
        {
            Assert.Equal(OcvCurves.Bpx, core.Estimator.Curve);
            Assert.False(board.Blobs.ContainsKey(SocEstimator.CurveKey));
            Assert.Equal(LfpOcvTable.OcvV(0.4f, 25f), core.Estimator.Filter.CurveOcvV(0.4f, 25f));
        }

        // the points three to a line, as a user types them
        private static void Enter(BmsCore core, int[] points)
        {
            for (int k = 0; k < points.Length; k += 3)
            {
                var line = new StringBuilder($"ocv pt {k * 5}");
                for (int j = k; j < Math.Min(k + 3, points.Length); j++)
                {
                    line.Append(' ').Append(points[j]);
                }

                Assert.StartsWith("0 ", Run(core, line.ToString()), StringComparison.Ordinal);
            }
        }

        // the documented check figure, worked out here: each point times its position 1..21, summed modulo 65536
        private static int Check(int[] points)
        {
            long sum = 0;
            for (int k = 0; k < points.Length; k++)
            {
                sum += (k + 1) * (long)points[k];
            }

            return (int)(sum % 65536);
        }

        private static string Run(BmsCore core, string line, bool fromRemote = false)
        {
            byte[] bytes = Encoding.ASCII.GetBytes(line);
            core.Commands.Execute(bytes, 0, bytes.Length, fromRemote);
            return Encoding.ASCII.GetString(core.Commands.Reply, 0, core.Commands.ReplyLength);
        }
    }
}
