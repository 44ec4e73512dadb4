using System;
using BatteryShift.Bms;
using BatteryShift.Hal.Simulation;
using BatteryShift.Harness;
using Xunit;

namespace BatteryShift.Tests.Safety
{
    /// <summary>
    /// The bring-up calibration on the worst-case ESP32 ADC (docs/adc-model.md), against the simulation's truth: corner
    /// chips (every term at its published limit) on a board with the 1 % difference amplifiers and the MCP6002 buffers'
    /// 4.5 mV offsets, two points per cell taken far apart (near empty and at the top of charge, the multimeter reading
    /// the true voltage to 1 mV). Every point is accepted and the calibrated cells then read 2.5-3.65 V within the bound
    /// the meas-accuracy benchmark measures on them (short version of that benchmark, board at 25 C).
    /// </summary>
    public sealed class WorstAdcCalibrationTests
    {
        // the corners: 1 and 3 the lowest Vref (their cells reach furthest up the converter's range), 14 the highest;
        // seeds as the meas-accuracy benchmark's full run draws them
        [Theory]
        [InlineData(2101UL, 1)]
        [InlineData(2103UL, 3)]
        [InlineData(2114UL, 14)]
        public void CornerChipsTakeTheirCalibrationAndReadWithinTheBound(ulong seed, int corner)
        {
            var runner = new VirtualModuleRunner(new SimulationOptions { Seed = seed, Adc = AdcGrade.Worst, AdcCorner = corner });
            runner.RunSeconds(3);
            BmsCore core = runner.Core;
            core.EnterService();
            foreach (double soc in new[] { 0.01, 1.0 })
            {
                SetAllSoc(runner, soc);
                runner.RunSeconds(4);
                for (int i = 0; i < runner.Module.CellCount; i++)
                {
                    int result = core.Calibrate(i, (int)Math.Round(runner.Truth.CellVoltageV[i] * 1000));
                    Assert.True(result == ResultCode.Ok, $"cell {i} at soc {soc}: {result}, guard reason {core.CalibrationGuard.LastReason} shift {core.CalibrationGuard.LastShiftMv:0.0} mV");
                }
            }

            core.ExitService();
            runner.RunSeconds(2);
            double worst = 0;
            int cells = runner.Module.CellCount;
            for (int step = 0; step < 6; step++)
            {
                for (int i = 0; i < cells; i++)
                {
                    runner.Module.SetCellSoc(i, ((i * 6) + step) / (double)((cells * 6) - 1));
                }

                runner.Step();
                for (int i = 0; i < cells; i++)
                {
                    double truth = runner.Truth.CellVoltageV[i] * 1000;
                    if (truth >= 2500 && truth <= 3650)
                    {
                        worst = Math.Max(worst, Math.Abs(core.Status.CellVoltageMv[i] - truth));
                    }
                }
            }

            Assert.True(worst <= 32, $"worst cell error {worst:0.0} mV");
        }

        private static void SetAllSoc(VirtualModuleRunner runner, double soc)
        {
            for (int i = 0; i < runner.Module.CellCount; i++)
            {
                runner.Module.SetCellSoc(i, soc);
            }
        }
    }
}
