using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using BatteryShift.Monitor.Records;
using BatteryShift.Monitor.Sources;
using BatteryShift.Simulator;
using Xunit;

namespace BatteryShift.Tests.Tools
{
    public class MonitorMqttTests
    {
        [Fact]
        public void MonitorReadsEveryStateTheSimulatorPublishesToItsInProcessBroker()
        {
            var settings = new SimulatorSettings { Speed = 0, DurationSeconds = 120, Broker = "inproc", ReadStdin = false, Calibrate = false };
            using var host = new SimulatorHost(settings, Stream.Null);
            Assert.NotNull(host.BrokerEndpoint);
            string[] endpoint = host.BrokerEndpoint!.Split(':');
            var snapshots = new List<ModuleSnapshot>();
            using var source = new MqttSource(endpoint[0], int.Parse(endpoint[1], System.Globalization.CultureInfo.InvariantCulture), "batteryshift/module1");
            source.SnapshotCompleted += s =>
            {
                lock (snapshots)
                {
                    snapshots.Add(s);
                }
            };
            host.Run(CancellationToken.None);

            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (DateTime.UtcNow < deadline)
            {
                lock (snapshots)
                {
                    // one state per simulated second (mqtt.period 1000 ms) after the first connect
                    if (snapshots.Count >= 100 && snapshots[^1].TimeMs >= 119_000)
                    {
                        break;
                    }
                }

                Thread.Sleep(50);
            }

            Assert.Equal(0, source.InvalidMessages);
            lock (snapshots)
            {
                Assert.InRange(snapshots.Count, 100, 125);
                Assert.Equal(16, snapshots[^1].CellCount);
                for (int i = 1; i < snapshots.Count; i++)
                {
                    Assert.True(snapshots[i].TimeMs > snapshots[i - 1].TimeMs);
                }
            }
        }
    }
}
