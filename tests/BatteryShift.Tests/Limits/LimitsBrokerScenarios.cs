using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using BatteryShift.Bms;
using BatteryShift.Bms.Config;
using BatteryShift.Tests.Mqtt;
using Xunit;

namespace BatteryShift.Tests.Limits
{
    /// <summary>
    /// The retained limits message through a real broker (run by <see cref="LimitsBrokerTests"/> on the in-process
    /// MQTTnet broker and on Debian's mosquitto): the period, at once on a change, retained for a late subscriber
    /// with the very bytes the module wrote, and again right after a reconnect.
    /// </summary>
    public static class LimitsBrokerScenarios
    {
        private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);

        public static void PeriodicAtOnceRetainedAndOnReconnect(Func<TestBroker> makeBroker)
        {
            using var broker = makeBroker();
            using var rig = new ModuleRig(broker.Host, broker.Port, "lim1");
            string topic = rig.Topics.Limits;
            Assert.Equal("batteryshift/lim1/limits", topic);
            using var probe = MqttProbe.Connect(broker.Host, broker.Port, topic, "probe-limits");
            rig.Core.Limits.Update();
            Assert.True(rig.RunUntilOnline(), "module did not connect to " + broker.Kind);

            // the pass after the connect sends one at once; then one per mqtt.limits.period (1000 ms) while nothing changes
            rig.Run(1, 100);
            Assert.Equal(1, rig.Telemetry.LimitsMessages.Sent);
            rig.Run(30, 100);
            Assert.Equal(4, rig.Telemetry.LimitsMessages.Sent);

            // a change goes in the very next pass, whatever the period
            rig.Status.ChargeCurrentLimitMa = 70000;
            rig.Core.Limits.Update();
            rig.Run(1, 100);
            Assert.Equal(5, rig.Telemetry.LimitsMessages.Sent);
            long changedAtMs = rig.Clock.NowMs;
            Assert.True(probe.WaitUntil(() => probe.Count(topic) == 5, s_wait), $"received {probe.Count(topic)} of 5 from {broker.Kind}");
            JsonElement[] seen = probe.On(topic).Select(m => JsonDocument.Parse(m.Payload).RootElement.Clone()).ToArray();
            foreach (var m in probe.On(topic))
            {
                Assert.Null(MqttSchemas.Errors("limits", m.Payload));
            }

            Assert.Equal(new long[] { 0, 1, 2, 3, 4 }, seen.Select(e => e.GetProperty("seq").GetInt64()).ToArray());
            Assert.Equal(new[] { 140.0m, 140.0m, 140.0m, 140.0m, 70.0m }, seen.Select(e => e.GetProperty("ccl_a").GetDecimal()).ToArray());
            Assert.Equal(changedAtMs, seen[4].GetProperty("uptime_ms").GetInt64());
            long[] uptimes = seen.Take(4).Select(e => e.GetProperty("uptime_ms").GetInt64()).ToArray();
            Assert.Equal(new long[] { 1000, 1000, 1000 }, uptimes.Zip(uptimes.Skip(1), (a, b) => b - a).ToArray());

            // retained: a subscriber that comes later gets the last message, flagged retained, byte for byte
            byte[] last = rig.Telemetry.LimitsMessages.Last.Buffer.AsSpan(0, rig.Telemetry.LimitsMessages.Last.Length).ToArray();
            using (var late = MqttProbe.Connect(broker.Host, broker.Port, topic, "probe-limits-late"))
            {
                Assert.True(late.WaitUntil(() => late.Count(topic) == 1, s_wait), "no retained limits from " + broker.Kind);
                ProbeMessage retained = late.On(topic)[0];
                Assert.True(retained.Retain);
                Assert.Equal(Encoding.ASCII.GetString(last), retained.Text);
                Assert.Equal(last, retained.Payload);
            }

            // a broker restart: nothing is written while the link is down; the pass after the reconnect sends at once
            broker.Stop();
            rig.Run(5, 1000);
            Assert.False(rig.Telemetry.Online);
            long writtenWhileDown = rig.Telemetry.LimitsMessages.Messages;
            rig.Run(5, 1000);
            Assert.Equal(writtenWhileDown, rig.Telemetry.LimitsMessages.Messages);
            broker.Start();
            using var after = MqttProbe.Connect(broker.Host, broker.Port, topic, "probe-limits-after");
            Assert.True(rig.RunUntilOnline(), "no reconnect to " + broker.Kind);
            long sentBefore = rig.Telemetry.LimitsMessages.Sent;
            rig.Run(1, 1);
            Assert.Equal(sentBefore + 1, rig.Telemetry.LimitsMessages.Sent);
            Assert.True(after.WaitUntil(() => after.On(topic).Any(m => JsonDocument.Parse(m.Payload).RootElement.GetProperty("uptime_ms").GetInt64() == rig.Clock.NowMs), s_wait), "no limits after the reconnect to " + broker.Kind);
        }

        public static void PeriodIsTheSetting(Func<TestBroker> makeBroker)
        {
            using var broker = makeBroker();
            using var rig = new ModuleRig(broker.Host, broker.Port, "lim2");
            ModuleRig.Check(rig.Config.TrySet(CommsKeys.MqttLimitsPeriodMs, 400));
            rig.Core.Limits.Update();
            using var probe = MqttProbe.Connect(broker.Host, broker.Port, rig.Topics.Limits, "probe-limits-period");
            Assert.True(rig.RunUntilOnline());
            rig.Run(41, 100);
            Assert.Equal(11, rig.Telemetry.LimitsMessages.Sent);
            Assert.True(probe.WaitUntil(() => probe.Count(rig.Topics.Limits) == 11, s_wait));
            long[] uptimes = probe.On(rig.Topics.Limits).Select(m => JsonDocument.Parse(m.Payload).RootElement.GetProperty("uptime_ms").GetInt64()).ToArray();
            Assert.All(uptimes.Zip(uptimes.Skip(1), (a, b) => b - a), d => Assert.Equal(400, d));
        }
    }
}
