using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using BatteryShift.Bms.Config;
using BatteryShift.Hal;
using BatteryShift.Hal.Simulation;
using BatteryShift.Harness;
using BatteryShift.Harness.Mqtt;
using BatteryShift.Simulator;
using BatteryShift.Tests.Mqtt;
using Xunit;

namespace BatteryShift.Tests.Tools
{
    /// <summary>
    /// The MQTT link as the user sees it: the board's console says when it comes up and goes down (also across a
    /// broker restart) and the status block carries it; a simulation faster than real time does not flood a real broker.
    /// </summary>
    public class LinkLinesTests
    {
        [MosquittoFact]
        public void TheConsoleSaysLinkUpAndDownAcrossABrokerRestart()
        {
            using MosquittoBroker broker = MosquittoBroker.Start(MosquittoBroker.FindBinary()!);
            var config = new BmsConfig();
            Assert.Equal(0, config.TrySetText(CommsKeys.MqttHost, MosquittoBroker.Host));
            Assert.Equal(0, config.TrySet(CommsKeys.MqttPort, broker.Port));
            Assert.Equal(0, config.TrySet(ConsoleKeys.SerialPeriodMs, 10000));
            using var session = new MqttNetSession(timeout: TimeSpan.FromSeconds(2));
            var runner = new VirtualModuleRunner(new SimulationOptions { Mqtt = session }, config);
            var serial = new StringBuilder();
            runner.AfterTick.Add(r => serial.Append(Encoding.ASCII.GetString(r.Module.Serial.TakeOutput())));

            runner.RunSeconds(15);
            Assert.True(runner.Core.Mqtt.Online);
            broker.Stop();
            runner.RunSeconds(15);
            Assert.False(runner.Core.Mqtt.Online);
            broker.Restart();
            for (int i = 0; i < 120 && !runner.Core.Mqtt.Online; i++)
            {
                runner.RunSeconds(1);
            }

            runner.RunSeconds(11);
            string[] lines = serial.ToString().Split("\r\n");
            string endpoint = $"{MosquittoBroker.Host}:{broker.Port}";
            string[] link = lines.Where(l => l.StartsWith("** ", StringComparison.Ordinal) && l.Contains(" mqtt link ")).ToArray();
            Assert.Equal(3, link.Length);
            Assert.EndsWith("mqtt link up " + endpoint, link[0]);
            Assert.Contains("mqtt link down, retrying " + endpoint, link[1]);
            Assert.EndsWith("mqtt link up " + endpoint, link[2]);

            // the status blocks say the link's state of their moment: up, down, up again
            string[] blockLines = lines.Where(l => l.StartsWith("   mqtt ", StringComparison.Ordinal)).ToArray();
            Assert.Contains(blockLines, l => l.StartsWith("   mqtt down, retrying " + endpoint + " (failed attempts: ", StringComparison.Ordinal));
            Assert.Equal("   mqtt up " + endpoint, blockLines[^1]);
        }

        [Fact]
        public void NoLinkLineWithoutABroker()
        {
            var runner = new VirtualModuleRunner();
            runner.RunSeconds(70);
            string text = Encoding.ASCII.GetString(runner.Module.Serial.TakeOutput());
            Assert.Contains("-- 00:01:00", text);
            Assert.DoesNotContain("mqtt", text);
        }

        [MosquittoFact]
        public void AFullSpeedRunPacesStateMessagesInWallTime()
        {
            using MosquittoBroker broker = MosquittoBroker.Start(MosquittoBroker.FindBinary()!);
            using MqttProbe probe = MqttProbe.Connect(MosquittoBroker.Host, broker.Port, "batteryshift/module1/#", "pace-probe");
            var settings = new SimulatorSettings { Speed = 0, DurationSeconds = 1800, Broker = $"{MosquittoBroker.Host}:{broker.Port}", ReadStdin = false, Calibrate = false };
            using var host = new SimulatorHost(settings, Stream.Null);
            host.Run(CancellationToken.None);
            Thread.Sleep(500);

            // 1800 simulated state periods went by in a few wall seconds: at most one state message a wall second
            // (plus the first) reached the broker; before, every one of them did
            int states = probe.Count("batteryshift/module1/state");
            Assert.InRange(states, 1, (int)Math.Ceiling(host.WallTime.TotalSeconds) + 1);
            Assert.True(host.Runner.Core.Mqtt.StateMessages > 1000);

            // events are not thinned: every event the module logged reached the broker
            long events = host.Runner.Core.Events.NextSequence;
            Assert.True(probe.WaitUntil(() => probe.Count("batteryshift/module1/event") == events, TimeSpan.FromSeconds(5)), $"{probe.Count("batteryshift/module1/event")} of {events} events");
            Assert.Equal("online", probe.On("batteryshift/module1/availability")[0].Text);
            Assert.True(host.LinkEverUp);
        }

        [Fact]
        public void PacingPassesRetainedEventsAndTheSessionsOwnFlags()
        {
            var inner = new RecordingSession { LastMessageRetained = true, DroppedMessages = 7 };
            var paced = new WallPacedMqttSession(inner, 60_000);
            byte[] p = { (byte)'x' };
            for (int i = 0; i < 100; i++)
            {
                Assert.True(paced.Publish("a/b/state", p, 1, false));
                Assert.True(paced.Publish("a/b/cells", p, 1, false));
                Assert.True(paced.Publish("a/b/event", p, 1, false));
                Assert.True(paced.Publish("a/b/limits", p, 1, true));
            }

            Assert.Equal(1, inner.Topics.Count(t => t == "a/b/state"));
            Assert.Equal(1, inner.Topics.Count(t => t == "a/b/cells"));
            Assert.Equal(100, inner.Topics.Count(t => t == "a/b/event"));
            Assert.Equal(100, inner.Topics.Count(t => t == "a/b/limits"));
            Assert.Equal(198, paced.Thinned);
            Assert.True(paced.LastMessageRetained);
            Assert.Equal(7, paced.DroppedMessages);

            // while the link is down nothing is claimed as sent
            inner.Connected = false;
            Assert.False(paced.Publish("a/b/state", p, 1, false));
        }

        private sealed class RecordingSession : IMqttSession
        {
            public List<string> Topics { get; } = new();

            public bool Connected { get; set; } = true;

            public bool IsConnected => Connected;

            public bool LastMessageRetained { get; set; }

            public int DroppedMessages { get; set; }

            public bool Connect(MqttEndpoint endpoint) => Connected;

            public void Disconnect()
            {
            }

            public bool Publish(string topic, byte[] payload, int length, bool retain)
            {
                if (!Connected)
                {
                    return false;
                }

                Topics.Add(topic);
                return true;
            }

            public bool Subscribe(string topic) => true;

            public int ReadMessage(byte[] buffer) => -1;
        }
    }
}
