using System;
using BatteryShift.Bms;
using BatteryShift.Bms.Config;
using BatteryShift.Hal.Simulation;
using BatteryShift.Harness;
using Xunit;
using Xunit.Abstractions;

namespace BatteryShift.Tests.Estimation
{
    /// <summary>
    /// The estimator in the unmodified core on the virtual module (pins, ADC counts, measurement stage),
    /// against the simulation's truth: a night's CC/CV charge from a start guessed 20 % high.
    /// </summary>
    public sealed class VirtualModuleSocTests
    {
        private readonly ITestOutputHelper _output;

        public VirtualModuleSocTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public void RecoversFromAWrongStartAndReadsFullAfterTheNightlyCharge()
        {
            var config = new BmsConfig();
            config.TrySet(ModuleKeys.TickPeriodMs, 1000);
            var options = new SimulationOptions { Seed = 9, StepSeconds = 0.2, InitialSocPct = 40, InitialHysteresis = -1, Load = new PeakShavingProfile() };
            var runner = new VirtualModuleRunner(options, config);
            runner.Start();
            var truth = runner.Truth;

            // commissioning: one multimeter point per cell (docs/hardware.md), FETs open in service
            runner.RunSeconds(10);
            Assert.Equal(ResultCode.Ok, runner.Core.EnterService());
            runner.RunSeconds(20);
            for (int i = 0; i < truth.CellCount; i++)
            {
                Assert.Equal(ResultCode.Ok, runner.Core.Calibrate(i, (int)Math.Round(truth.CellVoltageV[i] * 1000)));
            }

            Assert.Equal(ResultCode.Ok, runner.Core.ExitService());
            runner.Core.Estimator.SetSoc((float)(truth.ModuleSocPct + 20.0));

            // the overnight charge (00:00-06:00, CV 3.40 V/cell) ends near 04:00 from 40 %
            runner.RunSeconds(6 * 3600);
            var s = runner.Core.Status;
            double trueModule = truth.ModuleSocPct;
            _output.WriteLine($"after the charge: read {s.SocPct:F2} %, true {trueModule:F2} %");
            Assert.True(s.SocPct <= 100f);
            Assert.True(Math.Abs(s.SocPct - trueModule) <= 1.0, $"read {s.SocPct:F2} %, true {trueModule:F2} %");

            // the morning discharge and a rest: the module figure stays within 1 %
            double worst = 0;
            for (int k = 0; k < 12; k++)
            {
                runner.RunSeconds(900);
                worst = Math.Max(worst, Math.Abs(runner.Core.Status.SocPct - truth.ModuleSocPct));
            }

            _output.WriteLine($"worst module error over the next 3 h: {worst:F2} %");
            Assert.True(worst <= 1.0, $"worst {worst:F2} %");
        }

    }
}
