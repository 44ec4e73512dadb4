using System;
using System.Text;
using BatteryShift.Bms;
using BatteryShift.Bms.Config;
using BatteryShift.Hal.Simulation;
using BatteryShift.Harness;
using Xunit;

namespace BatteryShift.Tests.ConsoleTests
{
    /// <summary>The console commands that reach the safety core, on the unmodified core over the virtual module.</summary>
    public class ConsoleOnVirtualModuleTests
    {
        private static string Run(VirtualModuleRunner runner, string command, bool fromRemote = false)
        {
            byte[] line = Encoding.ASCII.GetBytes(command);
            runner.Core.Commands.Execute(line, 0, line.Length, fromRemote);
            return Encoding.ASCII.GetString(runner.Core.Commands.Reply, 0, runner.Core.Commands.ReplyLength);
        }

        [Fact]
        public void SavedConfigurationSurvivesAReboot()
        {
            var runner = new VirtualModuleRunner(new SimulationOptions());
            runner.RunSeconds(5);
            Assert.StartsWith("0 serial.period 2000", Run(runner, "config set serial.period 2000"));
            Assert.Equal("0 configuration and calibration stored", Run(runner, "config save"));
            Assert.Equal("0 rebooting", Run(runner, "reboot"));
            runner.RunSeconds(2);
            Assert.Equal(1, runner.RestartCount);
            Assert.Equal(2000, runner.Core.Config.Get(ConsoleKeys.SerialPeriodMs));
        }

        [Fact]
        public void CalibrationNeedsServiceAndTakesTheMultimeterReading()
        {
            var runner = new VirtualModuleRunner(new SimulationOptions());
            runner.RunSeconds(10);
            int trueMv = (int)Math.Round(runner.Truth.CellVoltageV[2] * 1000);
            Assert.Equal("4 refused: calibration needs service mode (service on)", Run(runner, $"cal 3 {trueMv}"));
            Assert.StartsWith("4 refused", Run(runner, "service on", fromRemote: true));
            Assert.StartsWith("0 service", Run(runner, "service on"));
            runner.RunSeconds(5);
            Assert.Equal(ModuleState.Service, runner.Core.Status.State);
            Assert.StartsWith("2 bad argument: cell", Run(runner, $"cal 17 {trueMv}"));
            Assert.StartsWith("3 out of range", Run(runner, "cal 3 1500"));
            Assert.Equal("0 cal cell 3 point stored", Run(runner, $"cal 3 {trueMv}"));
            Assert.StartsWith("0 leaving service", Run(runner, "service off"));
            runner.RunSeconds(10);
            Assert.NotEqual(ModuleState.Service, runner.Core.Status.State);
        }

        [Fact]
        public void SensorFaultIsNamedInFaultsAndOnTheSerialMonitor()
        {
            var runner = new VirtualModuleRunner(new SimulationOptions());
            runner.RunSeconds(10);
            runner.Module.Serial.TakeOutputText();
            runner.Module.Faults.Inject(FaultKind.NtcOpen, 2);
            runner.RunSeconds(30);
            string faults = Run(runner, "faults");
            Assert.Contains("sensor ntc_open", faults);
            Assert.Contains("sensor_fault ntc_open channel 2", runner.Module.Serial.TakeOutputText());

            // the cause is still there: the latched fault stays
            runner.Module.Faults.ClearAll(FaultKind.NtcOpen);
            runner.RunSeconds(30);
            string cleared = Run(runner, "clear");
            Assert.True(cleared == "0 faults cleared" || cleared.StartsWith("5 cause active", StringComparison.Ordinal), cleared);
        }
    }
}
