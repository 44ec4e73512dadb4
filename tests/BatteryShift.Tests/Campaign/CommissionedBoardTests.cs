using System;
using BatteryShift.Harness;
using BatteryShift.Harness.Campaign;
using BatteryShift.Hal.Simulation;
using Xunit;

namespace BatteryShift.Tests.Campaign
{
    /// <summary>
    /// The campaign's boards carry a bring-up calibration done on a twin: it must fit the board itself, which it does
    /// only when the twin drew the same error terms.
    /// </summary>
    public class CommissionedBoardTests
    {
        [Theory]
        [InlineData(11UL, 85.0)]
        [InlineData(12UL, 8.0)]
        public void TheTwinsCalibrationFitsTheBoard(ulong seed, double socPct)
        {
            var options = new SimulationOptions { Seed = seed, InitialSocPct = socPct, AmbientC = CommissionedBoard.BringUpAmbientC };
            var runner = new VirtualModuleRunner(options);
            int cells = CommissionedBoard.Calibrate(options, runner.Module.Store);
            runner.RunSeconds(8);
            double worst = 0;
            for (int i = 0; i < cells; i++)
            {
                Assert.True(runner.Core.Calibration.IsTwoPoint(i), "cell " + (i + 1) + " not calibrated");
                worst = Math.Max(worst, Math.Abs(runner.Core.Status.CellVoltageMv[i] - (runner.Truth.CellVoltageV[i] * 1000)));
            }

            // the same board uncalibrated reads its cells tens of mV off (1 % amplifiers, buffer offsets)
            var bare = new VirtualModuleRunner(new SimulationOptions { Seed = seed, InitialSocPct = socPct, AmbientC = CommissionedBoard.BringUpAmbientC });
            bare.RunSeconds(8);
            double bareWorst = 0;
            for (int i = 0; i < cells; i++)
            {
                bareWorst = Math.Max(bareWorst, Math.Abs(bare.Core.Status.CellVoltageMv[i] - (bare.Truth.CellVoltageV[i] * 1000)));
            }

            Assert.True(worst <= 5, $"calibrated board reads a cell {worst:0.0} mV off (uncalibrated {bareWorst:0.0} mV)");
            Assert.True(bareWorst > 2 * worst, $"uncalibrated {bareWorst:0.0} mV, calibrated {worst:0.0} mV: the calibration did nothing");
            Assert.Equal(0, runner.Core.Status.FaultMask);
        }
    }
}
