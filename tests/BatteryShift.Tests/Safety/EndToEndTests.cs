using System;
using BatteryShift.Bms;
using BatteryShift.Bms.Config;
using BatteryShift.Bms.Events;
using BatteryShift.Bms.Measurement;
using BatteryShift.Bms.Protection;
using BatteryShift.Hal.Simulation;
using BatteryShift.Harness;
using Xunit;

namespace BatteryShift.Tests.Safety
{
    /// <summary>
    /// The unmodified core on the virtual module, through the pins: limits trip within their debounce time plus
    /// one tick and release with their hysteresis, every sensor fault the simulation can inject is detected and
    /// named, and no FET is ever closed (in the simulation's truth) while a fault of its direction is latched.
    /// </summary>
    public class EndToEndTests
    {
        internal static VirtualModuleRunner Runner(SimulationOptions options, BmsConfig? config = null)
        {
            var runner = new VirtualModuleRunner(options, config);
            runner.AfterTick.Add(CheckFetsAgainstLatches);
            return runner;
        }

        /// <summary>Truth check after every tick: a latched fault keeps the FETs it forbids open.</summary>
        internal static void CheckFetsAgainstLatches(VirtualModuleRunner r)
        {
            int faults = r.Core.Status.FaultMask;
            if ((faults & DiagnosisTable.ChargeFaultBits) != 0)
            {
                Assert.False(r.Truth.ChargeFetOn, $"charge FET on with faults {faults:X}");
            }

            if ((faults & DiagnosisTable.DischargeFaultBits) != 0)
            {
                Assert.False(r.Truth.DischargeFetOn, $"discharge FET on with faults {faults:X}");
            }
        }

        private static long FirstEvent(BmsCore core, int kind, int code, out int value)
        {
            for (long s = core.Events.OldestSequence; s < core.Events.NextSequence; s++)
            {
                if (core.Events.Kind(s) == kind && core.Events.Code(s) == code)
                {
                    value = core.Events.Value(s);
                    return s;
                }
            }

            value = 0;
            return -1;
        }

        public static TheoryData<FaultKind, int, int, int> SensorFaults => new()
        {
            { FaultKind.OpenSenseWire, 5, SensorFaultIds.OpenSenseWire, 5 },
            { FaultKind.OpenSenseWire, 1, SensorFaultIds.OpenSenseWire, 1 },
            { FaultKind.OpenSenseWire, 16, SensorFaultIds.OpenSenseWire, 16 },
            { FaultKind.NtcOpen, 3, SensorFaultIds.NtcOpen, 3 },
            { FaultKind.NtcShort, 8, SensorFaultIds.NtcShort, 8 },
            { FaultKind.AdcStuck, 0, SensorFaultIds.AdcStuck, 0 },
            { FaultKind.AdcStuck, 3, SensorFaultIds.AdcStuck, 3 },
            { FaultKind.AdcStuck, 6, SensorFaultIds.AdcStuck, 6 },
            { FaultKind.AdcStuck, 7, SensorFaultIds.AdcStuck, 7 },
        };

        [Theory]
        [MemberData(nameof(SensorFaults))]
        public void EachSensorFaultOfTheSimulationIsDetectedNamedAndFailsSafe(FaultKind kind, int target, int sensorId, int value)
        {
            var runner = Runner(new SimulationOptions { Seed = (ulong)(11 + target) });
            runner.RunSeconds(5);
            BmsCore core = runner.Core;
            Assert.Equal(0, core.Status.SensorFaultMask);
            Assert.True(runner.Truth.ChargeFetOn);
            runner.Module.Faults.Inject(kind, target);
            runner.RunSeconds(5);
            Assert.NotEqual(0, core.Status.SensorFaultMask & (1 << sensorId));
            Assert.True(FirstEvent(core, EventKind.SensorFault, sensorId, out int seen) >= 0);
            Assert.Equal(value, seen);
            Assert.NotEqual(0, core.Status.FaultMask & (1 << LimitIds.SensorFailure));
            Assert.False(runner.Truth.ChargeFetOn);
            Assert.False(runner.Truth.DischargeFetOn);

            // no cell fault made up from the broken sensor's readings (a stuck current channel reads as a huge
            // current: the current limits opening the FETs as well is the safe answer there)
            int others = core.Status.FaultMask & ~(1 << LimitIds.SensorFailure);
            if (!(kind == FaultKind.AdcStuck && target >= 6))
            {
                Assert.Equal(0, others);
            }

            Assert.Equal("sensor", DiagnosisTable.LimitName(LimitIds.SensorFailure));
        }

        [Fact]
        public void CurrentSensorDriftIsNamedWhenTheFetsAreOpen()
        {
            var runner = Runner(new SimulationOptions { Seed = 21 });
            runner.RunSeconds(5);
            runner.Module.Faults.Inject(FaultKind.CurrentOffsetDrift, 0, 30.0); // 30 A per hour
            runner.RunSeconds(600);
            Assert.Equal(ResultCode.Ok, runner.Core.EnterService());
            runner.RunSeconds(20);
            Assert.NotEqual(0, runner.Core.Status.SensorFaultMask & (1 << SensorFaultIds.CurrentOffset));
        }

        private sealed class StepCase
        {
            public int Limit;
            public Action<VirtualModuleRunner> Apply = _ => { };
            public Action<VirtualModuleRunner> Restore = _ => { };
            public Action<BmsConfig>? Tighten;
        }

        private static StepCase Case(string name)
        {
            switch (name)
            {
                case "cell_ov":
                    return new StepCase
                    {
                        Limit = LimitIds.CellOvervoltage,
                        Tighten = c =>
                        {
                            Assert.Equal(ResultCode.Ok, c.TrySet(ProtectionKeys.ChargeVoltagePerCellMv, 3300));
                            Assert.Equal(ResultCode.Ok, c.TrySet(ProtectionKeys.Key(LimitIds.CellOvervoltage, ProtectionKeys.WarningOffset), 3400));
                            Assert.Equal(ResultCode.Ok, c.TrySet(ProtectionKeys.Key(LimitIds.CellOvervoltage, ProtectionKeys.AlarmOffset), 3420));
                            Assert.Equal(ResultCode.Ok, c.TrySet(ProtectionKeys.Key(LimitIds.CellOvervoltage, ProtectionKeys.FaultOffset), 3450));
                        },
                        Apply = r => r.Module.SetCellSoc(6, 1.0),
                        Restore = r => r.Module.SetCellSoc(6, 0.5),
                    };
                case "cell_uv":
                    return new StepCase { Limit = LimitIds.CellUndervoltage, Apply = r => r.Module.SetCellSoc(2, 0.0), Restore = r => r.Module.SetCellSoc(2, 0.5) };
                case "charge_ot":
                    return new StepCase { Limit = LimitIds.ChargeOvertemperature, Apply = r => Heat(r, 57), Restore = r => Heat(r, 25) };
                case "discharge_ot":
                    return new StepCase { Limit = LimitIds.DischargeOvertemperature, Apply = r => Heat(r, 62), Restore = r => Heat(r, 25) };
                case "charge_ut":
                    return new StepCase { Limit = LimitIds.ChargeUndertemperature, Apply = r => Heat(r, -3), Restore = r => Heat(r, 25) };
                case "discharge_ut":
                    return new StepCase { Limit = LimitIds.DischargeUndertemperature, Apply = r => Heat(r, -23), Restore = r => Heat(r, 25) };
                case "charge_oc":
                    return new StepCase { Limit = LimitIds.ChargeOvercurrent, Apply = r => r.Module.Load = new ConstantCurrentProfile(300), Restore = r => r.Module.Load = null };
                case "discharge_oc":
                    return new StepCase { Limit = LimitIds.DischargeOvercurrent, Apply = r => r.Module.Load = new ConstantCurrentProfile(-300), Restore = r => r.Module.Load = null };
                case "short_circuit":
                    return new StepCase { Limit = LimitIds.ShortCircuit, Apply = r => r.Module.Load = new ConstantCurrentProfile(-580), Restore = r => r.Module.Load = null };
                case "module_ov":
                    return new StepCase
                    {
                        Limit = LimitIds.ModuleOvervoltage,
                        Tighten = c =>
                        {
                            Assert.Equal(ResultCode.Ok, c.TrySet(ProtectionKeys.Key(LimitIds.ModuleOvervoltage, ProtectionKeys.WarningOffset), 3400));
                            Assert.Equal(ResultCode.Ok, c.TrySet(ProtectionKeys.Key(LimitIds.ModuleOvervoltage, ProtectionKeys.AlarmOffset), 3420));
                            Assert.Equal(ResultCode.Ok, c.TrySet(ProtectionKeys.Key(LimitIds.ModuleOvervoltage, ProtectionKeys.FaultOffset), 3450));
                        },
                        Apply = r => AllSoc(r, 1.0),
                        Restore = r => AllSoc(r, 0.5),
                    };
                default:
                    return new StepCase
                    {
                        Limit = LimitIds.ModuleUndervoltage,
                        Apply = r => AllSoc(r, 0.0),
                        Restore = r => AllSoc(r, 0.5),
                    };
            }
        }

        private static void Heat(VirtualModuleRunner r, double c)
        {
            r.Module.AmbientC = c;
            for (int i = 0; i < r.Module.CellCount; i++)
            {
                r.Module.SetCellTemperature(i, c);
            }
        }

        private static void AllSoc(VirtualModuleRunner r, double soc)
        {
            for (int i = 0; i < r.Module.CellCount; i++)
            {
                r.Module.SetCellSoc(i, soc);
            }
        }

        [Theory]
        [InlineData("cell_ov")]
        [InlineData("cell_uv")]
        [InlineData("charge_ot")]
        [InlineData("discharge_ot")]
        [InlineData("charge_ut")]
        [InlineData("discharge_ut")]
        [InlineData("charge_oc")]
        [InlineData("discharge_oc")]
        [InlineData("short_circuit")]
        [InlineData("module_ov")]
        [InlineData("module_uv")]
        public void LimitTripsWithinDebouncePlusOneTickThroughThePinsAndReleasesAfterItsCause(string name)
        {
            StepCase c = Case(name);
            var config = new BmsConfig();
            c.Tighten?.Invoke(config);
            var runner = Runner(SimulationOptions.IdealFrontEnd(), config);
            runner.RunSeconds(6);
            BmsCore core = runner.Core;
            Assert.Equal(0, core.Status.FaultMask);
            Assert.Equal(ModuleState.Standby, core.Status.State);

            // the step happens between two ticks: the first tick that can see it is the next one
            c.Apply(runner);
            long seenFrom = ((runner.Ports.Clock.NowMs / runner.TickPeriodMs) + 1) * runner.TickPeriodMs;
            runner.RunSeconds(4);
            long trip = core.Protection.TripTimeMs(c.Limit, ProtectionMonitor.Fault);
            Assert.True(trip > 0, $"{name} did not trip");
            int tick = runner.TickPeriodMs;
            int debounce = Math.Max(core.Protection.DelayMs(c.Limit), (core.Protection.DebounceCount(c.Limit) - 1) * tick);
            Assert.InRange(trip - seenFrom, 0, debounce + tick);
            Assert.NotEqual(0, core.Status.FaultMask & (1 << c.Limit));
            Assert.Equal(ModuleState.Fault, core.Status.State);
            Assert.True(FirstEvent(core, EventKind.FaultLatched, c.Limit, out _) >= 0);

            // latched: the cause must go before a clear is accepted
            runner.Module.Load = null;
            runner.RunSeconds(1);
            if (c.Limit != LimitIds.ChargeOvercurrent && c.Limit != LimitIds.DischargeOvercurrent && c.Limit != LimitIds.ShortCircuit)
            {
                Assert.Equal(ResultCode.CauseActive, core.ClearFaults());
            }

            c.Restore(runner);
            runner.RunSeconds(3);
            Assert.NotEqual(0, core.Status.FaultMask & (1 << c.Limit));
            Assert.Equal(ResultCode.Ok, core.ClearFaults());
            runner.RunSeconds(3);
            Assert.Equal(0, core.Status.FaultMask);
            Assert.Equal(0, core.Status.AlarmMask & (1 << c.Limit));
            Assert.Equal(0, core.Status.WarningMask & (1 << c.Limit));
            Assert.True(runner.Truth.ChargeFetOn);
            Assert.True(runner.Truth.DischargeFetOn);
        }

        [Fact]
        public void WarningReleasesOnlyPastItsHysteresisOnTheVirtualModule()
        {
            var runner = Runner(SimulationOptions.IdealFrontEnd());
            runner.RunSeconds(3);
            BmsCore core = runner.Core;
            Heat(runner, 47); // charge OT warning at 45 C, 5 C hysteresis
            runner.RunSeconds(3);
            Assert.NotEqual(0, core.Status.WarningMask & (1 << LimitIds.ChargeOvertemperature));
            Heat(runner, 42);
            runner.RunSeconds(3);
            Assert.NotEqual(0, core.Status.WarningMask & (1 << LimitIds.ChargeOvertemperature));
            Heat(runner, 38);
            runner.RunSeconds(3);
            Assert.Equal(0, core.Status.WarningMask & (1 << LimitIds.ChargeOvertemperature));
            Assert.Equal(0, core.Status.FaultMask);
        }

        [Fact]
        public void LatchedFaultSurvivesABrownOutAndTheFetStaysOpen()
        {
            var runner = Runner(SimulationOptions.IdealFrontEnd());
            runner.RunSeconds(3);
            runner.Module.SetCellSoc(4, 0.0);
            runner.RunSeconds(4);
            Assert.NotEqual(0, runner.Core.Status.FaultMask & (1 << LimitIds.CellUndervoltage));
            runner.Module.SetCellSoc(4, 0.5);
            runner.Module.Faults.Inject(FaultKind.BrownOut);
            runner.RunSeconds(5);
            Assert.Equal(1, runner.RestartCount);
            Assert.NotEqual(0, runner.Core.Status.FaultMask & (1 << LimitIds.CellUndervoltage));
            Assert.False(runner.Truth.DischargeFetOn);
            Assert.True(runner.Truth.ChargeFetOn);
            Assert.Equal(2, runner.Core.FaultLog.BootCount);
        }

        /// <summary>Runs the daily ESS duty with a realistic (noisy, uncalibrated) front end; no fault may latch.</summary>
        internal static (int Faults, int SensorEvents, long Ticks) NormalDuty(ulong seed, double hours, double startHour = 0, double socPct = 50)
        {
            var duty = new EssDutyProfile { StartHour = startHour };
            var runner = Runner(new SimulationOptions { Seed = seed, Load = duty, InitialSocPct = socPct });
            duty.ChargeLimitA = () => runner.Core.Status.ChargeCurrentLimitMa / 1000.0;
            duty.ChargeVoltageLimitCellV = () => runner.Core.Status.ChargeVoltageLimitMv / 1000.0 / runner.Core.Status.CellCount;
            int faults = 0;
            int sensor = 0;
            runner.AfterTick.Add(r =>
            {
                faults |= r.Core.Status.FaultMask;
                sensor |= r.Core.Status.SensorFaultMask;
            });
            runner.RunSeconds(hours * 3600);
            return (faults, sensor, runner.TickCount);
        }

        [Fact]
        public void NoTripInNormalEssDutyWithSensorNoise()
        {
            // the short version: noon to 16:00 from 85 % SOC, through the top of charge (CV, cells spreading at
            // the knee) and the fast swings; the whole days run in the prot-duty benchmark
            var (faults, sensor, ticks) = NormalDuty(5, 4, startHour: 12, socPct: 85);
            Assert.Equal(0, faults);
            Assert.Equal(0, sensor);
            Assert.Equal(4 * 3600 * 5, ticks);
        }
    }
}
