using System;
using BatteryShift.Bms;
using BatteryShift.Bms.Balancing;
using BatteryShift.Bms.Config;
using BatteryShift.Hal.Simulation;
using BatteryShift.Harness;
using BatteryShift.Simulator;
using Xunit;

namespace BatteryShift.Tests.CalibrationGate
{
    /// <summary>
    /// Balancing waits for the per-channel two-point calibration (the 1 % amplifier tolerance, about 33 mV,
    /// is larger than the differences balancing acts on), and the bring-up calibration the simulator does at
    /// start makes the readings agree with the simulation's truth.
    /// </summary>
    public class CalibrationGatesBalancingTests
    {
        private static VirtualModuleRunner TopOfChargeModule(int allowUncalibrated)
        {
            var options = new SimulationOptions { Seed = 21, InitialSocSpreadPct = 0, Errors = FrontEndErrors.Realistic };
            options.Cell.CapacityAh = 2.0;
            var config = new BmsConfig();
            Assert.Equal(ResultCode.Ok, config.TrySet(BalancingKeys.Mode, BalancingMode.VoltageTop));
            Assert.Equal(ResultCode.Ok, config.TrySet(BalancingKeys.AllowUncalibrated, allowUncalibrated));
            return new VirtualModuleRunner(options, config);
        }

        private static void SetTopOfCharge(VirtualModuleRunner runner)
        {
            // resting near the top of charge, cells 60 mV and more apart there; cell 4 lowest
            for (int i = 0; i < 16; i++)
            {
                runner.Module.SetCellSoc(i, i == 3 ? 0.95 : 0.97 + (0.002 * i));
            }
        }

        [Fact]
        public void UncalibratedModuleHoldsBalancingOffAndCalibrationReleasesIt()
        {
            var runner = TopOfChargeModule(0);
            SetTopOfCharge(runner);
            long bledTicks = 0;
            runner.AfterTick.Add(r => bledTicks += r.Truth.BleedMask != 0 ? 1 : 0);
            runner.RunSeconds(30);
            Assert.Equal(0, bledTicks);
            Assert.NotEqual(0, runner.Core.Status.BalancingInhibitMask & BalancingInhibit.Uncalibrated);
            Assert.NotEqual(0, runner.Core.Balancing.InhibitMask & BalancingInhibit.Uncalibrated);
            Assert.Contains("uncalibrated", BringUpCalibration.Command(runner, "balance"), StringComparison.Ordinal);

            BringUpCalibration.Run(runner);
            Assert.Equal(0xFFFF, runner.Core.Calibration.TwoPointMask);
            SetTopOfCharge(runner);
            int lowestBled = 0;
            runner.AfterTick.Add(r => lowestBled += (r.Truth.BleedMask & (1 << 3)) != 0 ? 1 : 0);
            runner.RunSeconds(30);
            Assert.Equal(0, runner.Core.Status.BalancingInhibitMask & BalancingInhibit.Uncalibrated);
            Assert.True(bledTicks > 0, "no bleeding after calibration");
            Assert.Equal(0, lowestBled);
            Assert.DoesNotContain("uncalibrated", BringUpCalibration.Command(runner, "balance"), StringComparison.Ordinal);

            // the constants and the two-point marks survive a restart through the store
            runner.Reset();
            runner.RunSeconds(2);
            Assert.Equal(0xFFFF, runner.Core.Calibration.TwoPointMask);
            Assert.Equal(0, runner.Core.Status.BalancingInhibitMask & BalancingInhibit.Uncalibrated);
        }

        [Fact]
        public void AllowingUncalibratedBalancingLetsItRun()
        {
            var runner = TopOfChargeModule(1);
            SetTopOfCharge(runner);
            long bledTicks = 0;
            runner.AfterTick.Add(r => bledTicks += r.Truth.BleedMask != 0 ? 1 : 0);
            runner.RunSeconds(30);
            Assert.Equal(0, runner.Core.Status.BalancingInhibitMask & BalancingInhibit.Uncalibrated);
            Assert.True(bledTicks > 0);
        }

        [Fact]
        public void SimulatorStartUpCalibrationMakesCellReadingsAgreeWithTruth()
        {
            double Worst(SimulatorHost host)
            {
                double worst = 0;
                var r = host.Runner;
                for (int i = 0; i < r.Core.Status.CellCount; i++)
                {
                    worst = Math.Max(worst, Math.Abs(r.Core.Status.CellVoltageMv[i] - (r.Truth.CellVoltageV[i] * 1000)));
                }

                return worst;
            }

            var calibrated = new SimulatorSettings { Speed = 0, DurationSeconds = 10, Broker = "off", ReadStdin = false, Scenario = "rest" };
            using var host = new SimulatorHost(calibrated, System.IO.Stream.Null);
            var log = new System.IO.StringWriter();
            host.Log = log;
            host.Run(default);
            Assert.Contains("calibration", log.ToString(), StringComparison.Ordinal);
            Assert.True(host.Runner.Core.Calibration.TwoPointMask == 0xFFFF, $"mask {host.Runner.Core.Calibration.TwoPointMask:X} restarts {host.Runner.RestartCount} log {log}");
            double calibratedMv = Worst(host);
            Assert.InRange(calibratedMv, 0, 4);

            var raw = new SimulatorSettings { Speed = 0, DurationSeconds = 10, Broker = "off", ReadStdin = false, Scenario = "rest", Calibrate = false };
            using var plain = new SimulatorHost(raw, System.IO.Stream.Null);
            plain.Run(default);
            Assert.Equal(0, plain.Runner.Core.Calibration.TwoPointMask);
            Assert.True(Worst(plain) > 8, $"uncalibrated worst error {Worst(plain):0.0} mV");
        }
    }
}
