using System;
using System.Linq;
using System.Text;
using BatteryShift.Bms;
using BatteryShift.Bms.Config;
using BatteryShift.Tests.Mqtt;
using Xunit;

namespace BatteryShift.Tests.ConsoleTests
{
    /// <summary>
    /// Passwords are write-only: whatever reads settings back (config get, config list, the set command's own reply,
    /// event lines and records, MQTT replies and events) shows "***" for a set secret and never its text.
    /// </summary>
    public sealed class SecretSettingsTests
    {
        private const string WifiSecret = "wifi-Secret-91";
        private const string MqttSecret = "mqtt-Secret-73";

        [Fact]
        public void NoSerialOutputCarriesAPassword()
        {
            var rig = new ConsoleRig();
            var all = new StringBuilder();
            foreach (string line in new[]
            {
                "config set wifi.password " + WifiSecret, "config set mqtt.password " + MqttSecret, "config get wifi.password",
                "config get mqtt.password", "config list 140", "config list 146", "mode line", "config get mqtt.password",
                "config set mqtt.password " + MqttSecret, "log", "status", "mode text", "log",
                "config  set\tWIFI.PASSWORD " + WifiSecret + " with more words than a line has", "config set mqtt.password " + MqttSecret + "-far-too-long-for-the-setting-" + new string('x', 50),
            })
            {
                rig.Serial.Type(line + "\r\n");
                rig.Step();
                all.Append(rig.Serial.TakeOutput());
            }

            string output = all.ToString();
            Assert.Equal(WifiSecret, rig.Core.Config.GetText(CommsKeys.WifiPassword));
            Assert.Equal(MqttSecret, rig.Core.Config.GetText(CommsKeys.MqttPassword));
            Assert.DoesNotContain(WifiSecret, output, StringComparison.Ordinal);
            Assert.DoesNotContain(MqttSecret, output, StringComparison.Ordinal);
            Assert.Contains("wifi.password \"***\"", output, StringComparison.Ordinal);
            Assert.Contains("mqtt.password \"***\"", output, StringComparison.Ordinal);
            Assert.Contains("> config set wifi.password ***", output, StringComparison.Ordinal);

            // an empty secret shows as empty: whether one is set is all a reader learns
            Assert.StartsWith("0 mqtt.user \"\"", rig.Run("config get mqtt.user"));
            Assert.Equal(ResultCode.Ok, rig.Core.Config.TrySetText(CommsKeys.WifiPassword, ""));
            Assert.Equal("0 wifi.password \"\"", rig.Run("config get wifi.password"));
        }

        [Fact]
        public void NoMqttMessageCarriesAPassword()
        {
            using var broker = TestBroker.InProcess();
            using var probe = MqttProbe.Connect(broker.Host, broker.Port, "#", "probe-secret");
            using var rig = new ModuleRig(broker.Host, broker.Port, "secret1");
            Assert.True(rig.RunUntilOnline(), "module did not connect");
            ModuleRig.Check(rig.Config.TrySet(ConsoleKeys.RemoteControl, 1));
            string[] commands =
            {
                "@s1 config set mqtt.password " + MqttSecret, "@s2 config get mqtt.password", "@s3 config list 140",
                "@s4 config set wifi.password " + WifiSecret, "@s5 config get wifi.password", "@s6 log", "@s1 config set mqtt.password x",
            };
            foreach (string command in commands)
            {
                probe.Publish(rig.Topics.Command, command);
            }

            Assert.True(probe.WaitUntil(() => probe.Count(rig.Topics.Reply) == commands.Length, TimeSpan.FromSeconds(10), () => rig.Run(1, 100)), "replies: " + probe.Count(rig.Topics.Reply));
            rig.Run(20, 100);
            Assert.Equal(MqttSecret, rig.Config.GetText(CommsKeys.MqttPassword));
            Assert.Equal(WifiSecret, rig.Config.GetText(CommsKeys.WifiPassword));
            // the command topic holds what the probe itself sent; everything the module published is checked
            foreach (ProbeMessage m in probe.Messages.Where(m => m.Topic != rig.Topics.Command))
            {
                Assert.DoesNotContain(MqttSecret, m.Text, StringComparison.Ordinal);
                Assert.DoesNotContain(WifiSecret, m.Text, StringComparison.Ordinal);
            }

            Assert.Contains(probe.On(rig.Topics.Reply), m => m.Text.Contains("mqtt.password \\\"***\\\"", StringComparison.Ordinal));
        }
    }
}
