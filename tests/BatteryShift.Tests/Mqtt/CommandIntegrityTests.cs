using System;
using System.Linq;
using System.Text.Json;
using BatteryShift.Bms;
using BatteryShift.Bms.Config;
using Xunit;

namespace BatteryShift.Tests.Mqtt
{
    /// <summary>
    /// Commands with integrity, against a real mosquitto: a retained command is refused and cleared on the broker,
    /// never executed, however often the module reconnects; a command id seen before is answered with the earlier
    /// result and not executed again.
    /// </summary>
    public sealed class CommandIntegrityTests
    {
        private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);

        [MosquittoFact]
        public void RetainedRebootNeverRebootsAndIsCleared()
        {
            using var broker = TestBroker.Mosquitto();
            using var probe = MqttProbe.Connect(broker.Host, broker.Port, "batteryshift/ret1/#", "probe-ret");
            using var rig = new ModuleRig(broker.Host, broker.Port, "ret1");
            ModuleRig.Check(rig.Config.TrySet(ConsoleKeys.RemoteControl, 1));
            probe.Publish(rig.Topics.Command, "reboot", retain: true);
            Assert.True(probe.WaitUntil(() => probe.Count(rig.Topics.Command) >= 1, s_wait), "retained command not stored");

            // every reconnect would deliver a retained message again: five connections, never a reboot
            for (int connection = 0; connection < 5; connection++)
            {
                Assert.True(rig.RunUntilOnline(), "module did not connect");
                rig.Run(50, 20);
                Assert.False(rig.Core.Commands.RebootPending, "retained reboot accepted on connection " + connection);
                Assert.Equal(0, rig.Module.ResetCount);
                rig.Session.Abort();
                rig.Run(2, 20);
            }

            // refused with its reason
            var first = probe.On(rig.Topics.Reply).Select(m => JsonDocument.Parse(m.Payload).RootElement).First();
            Assert.Equal(ResultCode.Refused, first.GetProperty("code").GetInt32());
            Assert.Contains("retained", first.GetProperty("reply").GetString()!, StringComparison.Ordinal);

            // and cleared on the broker: a new subscriber gets no retained command
            using var late = MqttProbe.Connect(broker.Host, broker.Port, rig.Topics.Command, "probe-late");
            System.Threading.Thread.Sleep(300);
            Assert.DoesNotContain(late.Messages, m => m.Retain && m.Payload.Length > 0);
        }

        [MosquittoFact]
        public void DuplicateIdAnsweredWithEarlierReplyNotExecutedAgain()
        {
            using var broker = TestBroker.Mosquitto();
            using var probe = MqttProbe.Connect(broker.Host, broker.Port, "batteryshift/dup1/reply", "probe-dup");
            using var rig = new ModuleRig(broker.Host, broker.Port, "dup1");
            ModuleRig.Check(rig.Config.TrySet(ConsoleKeys.RemoteControl, 1));
            Assert.True(rig.RunUntilOnline());

            JsonElement Send(string command)
            {
                int before = probe.Count(rig.Topics.Reply);
                probe.Publish(rig.Topics.Command, command);
                Assert.True(probe.WaitUntil(() => probe.Count(rig.Topics.Reply) == before + 1, s_wait, () => rig.Run(1, 1)), "no reply to " + command);
                return JsonDocument.Parse(probe.On(rig.Topics.Reply)[before].Payload).RootElement;
            }

            JsonElement first = Send("@job-7 config set mqtt.period 2000");
            Assert.Equal(ResultCode.Ok, first.GetProperty("code").GetInt32());
            Assert.Equal("job-7", first.GetProperty("id").GetString());
            Assert.Equal(2000, rig.Config.Get(CommsKeys.MqttStatePeriodMs));

            // changed back locally; the replayed command must not change it again
            ModuleRig.Check(rig.Config.TrySet(CommsKeys.MqttStatePeriodMs, 1000));
            JsonElement replay = Send("@job-7 config set mqtt.period 2000");
            Assert.Equal(ResultCode.Ok, replay.GetProperty("code").GetInt32());
            Assert.Equal("job-7", replay.GetProperty("id").GetString());
            Assert.Contains("duplicate of cmd " + first.GetProperty("cmd").GetInt64(), replay.GetProperty("reply").GetString()!, StringComparison.Ordinal);
            Assert.Equal(1000, rig.Config.Get(CommsKeys.MqttStatePeriodMs));

            // a new id runs; a command without an id is refused and changes nothing
            Assert.Equal(ResultCode.Ok, Send("@job-8 config set mqtt.period 3000").GetProperty("code").GetInt32());
            Assert.Equal(3000, rig.Config.Get(CommsKeys.MqttStatePeriodMs));
            Assert.Equal(ResultCode.BadArgument, Send("config set mqtt.period 4000").GetProperty("code").GetInt32());
            Assert.Equal(3000, rig.Config.Get(CommsKeys.MqttStatePeriodMs));
        }

        [MosquittoFact]
        public void TenThousandCommandsAtFullSpeedEachAnsweredOrCounted()
        {
            const int count = 10000;
            using var broker = TestBroker.Mosquitto();
            using var probe = MqttProbe.Connect(broker.Host, broker.Port, "batteryshift/flood1/#", "probe-flood");
            using var sender = MqttProbe.Connect(broker.Host, broker.Port, "batteryshift/flood1/none", "probe-flood-send");
            using var rig = new ModuleRig(broker.Host, broker.Port, "flood1");
            Assert.True(rig.RunUntilOnline());

            // the sender publishes as fast as the broker acknowledges; the module runs its passes meanwhile
            var publisher = System.Threading.Tasks.Task.Run(() =>
            {
                for (int i = 1; i <= count; i++)
                {
                    sender.Publish(rig.Topics.Command, "@f" + i + " status");
                }
            });
            while (!publisher.IsCompleted)
            {
                rig.Run(1, 1);
            }

            publisher.GetAwaiter().GetResult();

            // let everything settle: the receive ring empties, the queue drains, fresh state messages go out
            long Last(string member) => JsonDocument.Parse(probe.On(rig.Topics.State)[^1].Payload).RootElement.GetProperty("counters").GetProperty(member).GetInt64();
            Assert.True(probe.WaitUntil(
                () => rig.Telemetry.Queue.Count == 0 && probe.Count(rig.Topics.State) > 0 && Last("commands") + rig.Session.ReceivedDropped == count
                    && probe.Count(rig.Topics.Reply) + Last("commands_dropped") == count,
                TimeSpan.FromSeconds(30),
                () => rig.Run(1, 100)),
                $"replies {probe.Count(rig.Topics.Reply)}, module commands {rig.Telemetry.Counters.Commands}, dropped {rig.Telemetry.Counters.CommandsDropped}, session dropped {rig.Session.ReceivedDropped}");

            // counted on the broker side: replies received there + dropped reported there == commands sent; no reply twice
            var replies = probe.On(rig.Topics.Reply).Select(m => JsonDocument.Parse(m.Payload).RootElement).ToArray();
            Assert.Equal(replies.Length, replies.Select(r => r.GetProperty("id").GetString()).Distinct().Count());
            Assert.Equal(count, replies.Length + Last("commands_dropped"));
            Assert.Null(MqttSchemas.Errors("state", probe.On(rig.Topics.State)[^1].Payload));

            Console.WriteLine($"flood: {count} sent, {replies.Length} replies, {Last("commands_dropped")} counted dropped ({rig.Session.ReceivedDropped} by the session's receive ring)");
        }
    }
}
