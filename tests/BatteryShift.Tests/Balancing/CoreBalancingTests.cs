using BatteryShift.Bms;
using BatteryShift.Bms.Balancing;
using BatteryShift.Bms.Config;
using BatteryShift.Hal.Simulation;
using BatteryShift.Harness;
using Xunit;

namespace BatteryShift.Tests.Balancing
{
    /// <summary>
    /// Balancing inside the unmodified core on the virtual module (measurement with its bleed-off phase,
    /// protection, state machine, estimation, outputs), judged by the module's truth. Ideal front end: the
    /// amplifier gain tolerance (1 %, about 33 mV at 3.3 V) is what the per-channel calibration takes out,
    /// and no voltage rule can work before it has been entered.
    /// </summary>
    public class CoreBalancingTests
    {
        private static VirtualModuleRunner TopOfChargeModule(int mode)
        {
            var options = new SimulationOptions { Seed = 21, InitialSocSpreadPct = 0, Errors = FrontEndErrors.Ideal };
            options.Cell.CapacityAh = 2.0;
            var config = new BmsConfig();
            Assert.Equal(ResultCode.Ok, config.TrySet(BalancingKeys.Mode, mode));

            // the ideal front end stands for a calibrated one; no cal points are entered, so allow balancing
            Assert.Equal(ResultCode.Ok, config.TrySet(BalancingKeys.AllowUncalibrated, 1));
            var runner = new VirtualModuleRunner(options, config);

            // resting near the top of charge, where the voltage shows the imbalance (cells 12-16 above 99 %):
            // cell 4 lowest
            for (int i = 0; i < 16; i++)
            {
                runner.Module.SetCellSoc(i, i == 3 ? 0.95 : 0.97 + (0.002 * i));
            }

            return runner;
        }

        [Fact]
        public void VoltageTopBalancingInTheCoreBleedsTheHighCellsNeverTheLowest()
        {
            var runner = TopOfChargeModule(BalancingMode.VoltageTop);
            int everBled = 0;
            double spreadStart = Spread(runner);
            for (int t = 0; t < 8 * 60 * 5; t++)
            {
                runner.Step();
                everBled |= runner.Truth.BleedMask;
            }

            Assert.Equal(0, everBled & (1 << 3));
            Assert.True(System.Numerics.BitOperations.PopCount((uint)everBled) >= 4, "bled " + everBled.ToString("X4"));
            Assert.True(Spread(runner) < spreadStart, "spread " + Spread(runner) + " from " + spreadStart);
            Assert.True(runner.Core.Status.CellBledMas[15] > 0);
        }

        [Fact]
        public void BleedingStopsInTheTickTheCoreSeesABoardSensorFault()
        {
            var runner = TopOfChargeModule(BalancingMode.VoltageTop);
            for (int t = 0; t < 300 && runner.Truth.BleedMask == 0; t++)
            {
                runner.Step();
            }

            Assert.NotEqual(0, runner.Truth.BleedMask);
            runner.Module.Faults.Inject(FaultKind.NtcOpen, 9);
            int ticks = 0;
            while (runner.Core.Status.SensorFaultMask == 0 && ticks < 50)
            {
                Assert.NotEqual(0, runner.Truth.BleedMask);
                runner.Step();
                ticks++;
            }

            Assert.NotEqual(0, runner.Core.Status.SensorFaultMask);
            Assert.Equal(0, runner.Truth.BleedMask);
            Assert.Equal(0, runner.Core.Status.BleedMask);
        }

        private static double Spread(VirtualModuleRunner runner)
        {
            double min = 1;
            double max = 0;
            for (int i = 0; i < 16; i++)
            {
                if (i == 3)
                {
                    continue;
                }

                min = System.Math.Min(min, runner.Truth.Soc[i]);
                max = System.Math.Max(max, runner.Truth.Soc[i]);
            }

            return max - min;
        }
    }
}
