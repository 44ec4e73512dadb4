using BatteryShift.Bms.Telemetry;
using BatteryShift.Harness.Campaign;
using Xunit;

namespace BatteryShift.Tests.Campaign
{
    /// <summary>
    /// Every failure the campaign found, kept by seed, plus the oracles' own checks.
    /// </summary>
    public class CampaignRegressionTests
    {
        // Seeds 9, 33 and 86: the broker gone while a cell over-voltage alarm rises (charger over-voltage fault). The
        // outage lasted 6 to 14 minutes; the store-and-forward queue (16 KB) filled with state and cells messages at
        // the offline period and dropped its oldest records, the alarm and fault events among them. Fixed in
        // MqttTelemetry: while offline a periodic message that would push a record out is counted as dropped when an
        // event is queued.
        [Theory]
        [InlineData(9UL)]
        [InlineData(33UL)]
        [InlineData(86UL)]
        public void EventsSurviveALongOutageDuringAnAlarm(ulong seed)
        {
            ScenarioResult r = ScenarioRun.Run(seed);
            Assert.Equal("broker-gone-during-alarm", r.Scenario.Template);
            Assert.True(r.EventsLogged >= 2, "events " + r.EventsLogged);
            Assert.True(r.TrueTrips >= 1);
            Assert.Equal(0, r.LostEvents);
            Assert.False(r.Failed, string.Join("; ", r.Failures));
        }

        [Fact]
        public void QueueRefusesPeriodicMessagesRatherThanDropAnEventWhileOffline()
        {
            var q = new StoreForwardQueue(64);
            var payload = new byte[20];
            Assert.True(q.Enqueue(TelemetryTopics.EventIndex, payload, 20));
            Assert.True(q.Enqueue(TelemetryTopics.StateIndex, payload, 20));
            Assert.Equal(1, q.CountOf(TelemetryTopics.EventIndex));
            Assert.Equal(1, q.CountOf(TelemetryTopics.StateIndex));
            Assert.False(q.Fits(20));
            Assert.True(q.Fits(64 - 46 - 3));
            q.Refuse();
            Assert.Equal(1, q.DroppedCount);

            // an event still makes room by dropping the oldest record (here the older event)
            Assert.True(q.Enqueue(TelemetryTopics.EventIndex, payload, 20));
            Assert.Equal(1, q.CountOf(TelemetryTopics.EventIndex));
            Assert.Equal(1, q.CountOf(TelemetryTopics.StateIndex));
            q.RemoveOldest();
            q.RemoveOldest();
            Assert.Equal(0, q.CountOf(TelemetryTopics.EventIndex));
            Assert.Equal(0, q.CountOf(TelemetryTopics.StateIndex));
        }
    }
}
