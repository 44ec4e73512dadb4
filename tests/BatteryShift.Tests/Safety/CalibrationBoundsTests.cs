using System;
using BatteryShift.Bms;
using BatteryShift.Bms.Events;
using BatteryShift.Bms.Measurement;
using BatteryShift.Bms.Protection;
using BatteryShift.Hal.Simulation;
using BatteryShift.Harness;
using BatteryShift.Tests.ConsoleTests;
using Xunit;

namespace BatteryShift.Tests.Safety
{
    /// <summary>
    /// Issue 18, finding 1: calibration cannot move a trip point to the unsafe side. Against values computed here by
    /// hand and against the virtual module's truth.
    /// </summary>
    public sealed class CalibrationBoundsTests
    {
        [Fact]
        public void AFirstPointBeyondTheBoardsTolerancesIsRefused()
        {
            var calibration = new Calibration();
            var guard = new CalibrationGuard();

            // raw 3300: 84 mV off is within the 85 mV band, 86 mV is not (before: 100 mV was accepted, then 50 mV)
            Assert.Equal(ResultCode.OutOfRange, guard.TryAddPoint(calibration, 0, 3300f, 3386));
            Assert.Equal(CalibrationGuard.ReasonBand, guard.LastReason);
            Assert.Equal(0f, calibration.OffsetMv(0));
            Assert.Equal(ResultCode.OutOfRange, guard.TryAddPoint(calibration, 0, 3300f, 3214));
            Assert.Equal(ResultCode.Ok, guard.TryAddPoint(calibration, 0, 3300f, 3384));
            Assert.Equal(84f, calibration.OffsetMv(0));

            // a second point whose gain of 1.01 takes the reading 84 + 0.01 x 700 = 91 mV off the raw one at 4.0 V
            Assert.Equal(ResultCode.OutOfRange, guard.TryAddPoint(calibration, 0, 3000f, 3384 - 303));
            Assert.Equal(CalibrationGuard.ReasonBand, guard.LastReason);
            Assert.True(guard.LastShiftMv > 85, "shift " + guard.LastShiftMv);
        }

        // the refusal names the band in force (it said 50 mV after the band had become 85)
        [Fact]
        public void ARefusalBeyondTheBandNamesTheBandInForce()
        {
            var runner = new VirtualModuleRunner(new SimulationOptions { Seed = 5 });
            runner.RunSeconds(8);
            BringUpCalibration.Command(runner, "service on");
            runner.RunSeconds(4);
            int claimed = (int)Math.Round(runner.Core.Measurement.CellRawAverageMv(0)) + CalibrationGuard.BandMv + 5;
            byte[] line = System.Text.Encoding.ASCII.GetBytes("cal 1 " + claimed);
            int code = runner.Core.Commands.Execute(line, 0, line.Length, false);
            string reply = System.Text.Encoding.ASCII.GetString(runner.Core.Commands.Reply, 0, runner.Core.Commands.ReplyLength);
            Assert.Equal(ResultCode.OutOfRange, code);
            Assert.Contains("(at most " + CalibrationGuard.BandMv + ": the board's tolerances)", reply);
            Assert.False(runner.Core.Calibration.HasFirstPoint(0));
        }

        [Fact]
        public void ACalibratedChannelOnlyMovesItsTripPointsToTheSafeSide()
        {
            var calibration = new Calibration();
            var guard = new CalibrationGuard();

            // commissioning: the channel reads 20 mV low at 3300 and 10 mV low at 3000 (gain 1 + 10/300, offset ...)
            Assert.Equal(ResultCode.Ok, guard.TryAddPoint(calibration, 2, 3280f, 3300));
            Assert.Equal(ResultCode.Ok, guard.TryAddPoint(calibration, 2, 2990f, 3000));
            Assert.True(calibration.IsTwoPoint(2));
            float gain = calibration.Gain(2);
            float offset = calibration.OffsetMv(2);

            // the issue's attack: one point 99 mV low would read 99 mV low at every level, so cell_ov would trip 99 mV
            // higher: refused by the calibration's own offset limit here, or (smaller) held for a second point
            int attack = guard.TryAddPoint(calibration, 2, 3280f, 3300 - 99);
            Assert.True(attack == ResultCode.OutOfRange || attack == ResultCode.Ok);
            Assert.Equal(gain, calibration.Gain(2));
            Assert.Equal(offset, calibration.OffsetMv(2));

            // a point 1 mV low is held; the pair it makes reads lower at the top (cell_ov later): refused, nothing changed
            Assert.Equal(ResultCode.Ok, guard.TryAddPoint(calibration, 2, 3280f, 3299));
            Assert.Equal(gain, calibration.Gain(2));
            Assert.Equal(ResultCode.OutOfRange, guard.TryAddPoint(calibration, 2, 2990f, 3000));
            Assert.Equal(CalibrationGuard.ReasonAnchor, guard.LastReason);
            Assert.Equal(gain, calibration.Gain(2));
            Assert.Equal(offset, calibration.OffsetMv(2));

            // creeping: a thousand pairs, each 1 mV below the last at the top, never get through
            for (int i = 0; i < 1000; i++)
            {
                guard.TryAddPoint(calibration, 2, 3280f + (i % 7), 3300 + (i % 7) - 1);
                guard.TryAddPoint(calibration, 2, 2990f + (i % 5), 3000 + (i % 5));
            }

            Assert.Equal(gain, calibration.Gain(2));
            Assert.Equal(offset, calibration.OffsetMv(2));

            // reading higher at the top and lower at the bottom moves both limits earlier: accepted
            Assert.Equal(ResultCode.Ok, guard.TryAddPoint(calibration, 2, 3280f, 3300));
            int safe = guard.TryAddPoint(calibration, 2, 2990f, 2998);
            Assert.True(safe == ResultCode.Ok, "reason " + guard.LastReason + " level " + guard.LastLevelMv + " shift " + guard.LastShiftMv);
            Assert.True(calibration.Apply(2, 3700f) >= (gain * 3700f) + offset);
            Assert.True(calibration.Apply(2, 2600f) <= (gain * 2600f) + offset);
        }

        [Fact]
        public void TheCurrentGainStaysWithinTheSensorsTolerances()
        {
            var board = new FakeBoard();
            board.CurrentA = 50;
            BmsCore core = board.StartCore(ticks: FakeBoard.BootTicks + 30);
            float raw = core.Measurement.CurrentRawAverageMa;
            Assert.InRange(raw, 45000f, 55000f);

            // 3 % off the reading: refused (before: up to 5 % was taken), nothing changed; 1 %: taken
            Assert.Equal(ResultCode.OutOfRange, core.CalibrateCurrent((int)(raw * 1.03f)));
            Assert.Equal(1f, core.Calibration.CurrentGain);
            Assert.Equal(ResultCode.Ok, core.CalibrateCurrent((int)(raw * 1.01f)));
            Assert.InRange(core.Calibration.CurrentGain, 1.0095f, 1.0105f);
        }

        [Fact]
        public void CalibrationIsRefusedOverMqttEvenWithRemoteControlOn()
        {
            var rig = new ConsoleRig();
            rig.Run("remote on");
            Assert.StartsWith("0 ", rig.Run("service on", fromRemote: true));
            rig.Step();
            Assert.Equal("4 refused: calibration only at the local serial console, with a meter at the module", rig.Run("cal 1 3200", fromRemote: true));
            Assert.StartsWith("4 refused", rig.Run("cal current 40000", fromRemote: true));
            Assert.Equal(0f, rig.Core.Calibration.OffsetMv(0));
        }

        [Fact]
        public void DamagedConstantsInMemoryTakeTheReadingThatTripsEarlierAndRaiseCalRange()
        {
            var board = new FakeBoard();
            for (int i = 0; i < 16; i++)
            {
                board.CellMv[i] = 3600;
            }

            BmsCore core = board.StartCore();
            int before = core.Status.CellVoltageMv[5];

            // constants no calibration command can make (150 mV low), as a flipped bit in RAM would leave them
            Assert.True(core.Calibration.Load(5, Calibration.GainScale, -150000));
            for (int t = 0; t < 5; t++)
            {
                board.Step(core);
            }

            Assert.NotEqual(0, core.Status.SensorFaultMask & (1 << SensorFaultIds.CalibrationRange));

            // near the top the higher reading is the one that trips earlier: the raw one, not 150 mV less
            Assert.InRange(core.Status.CellVoltageMv[5], before - 3, before + 3);
            Assert.Equal(core.Status.MaxCellMv, Math.Max(core.Status.MaxCellMv, core.Status.CellVoltageMv[5]));
            for (int t = 0; t < 20; t++)
            {
                board.Step(core);
            }

            // and the sensor limit latches after prot.sensor.delay: both FETs open
            Assert.NotEqual(0, core.Status.FaultMask & (1 << LimitIds.SensorFailure));
            Assert.False(board.ChargeFet);
        }

        [Fact]
        public void TheIssuesCalibrationNoLongerMovesTheRealTripPoint()
        {
            double honest = TrueVoltageAtCellOvAlarm(attack: false, out string _);
            double attacked = TrueVoltageAtCellOvAlarm(attack: true, out string reply);

            // before: both points were stored and the alarm came about 100 mV (true) later; now the pair is refused
            Assert.True(reply.Contains("3 out of range", StringComparison.Ordinal), reply + " honest " + honest + " attacked " + attacked);
            Assert.InRange(attacked - honest, -0.5, 0.5);
            Assert.InRange(honest, 3.640, 3.660);
        }

        private static string AttackPoint(VirtualModuleRunner runner, double soc)
        {
            runner.Module.SetCellSoc(0, soc);
            runner.RunSeconds(4);
            int fake = (int)Math.Round(runner.Truth.CellVoltageV[0] * 1000) - 99;
            byte[] line = System.Text.Encoding.ASCII.GetBytes("cal 1 " + fake);
            runner.Core.Commands.Execute(line, 0, line.Length, false);
            return System.Text.Encoding.ASCII.GetString(runner.Core.Commands.Reply, 0, runner.Core.Commands.ReplyLength);
        }

        private static double TrueVoltageAtCellOvAlarm(bool attack, out string reply)
        {
            var runner = new VirtualModuleRunner(new SimulationOptions { Seed = 18, Errors = FrontEndErrors.Realistic });
            runner.RunSeconds(3);
            BringUpCalibration.Run(runner);
            for (int i = 0; i < 16; i++)
            {
                runner.Module.SetCellSoc(i, i == 0 ? 0.995 : 0.95);
            }

            runner.RunSeconds(5);
            reply = string.Empty;
            if (attack)
            {
                // the issue's calibration, 99 mV under the multimeter, taken as a pair so that the calibration's own
                // single-point offset limit does not stop it: at mid charge and at the top
                BringUpCalibration.Command(runner, "service on");
                reply = AttackPoint(runner, 0.50) + " / " + AttackPoint(runner, 0.995);
                BringUpCalibration.Command(runner, "service off");
                runner.RunSeconds(10);
            }

            runner.Module.Load = new ConstantCurrentProfile(50);
            for (int t = 0; t < 20000; t++)
            {
                runner.Step();
                if ((runner.Core.Status.AlarmMask & (1 << LimitIds.CellOvervoltage)) != 0)
                {
                    return runner.Truth.CellVoltageV[0];
                }
            }

            // no alarm before the cell is full: as late as it gets
            return double.PositiveInfinity;
        }
    }
}
