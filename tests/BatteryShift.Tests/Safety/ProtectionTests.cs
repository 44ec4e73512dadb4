using System;
using BatteryShift.Bms;
using BatteryShift.Bms.Config;
using BatteryShift.Bms.Events;
using BatteryShift.Bms.Measurement;
using BatteryShift.Bms.Protection;
using Xunit;

namespace BatteryShift.Tests.Safety
{
    public class ProtectionTests
    {
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
        public void FetsStayOpenUntilTheSelfTestPasses()
        {
            var board = new FakeBoard();
            var core = new BmsCore(board.Ports, new BmsConfig());
            Assert.False(board.ChargeFet);
            core.Start();
            Assert.Equal(ModuleState.SelfTest, core.Status.State);
            // the self-test needs its good scans and the current offset averaged over its scans (both FETs have been
            // open since power-up, so every tick after the first period counts for the offset)
            int needed = Math.Max(ModuleStateMachineScans(), CurrentChannel.ZeroSamplesBeforeUse);
            for (int i = 0; i < needed - 1; i++)
            {
                board.Step(core);
                Assert.False(board.ChargeFet);
                Assert.False(board.DischargeFet);
            }

            board.Step(core);
            board.Step(core);
            Assert.Equal(ModuleState.Standby, core.Status.State);
            Assert.True(board.ChargeFet);
            Assert.True(board.DischargeFet);
            Assert.True(core.Status.ChargeFetOn);
            Assert.Equal(1, Count(core, EventKind.StateChanged, (int)ModuleState.Standby));
        }

        private static int ModuleStateMachineScans() => Bms.StateMachine.ModuleStateMachine.SelfTestScans;

        [Fact]
        public void CellOvervoltageTripsWithinDelayPlusOneTickAndLatches()
        {
            var board = new FakeBoard();
            var core = board.StartCore();
            var config = core.Config;
            int delay = core.Protection.DelayMs(LimitIds.CellOvervoltage);
            board.CellMv[7] = 3800;
            long onset = board.Now + 200;
            while (core.Status.ChargeFetOn && board.Now < onset + 5000)
            {
                board.Step(core);
            }

            long latched = core.Protection.TripTimeMs(LimitIds.CellOvervoltage, ProtectionMonitor.Fault);
            Assert.True(latched > 0);
            Assert.InRange(latched - onset, delay - 200, delay + 200);
            Assert.False(board.ChargeFet);
            Assert.True(board.DischargeFet);
            Assert.Equal(ModuleState.Fault, core.Status.State);
            Assert.Equal(1, Count(core, EventKind.FaultLatched, LimitIds.CellOvervoltage));
            Assert.Equal(1, Count(core, EventKind.WarningRaised, LimitIds.CellOvervoltage));
            Assert.Equal(1, Count(core, EventKind.AlarmRaised, LimitIds.CellOvervoltage));
            Assert.Equal(0, core.Status.ChargeCurrentLimitMa);
            Assert.True(core.Status.ChargeVoltageLimitMv > 0);

            // the cause is still there: clearing is refused and the FET stays open
            Assert.Equal(ResultCode.CauseActive, core.ClearFaults());
            board.CellMv[7] = 3680; // below the fault but within its 100 mV hysteresis
            for (int i = 0; i < 10; i++)
            {
                board.Step(core);
            }

            Assert.Equal(ResultCode.CauseActive, core.ClearFaults());
            Assert.False(board.ChargeFet);
            board.CellMv[7] = 3400;
            for (int i = 0; i < 10; i++)
            {
                board.Step(core);
                Assert.False(board.ChargeFet);
            }

            Assert.Equal(ResultCode.Ok, core.ClearFaults());
            board.Step(core);
            Assert.True(board.ChargeFet);
            Assert.Equal(0, core.Status.AlarmMask);
            Assert.Equal(0, core.Status.WarningMask);
            Assert.Equal(1, Count(core, EventKind.FaultCleared, LimitIds.CellOvervoltage));
        }

        // campaign seed 6738: the converter input stuck at full scale 0.8 s into a cell_uv trip's delay; the invalid
        // scans stopped the trip's count and the FETs opened on the sensor fault's own delay, 1.2 s late
        [Fact]
        public void AFaultOnItsWayWhenTheMeasurementIsLostTripsOnSchedule()
        {
            var board = new FakeBoard();
            var core = board.StartCore();
            int delay = core.Protection.DelayMs(LimitIds.CellUndervoltage);
            Assert.True(delay > 600, "the trip needs a delay to lose the measurement inside");
            board.CellMv[4] = 2400;
            long onset = board.Now + 200;
            while (board.Now < onset + 400)
            {
                board.Step(core);
            }

            Assert.Equal(0, core.Status.FaultMask);
            board.StuckCounts = 4095;
            while (core.Status.DischargeFetOn && board.Now < onset + 5000)
            {
                board.Step(core);
                Assert.True(core.Status.DischargeFetOn || (core.Status.FaultMask & (1 << LimitIds.CellUndervoltage)) != 0, "opened by another fault first: " + core.Status.FaultMask);
            }

            Assert.False(core.Status.MeasurementValid);
            long latched = core.Protection.TripTimeMs(LimitIds.CellUndervoltage, ProtectionMonitor.Fault);
            Assert.True(latched > 0, "cell_uv never latched");
            Assert.InRange(latched - onset, delay - 200, delay + 200);
            Assert.False(board.DischargeFet);
        }

        // a reading lost with nothing on its way starts nothing: the sensor fault answers for it
        [Fact]
        public void ALostMeasurementWithNoFaultOnItsWayIsASensorFaultOnly()
        {
            var board = new FakeBoard();
            var core = board.StartCore();
            board.StuckCounts = 4095;
            long start = board.Now;
            while (core.Status.DischargeFetOn && board.Now < start + 10000)
            {
                board.Step(core);
            }

            Assert.False(board.DischargeFet);
            Assert.Equal(1 << LimitIds.SensorFailure, core.Status.FaultMask);
        }

        [Fact]
        public void ShortSpikesBelowTheOccurrenceCountDoNotTrip()
        {
            var board = new FakeBoard();
            var core = board.StartCore();
            for (int i = 0; i < 20; i++)
            {
                board.CellMv[2] = i % 2 == 0 ? 2400 : 3300;
                board.Step(core);
            }

            Assert.Equal(0, core.Status.FaultMask);
            Assert.Equal(0, core.Status.WarningMask);
        }

        [Fact]
        public void WarningReleasesOnlyBeyondItsHysteresis()
        {
            var board = new FakeBoard();
            var core = board.StartCore();
            board.TemperatureC[0] = 47; // charge OT warning 45 C, hysteresis 5 C
            for (int i = 0; i < 10; i++)
            {
                board.Step(core);
            }

            Assert.NotEqual(0, core.Status.WarningMask & (1 << LimitIds.ChargeOvertemperature));
            board.TemperatureC[0] = 41;
            for (int i = 0; i < 10; i++)
            {
                board.Step(core);
            }

            Assert.NotEqual(0, core.Status.WarningMask & (1 << LimitIds.ChargeOvertemperature));
            board.TemperatureC[0] = 39;
            for (int i = 0; i < 4; i++)
            {
                board.Step(core);
            }

            Assert.Equal(0, core.Status.WarningMask & (1 << LimitIds.ChargeOvertemperature));
            Assert.Equal(1, Count(core, EventKind.WarningCleared, LimitIds.ChargeOvertemperature));
            Assert.Equal(0, core.Status.FaultMask);
        }

        [Fact]
        public void ShortCircuitTripsOnTheFirstSample()
        {
            var board = new FakeBoard();
            var core = board.StartCore();
            board.CurrentA = -570;
            board.Step(core);
            Assert.NotEqual(0, core.Status.FaultMask & (1 << LimitIds.ShortCircuit));
            Assert.False(board.ChargeFet);
            Assert.False(board.DischargeFet);
        }

        [Fact]
        public void SensorFaultOpensTheFetsAfterItsDelay()
        {
            var board = new FakeBoard();
            var core = board.StartCore();
            board.RefHighMv = 2200; // reference drifted out of its window
            board.Step(core);
            board.Step(core);
            Assert.NotEqual(0, core.Status.SensorFaultMask & (1 << SensorFaultIds.ReferenceOutOfRange));
            Assert.True(board.ChargeFet);
            for (int i = 0; i < 6; i++)
            {
                board.Step(core);
            }

            Assert.NotEqual(0, core.Status.FaultMask & (1 << LimitIds.SensorFailure));
            Assert.False(board.ChargeFet);
            Assert.False(board.DischargeFet);
        }

        [Fact]
        public void StuckAdcIsNamed()
        {
            var board = new FakeBoard();
            var core = board.StartCore();
            board.StuckCounts = 1700;
            board.Step(core);
            board.Step(core);
            Assert.NotEqual(0, core.Status.SensorFaultMask & (1 << SensorFaultIds.AdcStuck));
        }

        [Fact]
        public void SumMismatchIsASensorFault()
        {
            var board = new FakeBoard();
            var core = board.StartCore();
            board.ModuleMvOverride = board.ModuleMv() + 3000;
            board.Step(core);
            board.Step(core);
            Assert.NotEqual(0, core.Status.SensorFaultMask & (1 << SensorFaultIds.SumMismatch));
            Assert.Equal(0, core.Status.FaultMask & (1 << LimitIds.CellOvervoltage));
        }

        [Fact]
        public void LimitsCanBeTightenedButNotLoosenedPastTheEnvelope()
        {
            var config = new BmsConfig();
            int ovFault = ProtectionKeys.Key(LimitIds.CellOvervoltage, ProtectionKeys.FaultOffset);
            int ovAlarm = ProtectionKeys.Key(LimitIds.CellOvervoltage, ProtectionKeys.AlarmOffset);
            int uvFault = ProtectionKeys.Key(LimitIds.CellUndervoltage, ProtectionKeys.FaultOffset);
            Assert.Equal(ResultCode.OutOfRange, config.TrySet(ovFault, 3900));
            Assert.Equal(ResultCode.OutOfRange, config.TrySet(uvFault, 2300));
            Assert.Equal(ResultCode.OutOfRange, config.TrySet(ovFault, 3600)); // below its own alarm
            Assert.Equal(ResultCode.Ok, config.TrySet(ovFault, 3700));
            Assert.Equal(ResultCode.OutOfRange, config.TrySet(ovAlarm, 3720)); // above the fault
            Assert.Equal(ResultCode.OutOfRange, config.TrySet(ovAlarm, 3450)); // not above the CVL
            Assert.Equal(ResultCode.Ok, config.TrySet(ovAlarm, 3600));
            Assert.Equal("prot.cell_ov.fault", ConfigSchema.Name(ovFault));
            Assert.Equal(ovFault, ConfigSchema.Find("prot.cell_ov.fault"));
            for (int id = 0; id < LimitIds.Count; id++)
            {
                Assert.NotEqual("unknown", DiagnosisTable.LimitName(id));
            }
        }

        [Fact]
        public void UndervoltageLatchLeavesTheChargeFetForRecharge()
        {
            var board = new FakeBoard();
            var core = board.StartCore();
            board.CellMv[0] = 2450;
            for (int i = 0; i < 10; i++)
            {
                board.Step(core);
            }

            Assert.NotEqual(0, core.Status.FaultMask & (1 << LimitIds.CellUndervoltage));
            Assert.False(board.DischargeFet);
            Assert.True(board.ChargeFet);
            Assert.Equal(0, core.Status.DischargeCurrentLimitMa);
        }

        [Fact]
        public void CclFollowsTheCellVoltageTable()
        {
            var board = new FakeBoard();
            var core = board.StartCore();
            int max = core.Config.Get(ProtectionKeys.MaxChargeCurrentMa);
            Assert.Equal(max, core.Status.ChargeCurrentLimitMa);
            board.CellMv[3] = 3400; // docs/references.md: 3.40 V -> 25 %
            board.Step(core);
            Assert.InRange(core.Status.ChargeCurrentLimitMa, (max / 4) - (max / 100), (max / 4) + (max / 100));
            Assert.Equal(16 * 3450, core.Status.ChargeVoltageLimitMv);
        }
    }
}
