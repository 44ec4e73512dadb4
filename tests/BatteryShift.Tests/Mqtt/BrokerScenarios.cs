using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using BatteryShift.Bms;
using BatteryShift.Bms.Config;
using BatteryShift.Bms.Events;
using BatteryShift.Bms.Telemetry;
using Xunit;

namespace BatteryShift.Tests.Mqtt
{
    /// <summary>
    /// The scenarios every broker must pass, run by <see cref="InProcessBrokerTests"/> and
    /// <see cref="MosquittoBrokerTests"/>. Each starts its own broker on a free loopback port.
    /// </summary>
    public static class BrokerScenarios
    {
        private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);

        public static void PayloadsMatchSchemaAndValues(Func<TestBroker> makeBroker)
        {
            using var broker = makeBroker();
            using var probe = MqttProbe.Connect(broker.Host, broker.Port, "#", "probe-schema");
            using var rig = new ModuleRig(broker.Host, broker.Port, "schema1");

            Assert.True(rig.RunUntilOnline(), "module did not connect to " + broker.Kind);
            rig.Events.Append(rig.Clock.NowMs, EventKind.AlarmRaised, 3, 3620);
            rig.Events.Append(rig.Clock.NowMs, EventKind.StateChanged, (int)ModuleState.Fault, (int)ModuleState.Charging);
            rig.Events.Append(rig.Clock.NowMs, EventKind.FaultLatched, 3, 3801);
            rig.Run(6, 1000);
            probe.Publish(rig.Topics.Command, "@schema-1 config get mqtt.period");
            Assert.True(probe.WaitUntil(() => probe.Count(rig.Topics.Reply) == 1, s_wait, () => rig.Run(1, 10)), "no reply");
            Assert.True(probe.WaitUntil(() => probe.Count(rig.Topics.State) >= 6 && probe.Count(rig.Topics.Event) == 3, s_wait), "state/events missing");

            // availability: retained "online"
            ProbeMessage availability = Assert.Single(probe.On(rig.Topics.Availability));
            Assert.Equal("online", availability.Text);

            // discovery: one retained config per entity, all valid, all with availability
            var discovery = probe.Messages.Where(m => m.Topic.StartsWith("homeassistant/", StringComparison.Ordinal)).ToArray();
            Assert.Equal(27 + 16, discovery.Length);
            foreach (var m in discovery)
            {
                Assert.Null(MqttSchemas.Errors("discovery", m.Payload));
                using var doc = JsonDocument.Parse(m.Payload);
                Assert.Equal(rig.Topics.Availability, doc.RootElement.GetProperty("availability_topic").GetString());
            }

            Assert.Contains(discovery, m => m.Topic == "homeassistant/sensor/schema1/voltage/config");
            Assert.Contains(discovery, m => m.Topic == "homeassistant/binary_sensor/schema1/fault/config");
            Assert.Contains(discovery, m => m.Topic == "homeassistant/sensor/schema1/soc_unc/config");
            Assert.Contains(discovery, m => m.Topic == "homeassistant/sensor/schema1/cell_16/config");

            var states = probe.On(rig.Topics.State);
            foreach (var m in states)
            {
                Assert.Null(MqttSchemas.Errors("state", m.Payload));
            }

            // values against the hand-filled status
            using (var doc = JsonDocument.Parse(states[0].Payload))
            {
                JsonElement r = doc.RootElement;
                Assert.Equal(52.920m, r.GetProperty("voltage_v").GetDecimal());
                Assert.Equal(-12.345m, r.GetProperty("current_a").GetDecimal());
                Assert.Equal(-653.3m, r.GetProperty("power_w").GetDecimal()); // 52.920 V * -12.345 A = -653.2974 W
                Assert.Equal(55.6m, r.GetProperty("soc_pct").GetDecimal());
                Assert.Equal(0.015m, r.GetProperty("cell_delta_v").GetDecimal());
                Assert.Equal(16, r.GetProperty("cell_max_no").GetInt32());
                Assert.Equal("charging", r.GetProperty("state").GetString());
                Assert.Equal(new[] { 1, 3 }, r.GetProperty("warnings").EnumerateArray().Select(e => e.GetInt32()).ToArray());
                Assert.Equal(32769, r.GetProperty("bleed_mask").GetInt32());
                Assert.Equal(1.000m, r.GetProperty("charge_in_ah").GetDecimal());
            }

            // sequence numbers of state messages are consecutive
            var seqs = states.Select(m => JsonDocument.Parse(m.Payload).RootElement.GetProperty("seq").GetInt64()).ToArray();
            Assert.Equal(Enumerable.Range(0, seqs.Length).Select(i => (long)i), seqs);

            var cells = probe.On(rig.Topics.Cells);
            Assert.NotEmpty(cells);
            foreach (var m in cells)
            {
                Assert.Null(MqttSchemas.Errors("cells", m.Payload));
            }

            using (var doc = JsonDocument.Parse(cells[0].Payload))
            {
                var v = doc.RootElement.GetProperty("voltage_v").EnumerateArray().Select(e => e.GetDecimal()).ToArray();
                Assert.Equal(16, v.Length);
                Assert.Equal(3.300m, v[0]);
                Assert.Equal(3.315m, v[15]);
                var bleeding = doc.RootElement.GetProperty("bleeding").EnumerateArray().Select(e => e.GetBoolean()).ToArray();
                Assert.True(bleeding[0] && bleeding[15] && !bleeding.Skip(1).Take(14).Any(b => b));
                Assert.Equal(7, doc.RootElement.GetProperty("temp_group")[15].GetInt32());
            }

            var events = probe.On(rig.Topics.Event);
            foreach (var m in events)
            {
                Assert.Null(MqttSchemas.Errors("event", m.Payload));
            }

            Assert.Equal(new[] { "alarm", "state", "fault" }, events.Select(m => JsonDocument.Parse(m.Payload).RootElement.GetProperty("kind").GetString()).ToArray());
            Assert.Equal("fault", JsonDocument.Parse(events[1].Payload).RootElement.GetProperty("state").GetString());

            ProbeMessage reply = Assert.Single(probe.On(rig.Topics.Reply));
            Assert.Null(MqttSchemas.Errors("reply", reply.Payload));
            string replyText = JsonDocument.Parse(reply.Payload).RootElement.GetProperty("reply").GetString()!;
            Assert.StartsWith("0 ", replyText, StringComparison.Ordinal);
            Assert.Contains("mqtt.period", replyText, StringComparison.Ordinal);
            Assert.Contains("1000", replyText, StringComparison.Ordinal);
        }

        public static void LastWillWhenClientDies(Func<TestBroker> makeBroker)
        {
            using var broker = makeBroker();
            using var probe = MqttProbe.Connect(broker.Host, broker.Port, "batteryshift/+/availability", "probe-will");
            using var rig = new ModuleRig(broker.Host, broker.Port, "will1");
            Assert.True(rig.RunUntilOnline());
            Assert.True(probe.WaitUntil(() => probe.Count(rig.Topics.Availability) == 1, s_wait));

            // the client dies: the TCP connection drops without a DISCONNECT packet
            rig.Session.Abort();
            Assert.True(probe.WaitUntil(() => probe.Count(rig.Topics.Availability) == 2, s_wait), "no last-will from " + broker.Kind);
            Assert.Equal(new[] { "online", "offline" }, probe.On(rig.Topics.Availability).Select(m => m.Text).ToArray());

            // and it is retained for whoever subscribes later
            using var late = MqttProbe.Connect(broker.Host, broker.Port, rig.Topics.Availability, "probe-late");
            Assert.True(late.WaitUntil(() => late.Count(rig.Topics.Availability) == 1, s_wait));
            ProbeMessage retained = late.On(rig.Topics.Availability)[0];
            Assert.Equal("offline", retained.Text);
            Assert.True(retained.Retain);

            // the module notices, backs off and comes back online
            rig.Run(1, 10);
            Assert.False(rig.Telemetry.Online);
            Assert.True(rig.RunUntilOnline());
            Assert.True(late.WaitUntil(() => late.Count(rig.Topics.Availability) == 2, s_wait));
            Assert.Equal("online", late.On(rig.Topics.Availability)[1].Text);
        }

        public static void BufferedTelemetryDeliveredInOrderAfterRestart(Func<TestBroker> makeBroker)
        {
            using var broker = makeBroker();
            using var rig = new ModuleRig(broker.Host, broker.Port, "buffer1");
            // 2 s offline period: the 12 s outage below (6 states, 2 or 3 cells, 3 events) fits the 8 KB ring
            ModuleRig.Check(rig.Config.TrySet(CommsKeys.MqttOfflinePeriodMs, 2000));
            var probe = MqttProbe.Connect(broker.Host, broker.Port, "batteryshift/buffer1/#", "probe-before");
            var received = new List<ProbeMessage>();
            try
            {
                Assert.True(rig.RunUntilOnline());
                rig.Run(5, 1000);
                long sent = rig.Telemetry.Counters.Sent;
                Assert.True(probe.WaitUntil(() => probe.Messages.Count(m => m.Topic != rig.Topics.Availability) == sent, s_wait));
                received.AddRange(probe.Messages);
            }
            finally
            {
                probe.Dispose();
            }

            broker.Stop();
            long sentBefore = rig.Telemetry.Counters.Sent;
            for (int i = 0; i < 12; i++)
            {
                rig.Run(1, 1000);
                if (i % 5 == 0)
                {
                    rig.Events.Append(rig.Clock.NowMs, EventKind.WarningRaised, i, i * 10);
                }
            }

            Assert.False(rig.Telemetry.Online);
            Assert.Equal(sentBefore, rig.Telemetry.Counters.Sent);
            int waiting = rig.Telemetry.Queue.Count;
            Assert.True(waiting >= 6 + 2 + 3, "queued " + waiting);

            broker.Start();
            using var after = MqttProbe.Connect(broker.Host, broker.Port, "batteryshift/buffer1/#", "probe-after");
            Assert.True(rig.RunUntilOnline(), "no reconnect to " + broker.Kind);
            rig.Run(10, 1);
            Assert.Equal(0, rig.Telemetry.Queue.Count);
            Assert.Equal(0, rig.Telemetry.Queue.DroppedCount);
            Assert.True(after.WaitUntil(() => after.Messages.Count(m => m.Topic != rig.Topics.Availability) >= waiting, s_wait));
            received.AddRange(after.Messages);

            // every state message exactly once, in order, before and after the outage
            long[] stateSeqs = received.Where(m => m.Topic == rig.Topics.State)
                .Select(m => JsonDocument.Parse(m.Payload).RootElement.GetProperty("seq").GetInt64()).ToArray();
            Assert.Equal(Enumerable.Range(0, stateSeqs.Length).Select(i => (long)i), stateSeqs);
            Assert.True(stateSeqs.Length >= 11);
            long[] eventSeqs = received.Where(m => m.Topic == rig.Topics.Event)
                .Select(m => JsonDocument.Parse(m.Payload).RootElement.GetProperty("seq").GetInt64()).ToArray();
            Assert.Equal(new long[] { 0, 1, 2 }, eventSeqs);

            // the buffered messages kept their uptime order
            long[] uptimes = after.Messages.Where(m => m.Topic == rig.Topics.State)
                .Select(m => JsonDocument.Parse(m.Payload).RootElement.GetProperty("uptime_ms").GetInt64()).ToArray();
            Assert.Equal(uptimes.OrderBy(u => u), uptimes);
        }

        public static void OverflowIsCountedAndReported(Func<TestBroker> makeBroker)
        {
            using var broker = makeBroker();
            using var rig = new ModuleRig(broker.Host, broker.Port, "overflow1");
            ModuleRig.Check(rig.Config.TrySet(CommsKeys.MqttOfflinePeriodMs, 1000));
            Assert.True(rig.RunUntilOnline());
            broker.Stop();
            rig.Run(60, 1000);
            long dropped = rig.Telemetry.Queue.DroppedCount;
            Assert.True(dropped > 0);

            broker.Start();
            using var after = MqttProbe.Connect(broker.Host, broker.Port, "batteryshift/overflow1/state", "probe-overflow");
            Assert.True(rig.RunUntilOnline());
            rig.Run(5, 1);
            rig.Run(1, 1000);
            rig.Run(5, 1);
            long lastSeq = -1;
            long reported = -1;
            Assert.True(after.WaitUntil(
                () =>
                {
                    var last = after.On(rig.Topics.State).LastOrDefault();
                    if (last == null)
                    {
                        return false;
                    }

                    using var doc = JsonDocument.Parse(last.Payload);
                    lastSeq = doc.RootElement.GetProperty("seq").GetInt64();
                    reported = doc.RootElement.GetProperty("counters").GetProperty("dropped").GetInt64();
                    return lastSeq == rig.Telemetry.StateMessages - 1;
                },
                s_wait));

            // every state message is either received or counted as dropped (cells messages share the ring)
            var got = after.On(rig.Topics.State).Select(m => JsonDocument.Parse(m.Payload).RootElement.GetProperty("seq").GetInt64()).ToHashSet();
            long missingStates = Enumerable.Range(1, (int)lastSeq).Count(s => !got.Contains(s));
            Assert.Equal(rig.Telemetry.Queue.DroppedCount, reported);
            Assert.True(reported >= dropped);
            Assert.True(missingStates <= reported, $"missing {missingStates} state messages, reported {reported} dropped");
            Assert.True(missingStates > 0);
        }

        public static void CommandsRefusedWhenRemoteControlOff(Func<TestBroker> makeBroker)
        {
            using var broker = makeBroker();
            using var probe = MqttProbe.Connect(broker.Host, broker.Port, "batteryshift/cmd1/reply", "probe-cmd");
            using var rig = new ModuleRig(broker.Host, broker.Port, "cmd1");
            Assert.True(rig.RunUntilOnline());
            int revision = rig.Config.Revision;

            int nextId = 0;
            (int Code, string Reply) Send(string command)
            {
                int before = probe.Count(rig.Topics.Reply);
                probe.Publish(rig.Topics.Command, "@c" + (++nextId) + " " + command);
                Assert.True(probe.WaitUntil(() => probe.Count(rig.Topics.Reply) == before + 1, s_wait, () => rig.Run(1, 1)), "no reply to " + command);
                ProbeMessage reply = probe.On(rig.Topics.Reply)[before];
                Assert.Null(MqttSchemas.Errors("reply", reply.Payload));
                using var doc = JsonDocument.Parse(reply.Payload);
                return (doc.RootElement.GetProperty("code").GetInt32(), doc.RootElement.GetProperty("reply").GetString()!);
            }

            Assert.Equal(ResultCode.Refused, Send("config set mqtt.period 2000").Code);
            Assert.Equal(1000, rig.Config.Get(CommsKeys.MqttStatePeriodMs));
            Assert.Equal(ResultCode.Refused, Send("remote on").Code);
            Assert.Equal(ResultCode.Refused, Send("config set console.remote 1").Code);
            Assert.Equal(ResultCode.Refused, Send("clear").Code);
            Assert.Equal(ResultCode.Refused, Send("reboot").Code);
            Assert.Equal(revision, rig.Config.Revision);
            Assert.Equal(0, rig.Config.Get(ConsoleKeys.RemoteControl));
            var get = Send("config get mqtt.period");
            Assert.Equal(ResultCode.Ok, get.Code);
            Assert.Contains("1000", get.Reply, StringComparison.Ordinal);

            // enabled locally (the serial console's job): changes are accepted within range
            ModuleRig.Check(rig.Config.TrySet(ConsoleKeys.RemoteControl, 1));
            Assert.Equal(ResultCode.Ok, Send("config set mqtt.period 2000").Code);
            Assert.Equal(2000, rig.Config.Get(CommsKeys.MqttStatePeriodMs));
            Assert.Equal(ResultCode.OutOfRange, Send("config set mqtt.period 50").Code);
            Assert.Equal(2000, rig.Config.Get(CommsKeys.MqttStatePeriodMs));

            // remote control can never be switched from remote, not even off
            Assert.Equal(ResultCode.Refused, Send("config set console.remote 0").Code);
            Assert.Equal(ResultCode.Refused, Send("remote off").Code);
            Assert.Equal(1, rig.Config.Get(ConsoleKeys.RemoteControl));
        }

        public static void MalformedCommandsAnsweredWithErrors(Func<TestBroker> makeBroker, int count)
        {
            using var broker = makeBroker();
            using var probe = MqttProbe.Connect(broker.Host, broker.Port, "batteryshift/fuzz1/reply", "probe-fuzz");
            using var rig = new ModuleRig(broker.Host, broker.Port, "fuzz1");
            Assert.True(rig.RunUntilOnline());
            int revision = rig.Config.Revision;
            var statusBefore = JsonSnapshot(rig);
            long eventsBefore = rig.Events.NextSequence;
            var random = new Random(7);
            const int batch = 32;
            int sent = 0;
            while (sent < count)
            {
                int n = Math.Min(batch, count - sent);
                for (int i = 0; i < n; i++)
                {
                    probe.Publish(rig.Topics.Command, MalformedCommand(random, sent + i));
                }

                sent += n;
                Assert.True(probe.WaitUntil(() => probe.Count(rig.Topics.Reply) == sent, s_wait, rig.Pump), $"replies {probe.Count(rig.Topics.Reply)} of {sent} (online {rig.Telemetry.Online}, connects {rig.Telemetry.Counters.Connects})");
            }

            var replies = probe.On(rig.Topics.Reply);
            Assert.Equal(count, replies.Length);
            for (int i = 0; i < replies.Length; i++)
            {
                using var doc = JsonDocument.Parse(replies[i].Payload);
                Assert.Equal(i + 1, doc.RootElement.GetProperty("cmd").GetInt64());
                Assert.NotEqual(ResultCode.Ok, doc.RootElement.GetProperty("code").GetInt32());
            }

            Assert.Null(MqttSchemas.Errors("reply", replies[^1].Payload));
            Assert.Equal(revision, rig.Config.Revision);
            Assert.Equal(statusBefore, JsonSnapshot(rig));
            Assert.Equal(0, rig.Config.Get(ConsoleKeys.RemoteControl));
            Assert.False(rig.Core.Commands.RebootPending);
            Assert.Equal(0, rig.Module.ResetCount);
            Assert.Equal(count, rig.Telemetry.Counters.CommandErrors);
            Assert.Equal(0, rig.Session.ReceivedDropped);
        }

        /// <summary>
        /// A payload that is not a valid command: random bytes with a control byte, over-long payloads,
        /// empty ones, unknown verbs, known verbs with wrong arguments, unknown keys, bad numbers, and valid
        /// changes that must be refused while remote control is off.
        /// </summary>
        public static byte[] MalformedCommand(Random random, int index)
        {
            string[] keys = { "mqtt.period", "console.remote", "module.cells", "mqtt.port", "no.such.key", "mqtt", "" };
            string[] refused = { "clear", "reboot", "remote on", "remote off", "cal", "balance on", "balance off", "mode line" };
            switch (index % 10)
            {
                case 0:
                {
                    var bytes = new byte[random.Next(1, 120)];
                    random.NextBytes(bytes);
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(0, 0x20);
                    bytes[0] = bytes[0] == (byte)'\r' || bytes[0] == (byte)'\n' ? (byte)0 : bytes[0];
                    return bytes;
                }

                case 1:
                    return Encoding.ASCII.GetBytes(new string('x', random.Next(129, 400)));
                case 2:
                    return index % 20 == 2 ? Array.Empty<byte>() : Encoding.ASCII.GetBytes(new string(' ', random.Next(1, 10)));
                case 3:
                {
                    var chars = new char[random.Next(1, 60)];
                    for (int i = 0; i < chars.Length; i++)
                    {
                        chars[i] = (char)random.Next(0x21, 0x7f);
                    }

                    chars[0] = 'Q';
                    return Encoding.ASCII.GetBytes(new string(chars));
                }

                case 4:
                    return Encoding.ASCII.GetBytes("config set " + keys[random.Next(keys.Length)] + " " + random.Next(-100000, 100000) + " extra");
                case 5:
                    return Encoding.ASCII.GetBytes("config set no.such.key " + random.Next());
                case 6:
                    return Encoding.ASCII.GetBytes("config get " + (char)random.Next('a', 'z' + 1) + random.Next());
                case 7:
                    return Encoding.ASCII.GetBytes("@m" + index + " config set " + keys[random.Next(4)] + " " + random.Next(1, 60000));
                case 8:
                    return Encoding.ASCII.GetBytes((index % 20 == 8 ? "@m" + index + " " : string.Empty) + refused[random.Next(refused.Length)]);
                default:
                    return Encoding.ASCII.GetBytes(random.Next(4) switch { 0 => "config", 1 => "status now", 2 => "config get", _ => "CONFIG get mqtt.period\u007f" });
            }
        }

        private static string JsonSnapshot(ModuleRig rig)
        {
            var w = new JsonWriter(2048);
            TelemetryEncoder.WriteState(w, rig.Status, 0, new LinkCounters());
            return Encoding.ASCII.GetString(w.Buffer, 0, w.Length);
        }
    }
}
