using System;
using System.IO;
using System.Text.Json;
using BatteryShift.Bms;
using Xunit;

namespace BatteryShift.Tests.Mqtt
{
    /// <summary>
    /// What docs/mqtt.md says about a command's size and bytes, against a real mosquitto: the payload holds at most
    /// 128 bytes, the command line after the id at most 96 characters (the console's line); trailing CR and LF are
    /// removed, any other control byte is a bad argument.
    /// </summary>
    public sealed class CommandSizeTests
    {
        private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);

        [MosquittoFact]
        public void CommandLinesHoldNinetySixCharactersAndTrailingLineEndsAreAccepted()
        {
            using var broker = TestBroker.Mosquitto();
            using var probe = MqttProbe.Connect(broker.Host, broker.Port, "batteryshift/size1/reply", "probe-size");
            using var rig = new ModuleRig(broker.Host, broker.Port, "size1");
            Assert.True(rig.RunUntilOnline());

            JsonElement Send(string command)
            {
                int before = probe.Count(rig.Topics.Reply);
                probe.Publish(rig.Topics.Command, command);
                Assert.True(probe.WaitUntil(() => probe.Count(rig.Topics.Reply) == before + 1, s_wait, () => rig.Run(1, 1)), "no reply to " + command);
                return JsonDocument.Parse(probe.On(rig.Topics.Reply)[before].Payload).RootElement;
            }

            string line96 = "status" + new string(' ', 90);
            Assert.Equal(ResultCode.Ok, Send("@s1 " + line96).GetProperty("code").GetInt32());
            JsonElement tooLong = Send("@s2 " + line96 + " ");
            Assert.Equal(ResultCode.TooLong, tooLong.GetProperty("code").GetInt32());
            Assert.Contains("96", tooLong.GetProperty("reply").GetString()!, StringComparison.Ordinal);
            Assert.Equal(ResultCode.TooLong, Send("@s3 " + new string('x', 125)).GetProperty("code").GetInt32());

            Assert.Equal(ResultCode.Ok, Send("@s4 status\r\n").GetProperty("code").GetInt32());
            Assert.Equal(ResultCode.BadArgument, Send("@s5 sta\ttus").GetProperty("code").GetInt32());
            Assert.Equal(ResultCode.BadArgument, Send("@s6 status\r\nreboot").GetProperty("code").GetInt32());

            string doc = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "mqtt.md"));
            Assert.Contains("at most 96 characters", doc, StringComparison.Ordinal);
            Assert.Contains("trailing CR and LF are removed", doc, StringComparison.Ordinal);
        }
    }
}
