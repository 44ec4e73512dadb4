using System;
using System.Text;
using Xunit;

namespace BatteryShift.Tests.Mqtt
{
    /// <summary>
    /// The rig's communication pump itself: replies queued when the link dropped are delivered once the module is back,
    /// without a tick. The broker tests that pump between ticks rest on it when a loaded host lets an acknowledgement
    /// miss its timeout (a CI run lost 26 replies of 3,040 that way).
    /// </summary>
    public sealed class ModuleRigTests
    {
        [Fact]
        public void RepliesQueuedWhenTheLinkDroppedAreDeliveredAfterTheReconnect()
        {
            using var broker = TestBroker.InProcess();
            using var probe = MqttProbe.Connect(broker.Host, broker.Port, "batteryshift/pump1/reply", "probe-pump");
            using var rig = new ModuleRig(broker.Host, broker.Port, "pump1");
            Assert.True(rig.RunUntilOnline());
            probe.Publish(rig.Topics.Command, Encoding.ASCII.GetBytes("@p1 status"));

            // Collect answers the command and queues its reply; the link drops before a Transmit sends it
            Assert.True(probe.WaitUntil(() => rig.Telemetry.Counters.Commands == 1, TimeSpan.FromSeconds(10), rig.Telemetry.Collect), "the command did not reach the module");
            rig.Session.Abort();
            rig.Telemetry.Transmit();
            Assert.False(rig.Telemetry.Online);
            Assert.True(probe.WaitUntil(() => probe.Count(rig.Topics.Reply) == 1, TimeSpan.FromSeconds(10), rig.Pump), "no reply after the reconnect");
        }
    }
}
