using System;
using System.Text;
using BatteryShift.Bms;
using BatteryShift.Bms.Board;
using BatteryShift.Bms.Events;
using BatteryShift.Bms.Measurement;
using BatteryShift.Bms.Outputs;
using BatteryShift.Bms.Protection;
using BatteryShift.Hal.Simulation;
using BatteryShift.Harness;
using Xunit;

namespace BatteryShift.Tests.Safety
{
    /// <summary>
    /// The external stop input, the status LED and the ground / 3.3 V rail plausibility checks: on the unmodified
    /// core over the virtual module (truth of the FETs from the simulation) and over the fake board.
    /// </summary>
    public class ExternalStopAndHousekeepingTests
    {
        private static string Run(VirtualModuleRunner runner, string command)
        {
            byte[] line = Encoding.ASCII.GetBytes(command);
            runner.Core.Commands.Execute(line, 0, line.Length, false);
            return Encoding.ASCII.GetString(runner.Core.Commands.Reply, 0, runner.Core.Commands.ReplyLength);
        }

        private static int Count(BmsCore core, int kind, int code)
        {
            int n = 0;
            for (long s = core.Events.OldestSequence; s < core.Events.NextSequence; s++)
            {
                if (core.Events.Kind(s) == kind && core.Events.Code(s) == code)
                {
                    n++;
                }
            }

            return n;
        }

        [Fact]
        public void ExternalStopOpensBothFetsInOneTickAndStaysLatchedUntilReleasedAndCleared()
        {
            var runner = EndToEndTests.Runner(new SimulationOptions { Seed = 5 });
            runner.RunSeconds(5);
            Assert.True(runner.Truth.ChargeFetOn);
            Assert.True(runner.Truth.DischargeFetOn);

            runner.Module.ExternalStopPressed = true;
            runner.Step();
            Assert.False(runner.Truth.ChargeFetOn);
            Assert.False(runner.Truth.DischargeFetOn);
            Assert.NotEqual(0, runner.Core.Status.FaultMask & (1 << LimitIds.ExternalStop));
            Assert.Equal(1, Count(runner.Core, EventKind.FaultLatched, LimitIds.ExternalStop));
            Assert.Equal("ext_stop", DiagnosisTable.LimitName(LimitIds.ExternalStop));
            Assert.Contains("ext_stop", Run(runner, "faults"));

            // clearing while the input is still low does not close anything
            runner.RunSeconds(2);
            Assert.Equal(ResultCode.CauseActive, runner.Core.ClearFaults());
            runner.RunSeconds(2);
            Assert.False(runner.Truth.ChargeFetOn);
            Assert.False(runner.Truth.DischargeFetOn);

            // released: still latched until cleared
            runner.Module.ExternalStopPressed = false;
            runner.RunSeconds(3);
            Assert.False(runner.Truth.ChargeFetOn);
            Assert.False(runner.Truth.DischargeFetOn);
            Assert.NotEqual(0, runner.Core.Status.FaultMask & (1 << LimitIds.ExternalStop));

            Assert.StartsWith("0", Run(runner, "clear"));
            Assert.Equal(0, runner.Core.Status.FaultMask);
            Assert.Equal(1, Count(runner.Core, EventKind.FaultCleared, LimitIds.ExternalStop));
            runner.RunSeconds(2);
            Assert.True(runner.Truth.ChargeFetOn);
            Assert.True(runner.Truth.DischargeFetOn);
        }

        [Fact]
        public void ExternalStopFaultOfTheSimulationIsDetectedToo()
        {
            var runner = EndToEndTests.Runner(new SimulationOptions { Seed = 6 });
            runner.RunSeconds(5);
            runner.Module.Faults.Inject(FaultKind.ExternalStop, 0);
            runner.Step();
            Assert.False(runner.Truth.ChargeFetOn);
            Assert.False(runner.Truth.DischargeFetOn);
            Assert.NotEqual(0, runner.Core.Status.FaultMask & (1 << LimitIds.ExternalStop));
        }

        [Fact]
        public void StatusLedIsLowAtBootOnWhenRunningAndBlinksFastInFault()
        {
            var runner = new VirtualModuleRunner(new SimulationOptions { Seed = 7 });
            Assert.False(runner.Module.Ports.Gpio.Read(Bmu16.PinStatusLed));
            runner.RunSeconds(5);
            Assert.True(StatusLed.Level(ModuleState.Charging, 12345));
            Assert.True(StatusLed.Level(ModuleState.Discharging, 0));
            Assert.False(StatusLed.Level(ModuleState.SelfTest, 0));
            Assert.True(StatusLed.Level(ModuleState.Standby, 100));
            Assert.False(StatusLed.Level(ModuleState.Standby, 1100));
            Assert.True(StatusLed.Level(ModuleState.Fault, 0));
            Assert.False(StatusLed.Level(ModuleState.Fault, 260));

            // in fault the pin follows the pattern tick by tick and changes several times a second at the 200 ms tick
            runner.Module.ExternalStopPressed = true;
            runner.RunSeconds(1);
            Assert.Equal(ModuleState.Fault, runner.Core.Status.State);
            int changes = 0;
            bool last = runner.Module.Ports.Gpio.Read(Bmu16.PinStatusLed);
            long start = runner.Module.TimeMs;
            while (runner.Module.TimeMs - start < 2000)
            {
                runner.Step();
                bool now = runner.Module.Ports.Gpio.Read(Bmu16.PinStatusLed);
                Assert.Equal(StatusLed.Level(runner.Core.Status.State, runner.Core.Status.TimeMs), now);
                if (now != last)
                {
                    changes++;
                }

                last = now;
            }

            Assert.True(changes >= 6, $"only {changes} LED changes in 2 s of fault");
        }

        [Fact]
        public void GroundAndRailReadPlausiblyOnTheVirtualModule()
        {
            var runner = new VirtualModuleRunner(new SimulationOptions { Seed = 8 });
            runner.RunSeconds(5);
            Assert.Equal(0, runner.Core.Status.SensorFaultMask);
            Assert.InRange(runner.Core.Status.AuxGroundMv, -Acquisition.GroundToleranceMv, Acquisition.GroundToleranceMv);
            Assert.InRange(runner.Core.Status.RailMv, (int)(runner.Module.FrontEnd.RailV * 1000) - 30, (int)(runner.Module.FrontEnd.RailV * 1000) + 30);
        }

        [Theory]
        [InlineData(400, 3300, Bmu16.AuxGround)]
        [InlineData(0, 2800, Bmu16.AuxRailHalf)]
        [InlineData(0, 3800, Bmu16.AuxRailHalf)]
        public void GroundOffsetOrRailOutOfWindowIsAReferenceSensorFault(double groundMv, double railMv, int channel)
        {
            var board = new FakeBoard();
            BmsCore core = board.StartCore();
            Assert.Equal(0, core.Status.SensorFaultMask);
            Assert.InRange(core.Status.RailMv, 3280, 3320);
            board.GroundMv = groundMv;
            board.RailMv = railMv;

            // ground and rail are among mux B's slow channels, read one a scan in turn; the fault is debounced over two
            for (int i = 0; i < Acquisition.AuxSlowChannels + 1; i++)
            {
                board.Step(core);
            }

            Assert.NotEqual(0, core.Status.SensorFaultMask & (1 << SensorFaultIds.ReferenceOutOfRange));
            int value = -1;
            for (long s = core.Events.OldestSequence; s < core.Events.NextSequence; s++)
            {
                if (core.Events.Kind(s) == EventKind.SensorFault && core.Events.Code(s) == SensorFaultIds.ReferenceOutOfRange)
                {
                    value = core.Events.Value(s);
                }
            }

            Assert.Equal(channel, value);
        }
    }
}
