using System;
using System.Collections.Generic;
using System.Linq;
using BatteryShift.Bench.Simulator;
using BatteryShift.Hal.Simulation;
using BatteryShift.Harness;
using Xunit;
using Xunit.Abstractions;

namespace BatteryShift.Tests.Limits
{
    /// <summary>
    /// The converter that follows the limits on the virtual module with the unmodified core: over a lost network its
    /// limits go stale and it stops; and the short versions of the sim-default and sim-ignore benchmarks (one simulated
    /// day of the simulator's default run each), judged by the simulation's ground truth.
    /// </summary>
    public sealed class ConverterOnVirtualModuleTests
    {
        private readonly ITestOutputHelper _output;

        public ConverterOnVirtualModuleTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public void ALostNetworkMakesTheLimitsStaleAndTheConverterStops()
        {
            var runner = new VirtualModuleRunner(new SimulationOptions { Load = new ConstantCurrentProfile(-50) });
            ConverterLink link = ConverterLink.Follow(runner);
            runner.RunSeconds(30);
            Assert.Equal(-50.0, runner.Truth.PackCurrentA, 6);
            Assert.True(link.Converter.Limits.Valid);

            double lossAt = runner.Module.TimeSeconds + 0.05;
            runner.Module.Faults.At(lossAt, FaultKind.NetworkLoss, durationSeconds: 20);
            var currentAt = new List<(double T, double A)>();
            runner.AfterTick.Add(r => currentAt.Add((r.Module.TimeSeconds - lossAt, r.Truth.PackCurrentA)));
            runner.RunSeconds(30);

            // the last message came at most one period (1 s) before the loss: the converter runs on until its limits are
            // 5 s old, stops by 5 s after the loss, and starts again (ramping) once messages arrive
            Assert.All(currentAt.Where(p => p.T > 0 && p.T < 3.9), p => Assert.Equal(-50.0, p.A, 6));
            Assert.All(currentAt.Where(p => p.T > 5.3 && p.T < 20), p => Assert.Equal(0.0, p.A));
            Assert.Contains(currentAt, p => p.T > 20 && p.A < -5);
            Assert.Equal(-50.0, runner.Truth.PackCurrentA, 6);
        }

        [Fact]
        public void DefaultRunWithTheConverterFollowingRaisesNothing()
        {
            DefaultScenarioRun run = DefaultScenarioRun.Run(ConverterMode.Follow, 1);
            _output.WriteLine($"follow, 1 day: alarms {DefaultScenarioRun.Names(run.AlarmsByName)}, faults {DefaultScenarioRun.Names(run.FaultsByName)}, max cell {run.MaxCellMv:0.0} mV, min {run.MinCellMv:0.0} mV, out {run.EnergyOutKwh:0.0} kWh, {run.LimitsMessages} limits messages");
            Assert.Equal(0, run.Alarms);
            Assert.Equal(0, run.Faults);
            Assert.Equal(0, run.Restarts);
            Assert.InRange(run.MaxCellMv, 3300, 3650);
            Assert.True(run.LimitsMessages >= 86400, $"{run.LimitsMessages} limits messages in a day");

            // it still served the site: the evening and morning peaks (0.07 and 0.16 C x 51.2 V x 2 and 4 h = 11.2 kWh)
            Assert.InRange(run.EnergyOutKwh, 10.0, 12.0);
            Assert.True(run.ConverterLimitedTicks.GetValueOrDefault(nameof(ConverterLimit.ChargeCurrent)) > 0, "the converter never capped the charge at CCL");
        }

        [Fact]
        public void DefaultRunWithTheConverterIgnoringTheLimitsIsStoppedInTime()
        {
            DefaultScenarioRun run = DefaultScenarioRun.Run(ConverterMode.Ignore, 1);
            _output.WriteLine($"ignore, 1 day: alarms {DefaultScenarioRun.Names(run.AlarmsByName)}, faults {DefaultScenarioRun.Names(run.FaultsByName)}, max cell {run.MaxCellMv:0.0} mV, FET opened {run.ChargeFetOpenedByFault}");

            // what the issue saw on day 1: the converter keeps charging and the highest cell passes the alarm level
            Assert.True(run.AlarmsByName.GetValueOrDefault("cell_ov") >= 1, "no cell_ov alarm without a converter that follows the limits");
            Assert.Equal(0, run.LimitsMessages);

            // and the protection keeps it below the fault threshold (3750 mV) plus 50 mV; a fault, if any, opened the FET
            Assert.InRange(run.MaxCellMv, 3650, 3800);
            Assert.True(run.Faults == 0 || run.ChargeFetOpenedByFault > 0);
        }
    }
}
