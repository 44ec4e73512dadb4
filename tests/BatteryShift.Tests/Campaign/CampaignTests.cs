using System;
using System.Linq;
using BatteryShift.Harness.Campaign;
using Xunit;

namespace BatteryShift.Tests.Campaign
{
    /// <summary>
    /// The CI-sized fault-injection campaign: seeds 1..300 drawn as short scenarios (2 to 5 simulated minutes; the
    /// benchmark draws up to 20), every template, fault-free scenarios included, judged by the oracles from the
    /// simulation's truth.
    /// </summary>
    public class CampaignTests
    {
        private const int Scenarios = 300;
        private const double MaxSeconds = 300;

        [Fact]
        public void CiCampaignFindsNothingUnsafeAndLosesNothing()
        {
            CampaignSummary s = CampaignRunner.Run(1, Scenarios, maxSeconds: MaxSeconds);

            string failures = string.Join(Environment.NewLine, s.Failed.Select(r => r.Scenario + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", r.Failures)));
            Assert.True(s.Failed.Count == 0, "failed seeds (replay with ScenarioRun.Run(seed)):" + Environment.NewLine + failures);
            Assert.Equal(Scenarios, s.Scenarios);
            Assert.Equal(0, s.MissedTrips);
            Assert.Equal(0, s.LateTrips);
            Assert.Equal(0, s.FalseTrips);
            Assert.Equal(0, s.LostEvents);
            Assert.Equal(0, s.FetClosedWhileLatched);
            Assert.Equal(0, s.CellsBeyondProtector);
            Assert.Equal(0, s.BledBelowFloor);
            Assert.Equal(0, s.MissedPeriods);
            Assert.Equal(0, s.WatchdogLate);
            Assert.Equal(0, s.UnreportedWatchdogResets);
            Assert.Equal(0, s.LatchesLost);
            Assert.Equal(0, s.CommandsUnanswered);
            Assert.Equal(0, s.CommandViolations);

            // every firmware, memory and command fault kind was drawn and did something
            foreach (FirmwareFaultKind kind in Enum.GetValues<FirmwareFaultKind>())
            {
                Assert.True(s.FirmwareKinds.ContainsKey(kind.ToString()), "no " + kind + " scenario");
            }

            Assert.True(s.WatchdogResets >= 1, "no watchdog reset");
            Assert.True(s.CommunicateFailures >= 1, "no communication pass threw");
            Assert.True(s.CommandsSent >= 50 && s.CommandReplies >= 20, $"{s.CommandsSent} commands, {s.CommandReplies} replies");
            Assert.True(s.CalPointsAccepted + s.CalPointsRefused >= 5, "no calibration attack point entered");

            // the campaign is not vacuous: hazards happened, faults latched for true causes, events were checked,
            // every named combination and fault-free scenarios were drawn
            Assert.True(s.Hazards >= 5, $"only {s.Hazards} hazards");
            Assert.True(s.TrueTrips >= 5, $"only {s.TrueTrips} caused trips");
            Assert.True(s.EventsLogged >= 50, $"only {s.EventsLogged} events");
            Assert.True(s.FaultFreeScenarios >= 5);
            Assert.True(s.ExternalStops >= 3, $"only {s.ExternalStops} external stops");
            foreach (string template in new[] { "fault-free", "single", "multiple", "fault-during-backup", "sensor-during-balancing", "brownout-while-latched", "broker-gone-during-alarm" })
            {
                Assert.True(s.Templates.ContainsKey(template), "no " + template + " scenario");
            }
        }

        [Fact]
        public void ScenariosAreDeterministicForTheirSeed()
        {
            Assert.Equal(ScenarioGenerator.Draw(42).ToString(), ScenarioGenerator.Draw(42).ToString());
            Assert.NotEqual(ScenarioGenerator.Draw(42).ToString(), ScenarioGenerator.Draw(43).ToString());
            ScenarioResult a = ScenarioRun.Run(ScenarioGenerator.Draw(9, MaxSeconds));
            ScenarioResult b = ScenarioRun.Run(ScenarioGenerator.Draw(9, MaxSeconds));
            Assert.Equal(a.Ticks, b.Ticks);
            Assert.Equal(a.EventsLogged, b.EventsLogged);
            Assert.Equal(a.TrueTrips, b.TrueTrips);
            Assert.Equal(a.Hazards, b.Hazards);
        }
    }
}
