using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using BatteryShift.Bms.Board;
using BatteryShift.Hal.Simulation;
using BatteryShift.Harness;
using BatteryShift.Harness.Campaign;
using Xunit;

namespace BatteryShift.Tests.Campaign
{
    /// <summary>
    /// The campaign's firmware, memory and command faults: each kind runs clean on drawn seeds and does what it says,
    /// and each new oracle reports the defect it is there for (a supervisor serviced while the control thread hangs, a
    /// store that forgets the fault log at a reset, commands taken from the module's session by something else, a
    /// watchdog reset the firmware keeps quiet about, a reply to no command).
    /// </summary>
    public class FirmwareFaultCampaignTests
    {
        private const double MaxSeconds = 300;

        public static IEnumerable<object[]> Kinds() => Enum.GetValues<FirmwareFaultKind>().Select(k => new object[] { k });

        [Theory]
        [MemberData(nameof(Kinds))]
        public void EachKindRunsCleanOnDrawnSeeds(FirmwareFaultKind kind)
        {
            List<CampaignScenario> scenarios = Drawn(kind, 2);
            Assert.Equal(2, scenarios.Count);
            var results = scenarios.Select(ScenarioRun.Run).ToList();
            foreach (ScenarioResult r in results)
            {
                Assert.False(r.Failed, r.Scenario + Environment.NewLine + string.Join(Environment.NewLine, r.Failures));
            }

            switch (kind)
            {
                case FirmwareFaultKind.CommunicateOutOfMemory:
                    Assert.All(results, r => Assert.True(r.CommunicateFailures > 0, "no communication pass threw: " + r.Scenario));
                    break;
                case FirmwareFaultKind.FaultLogCorrupt:
                    Assert.Contains(results, r => r.Notes.Any(n => n.StartsWith("fault log:", StringComparison.Ordinal)) && r.Resets >= 1);
                    break;
                case FirmwareFaultKind.CalibrationAttack:
                    // the boards are commissioned: a first wrong point waits for its pair or is refused outright
                    Assert.All(results, r => Assert.True(r.CalPointsPending + r.CalPointsRefused >= 1, "no point entered: " + string.Join("; ", r.Notes)));
                    break;
                case FirmwareFaultKind.CommandAdversary:
                    // (commands sent while the network is down never reach the module)
                    Assert.All(results, r => Assert.True(r.CommandsSent >= 5));
                    Assert.Contains(results, r => r.CommandReplies > 0);
                    break;
            }
        }

        [Fact]
        public void AHangUntilResetIsEndedByTheSupervisorAndReported()
        {
            ScenarioResult r = ScenarioRun.Run(Hang());
            Assert.False(r.Failed, string.Join(Environment.NewLine, r.Failures));
            Assert.Equal(1, r.WatchdogResets);
            Assert.Equal(0, r.WatchdogLate);
            Assert.Equal(0, r.UnreportedWatchdogResets);
        }

        [Fact]
        public void WatchdogLateCatchesASupervisorServicedWhileTheControlThreadHangs()
        {
            ScenarioResult r = ScenarioRun.RunWithDefect(Hang(), runner =>
            {
                if (runner.ControlHung)
                {
                    runner.Module.Gpio.Write(Bmu16.PinWatchdogKick, true);
                    runner.Module.Gpio.Write(Bmu16.PinWatchdogKick, false);
                }
            });
            Assert.True(r.WatchdogLate >= 1, "supervisor kept alive during the hang went unnoticed");
            Assert.True(r.Failed);
        }

        [Fact]
        public void UnreportedWatchdogResetCatchesAFirmwareThatHidesTheResetCause()
        {
            ScenarioResult r = ScenarioRun.RunWithDefect(Hang(), runner => runner.Core.Status.WatchdogReset = false);
            Assert.True(r.UnreportedWatchdogResets >= 1);
            Assert.True(r.Failed);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(2)]
        [InlineData(4)]
        [InlineData(5)]
        public void ACorruptedOrDeletedFaultLogKeepsTheLatch(int variant)
        {
            ScenarioResult r = ScenarioRun.Run(LatchThenCorrupt(variant));
            Assert.False(r.Failed, string.Join(Environment.NewLine, r.Failures));
            Assert.True(r.Resets >= 1);
            Assert.Equal(0, r.LatchesLost);
        }

        [Fact]
        public void LatchesLostCatchesAStoreThatForgetsTheLogAtAReset()
        {
            ScenarioResult r = ScenarioRun.RunWithDefect(LatchThenCorrupt(5), null, runner => runner.Module.Store.Erase());
            Assert.True(r.LatchesLost >= 1, "a latch dropped across the reset went unnoticed");
            Assert.True(r.Failed);
        }

        [Fact]
        public void CommandsUnansweredCatchesCommandsConsumedElsewhere()
        {
            CampaignScenario s = Commands();
            ScenarioResult clean = ScenarioRun.Run(s);
            Assert.False(clean.Failed, string.Join(Environment.NewLine, clean.Failures));
            Assert.Equal(22, clean.CommandsSent); // 20 and the retained command set, then deleted
            Assert.True(clean.CommandReplies >= 10, $"only {clean.CommandReplies} replies");

            bool stolen = false;
            ScenarioResult r = ScenarioRun.RunWithDefect(Commands(), runner =>
            {
                var broker = (CampaignBrokerSession)runner.Module.Mqtt.Inner;
                if (!stolen && runner.Module.TimeSeconds > 45 && broker.SendCommand(Encoding.ASCII.GetBytes("@stolen status"), false))
                {
                    stolen = true;
                    broker.ReadMessage(new byte[256]);
                }
            });
            Assert.True(stolen);
            Assert.True(r.CommandsUnanswered >= 1, "a command taken from the module's session went unnoticed");
        }

        [Fact]
        public void ARetainedRebootRunsOnceLiveThenIsRefusedAndDeleted()
        {
            // delivered live (unflagged, MQTT 3.1.1) it runs once; after the restart the new subscription gets it
            // flagged as retained: refused, and deleted on the broker, so it cannot reboot the module again
            CampaignScenario s = Commands();
            s.Firmware!.Variant = 0;
            ScenarioResult r = ScenarioRun.Run(s);
            Assert.False(r.Failed, string.Join(Environment.NewLine, r.Failures));
            Assert.Equal(1, r.Resets);
            Assert.Equal(0, r.CommandViolations);
        }

        [Fact]
        public void CommandsAreAnsweredAsDuplicatesWhenReplayed()
        {
            ScenarioResult r = ScenarioRun.Run(Commands());
            Assert.False(r.Failed, string.Join(Environment.NewLine, r.Failures));
            Assert.True(r.CommandReplies >= 10);
        }

        // plan seed 1: single points; 2: a pair whose second point has the opposite error (a tilt); 11: a pair with the same
        // error twice (a meter off by a constant)
        [Theory]
        [InlineData(-100, 1UL)]
        [InlineData(-40, 2UL)]
        [InlineData(60, 2UL)]
        [InlineData(-100, 11UL)]
        [InlineData(60, 11UL)]
        public void AWrongCalibrationBeforeAnOvervoltageLeavesTheTripOnTime(int offsetMv, ulong planSeed)
        {
            // wrong points on a commissioned board, the highest cell among them in a pair; the charger over-voltage that
            // follows takes that cell 180 mV up for the second point. The trip oracles judge against the true cell
            // voltages: a pair the guard lets through must still leave the trip on time (or be caught by the per-scan
            // plausibility check: a sensor trip)
            CampaignScenario s = Plain();
            s.Seed = 13;
            s.DurationSeconds = 500;
            s.Duty = CampaignDuty.Charge;
            s.DutyCurrentA = 100;
            s.InitialSocPct = 96;
            s.Faults.Add(new ScenarioFault { Kind = FaultKind.ChargerOvervoltage, Value = 3.95, StartSeconds = 70 });
            s.Firmware = new FirmwareFaultPlan { Kind = FirmwareFaultKind.CalibrationAttack, StartSeconds = 30, Variant = offsetMv, Extra = 2, Seed = planSeed };
            ScenarioResult r = ScenarioRun.Run(s);
            Assert.False(r.Failed, string.Join(Environment.NewLine, r.Failures.Concat(r.Notes)));
            int points = r.Notes.Count(n => n.StartsWith("cal ", StringComparison.Ordinal));
            Assert.Equal(points, r.CalPointsAccepted + r.CalPointsRefused + r.CalPointsPending);
            int firstVisit = r.Notes.Count(n => n.StartsWith("cal ", StringComparison.Ordinal) && n.Contains("at t=34001 ms", StringComparison.Ordinal));
            Assert.True(planSeed == 1UL ? points == firstVisit : points > firstVisit, "second points: " + string.Join("; ", r.Notes));
            Assert.True(r.TrueTrips + r.SensorTrips >= 1, "no trip: " + string.Join("; ", r.Notes));
        }

        [Fact]
        public void CommandRulesCatchAReplyToNoCommand()
        {
            bool sent = false;
            ScenarioResult r = ScenarioRun.RunWithDefect(Commands(), runner =>
            {
                var broker = (CampaignBrokerSession)runner.Module.Mqtt.Inner;
                if (!sent && runner.Module.TimeSeconds > 60 && broker.IsConnected)
                {
                    byte[] reply = Encoding.ASCII.GetBytes("{\"cmd\":999,\"id\":\"x\",\"code\":0,\"result\":\"ok\",\"reply\":\"0 ok\"}");
                    sent = broker.Publish("batteryshift/module1/reply", reply, reply.Length, false);
                }
            });
            Assert.True(sent);
            Assert.True(r.CommandViolations >= 1);
        }

        [Fact]
        public void WithTheFirmwareHoldingTheFetsClosedTheSecondaryProtectorKeepsTheCellsInItsEnvelope()
        {
            // firmware that keeps both FETs closed and the supervisor serviced while the module charges past full
            ScenarioResult r = ScenarioRun.RunWithDefect(ChargePastFull(), HoldFetsClosed(protectorFitted: true));
            Assert.Equal(0, r.CellsBeyondProtector);
            Assert.True(r.Failed, "a firmware that never opens the FETs went unnoticed by the trip oracles");
        }

        [Fact]
        public void CellsBeyondProtectorCatchesABoardWithoutTheProtector()
        {
            ScenarioResult r = ScenarioRun.RunWithDefect(ChargePastFull(), HoldFetsClosed(protectorFitted: false));
            Assert.Equal(1, r.CellsBeyondProtector);
            Assert.True(r.Failed);
        }

        private static Action<VirtualModuleRunner> HoldFetsClosed(bool protectorFitted)
        {
            return runner =>
            {
                runner.Module.HardwareProtectionFitted = protectorFitted;
                runner.Module.Gpio.Write(Bmu16.PinChargeFet, true);
                runner.Module.Gpio.Write(Bmu16.PinDischargeFet, true);
                runner.Module.Gpio.Write(Bmu16.PinWatchdogKick, true);
                runner.Module.Gpio.Write(Bmu16.PinWatchdogKick, false);
            };
        }

        // a source pushing 140 A into a module at 99 % whatever the limits say: full within about 20 s, then the
        // voltage climbs
        private static CampaignScenario ChargePastFull()
        {
            CampaignScenario s = Plain();
            s.Duty = CampaignDuty.Rest;
            s.InitialSocPct = 99;
            s.DurationSeconds = 240;
            s.Faults.Add(new ScenarioFault { Value = 140, StartSeconds = 10 });
            return s;
        }

        [Fact]
        public void FirmwareFaultsKeepTheOtherDrawsOfASeed()
        {
            // the firmware fault is drawn from a stream of its own: without it the scenario is what it was
            foreach (CampaignScenario s in Drawn(FirmwareFaultKind.ControlHang, 3))
            {
                CampaignScenario again = ScenarioGenerator.Draw(s.Seed, MaxSeconds);
                again.Firmware = null;
                Assert.StartsWith(again.ToString(), s.ToString(), StringComparison.Ordinal);
            }
        }

        private static List<CampaignScenario> Drawn(FirmwareFaultKind kind, int count)
        {
            var list = new List<CampaignScenario>();
            for (ulong seed = 1; seed < 5000 && list.Count < count; seed++)
            {
                CampaignScenario s = ScenarioGenerator.Draw(seed, MaxSeconds);
                if (s.Firmware?.Kind == kind && (list.Count > 0 || kind is not (FirmwareFaultKind.ControlHang or FirmwareFaultKind.TickThrows) || double.IsPositiveInfinity(s.Firmware.DurationSeconds)))
                {
                    list.Add(s);
                }
            }

            return list;
        }

        // a module discharging at 50 A with nothing else going on
        private static CampaignScenario Plain()
        {
            return new CampaignScenario
            {
                Seed = 7,
                DurationSeconds = 150,
                Duty = CampaignDuty.Discharge,
                DutyCurrentA = 50,
                InitialSocPct = 60,
                SocSpreadPct = 1,
                AmbientC = 25,
                RealisticErrors = true,
                Template = "single",
            };
        }

        private static CampaignScenario Hang()
        {
            CampaignScenario s = Plain();
            s.Firmware = new FirmwareFaultPlan { Kind = FirmwareFaultKind.ControlHang, StartSeconds = 30 };
            return s;
        }

        // the external stop latches at 30 s, the log is corrupted 5 s later and the board browns out
        private static CampaignScenario LatchThenCorrupt(int variant)
        {
            CampaignScenario s = Plain();
            s.Faults.Add(new ScenarioFault { Kind = FaultKind.ExternalStop, StartSeconds = 30, DurationSeconds = 1 });
            s.Firmware = new FirmwareFaultPlan { Kind = FirmwareFaultKind.FaultLogCorrupt, DelaySeconds = 5, Variant = variant, Seed = 11 };
            return s;
        }

        private static CampaignScenario Commands()
        {
            CampaignScenario s = Plain();
            s.Firmware = new FirmwareFaultPlan { Kind = FirmwareFaultKind.CommandAdversary, StartSeconds = 30, Variant = 2, Extra = 20, Seed = 5 };
            return s;
        }
    }
}
