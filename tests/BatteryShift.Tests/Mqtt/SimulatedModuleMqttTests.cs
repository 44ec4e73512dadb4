using System;
using System.Collections.Generic;
using System.Text;
using System.Linq;
using System.Text.Json;
using BatteryShift.Bms.Config;
using BatteryShift.Bms.Telemetry;
using BatteryShift.Hal.Simulation;
using BatteryShift.Harness;
using BatteryShift.Harness.Mqtt;
using Xunit;

namespace BatteryShift.Tests.Mqtt
{
    /// <summary>
    /// The unmodified core on the virtual module, publishing through an MQTTnet session to an in-process
    /// broker, with the simulation's network-loss fault cutting the link.
    /// </summary>
    public sealed class SimulatedModuleMqttTests
    {
        private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);

        [Fact]
        public void NetworkLossFiresTheWillAndTelemetryResumesWithoutGaps()
        {
            using var broker = InProcessMqttBroker.Start();
            var config = new BmsConfig();
            ModuleRig.Check(config.TrySetText(CommsKeys.MqttHost, InProcessMqttBroker.Host));
            ModuleRig.Check(config.TrySet(CommsKeys.MqttPort, broker.Port));
            ModuleRig.Check(config.TrySetText(CommsKeys.MqttModuleId, "sim1"));
            // 3 s offline period: the outage below leaves its states and cells within the 8 KB ring
            ModuleRig.Check(config.TrySet(CommsKeys.MqttOfflinePeriodMs, 3000));
            ModuleRig.Check(config.TrySet(CommsKeys.MqttBackoffMaxMs, 4000));
            using var probe = MqttProbe.Connect(InProcessMqttBroker.Host, broker.Port, "batteryshift/sim1/#", "probe-sim");
            using var session = new MqttNetSession(timeout: TimeSpan.FromSeconds(3));
            var runner = new VirtualModuleRunner(new SimulationOptions(), config);
            runner.UseMqttSession(session);
            var truthByUptime = new Dictionary<long, double[]>();
            runner.AfterTick.Add(r => truthByUptime[r.Core.Status.TimeMs] = r.Truth.CellVoltageV.ToArray());

            runner.RunSeconds(5);
            Assert.True(runner.Core.Mqtt.Online);
            string availability = runner.Core.Mqtt.Topics.Availability;
            string state = runner.Core.Mqtt.Topics.State;
            Assert.True(probe.WaitUntil(() => probe.Count(state) >= 5, s_wait));

            double faultAt = runner.Module.TimeSeconds + 1;
            runner.Module.Faults.At(faultAt, FaultKind.NetworkLoss, durationSeconds: 10);
            runner.RunSeconds(3);
            Assert.False(runner.Core.Mqtt.Online);
            Assert.True(probe.WaitUntil(() => probe.On(availability).Any(m => m.Text == "offline"), s_wait), "no last-will on network loss");
            int queuedDuringLoss = runner.Core.Mqtt.Queue.Count;
            Assert.True(queuedDuringLoss > 0);

            runner.RunSeconds(20);
            Assert.True(runner.Core.Mqtt.Online);
            Assert.Equal(0, runner.Core.Mqtt.Queue.Count);
            Assert.Equal(0, runner.Core.Mqtt.Queue.DroppedCount);
            long made = runner.Core.Mqtt.StateMessages;
            Assert.True(probe.WaitUntil(() => probe.Count(state) == made, s_wait), $"received {probe.Count(state)} of {made}");

            Assert.Equal(new[] { "online", "offline", "online" }, probe.On(availability).Select(m => m.Text).ToArray());
            var states = probe.On(state).Select(m => JsonDocument.Parse(m.Payload).RootElement).ToArray();
            Assert.Equal(Enumerable.Range(0, states.Length).Select(i => (long)i), states.Select(s => s.GetProperty("seq").GetInt64()));
            long[] uptimes = states.Select(s => s.GetProperty("uptime_ms").GetInt64()).ToArray();
            Assert.Equal(uptimes.OrderBy(u => u), uptimes);

            // while the network was gone the states kept coming at the offline period; ticks never stopped
            long[] ticks = states.Select(s => s.GetProperty("counters").GetProperty("ticks").GetInt64()).ToArray();
            Assert.Equal(ticks.OrderBy(t => t), ticks);
            Assert.Contains(states, s => s.GetProperty("uptime_ms").GetInt64() > (long)((faultAt + 2) * 1000) && s.GetProperty("uptime_ms").GetInt64() < (long)((faultAt + 9) * 1000));
            foreach (var m in probe.On(state))
            {
                Assert.Null(MqttSchemas.Errors("state", m.Payload));
            }

            // what arrives is what the module measured: within the front end's error of the ground truth at
            // the tick the message was made (truth recorded per tick, looked up by the message's uptime); the
            // uncalibrated front end of the virtual board spreads single cells by up to about 35 mV
            const double cellToleranceV = 0.05;
            JsonElement last = states[^1];
            Assert.True(last.GetProperty("valid").GetBoolean());
            double[] truthAtState = truthByUptime[last.GetProperty("uptime_ms").GetInt64()];
            Assert.InRange(last.GetProperty("voltage_v").GetDouble(), truthAtState.Sum() - 0.5, truthAtState.Sum() + 0.5);
            Assert.InRange(last.GetProperty("cell_min_v").GetDouble(), truthAtState.Min() - cellToleranceV, truthAtState.Min() + cellToleranceV);
            Assert.InRange(last.GetProperty("cell_max_v").GetDouble(), truthAtState.Max() - cellToleranceV, truthAtState.Max() + cellToleranceV);
            string cellsTopic = runner.Core.Mqtt.Topics.Cells;
            Assert.Null(MqttSchemas.Errors("cells", probe.On(cellsTopic)[^1].Payload));
            JsonElement cells = JsonDocument.Parse(probe.On(cellsTopic)[^1].Payload).RootElement;
            double[] truthAtCells = truthByUptime[cells.GetProperty("uptime_ms").GetInt64()];
            double[] cellV = cells.GetProperty("voltage_v").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            Assert.Equal(truthAtCells.Length, cellV.Length);
            for (int i = 0; i < cellV.Length; i++)
            {
                Assert.InRange(cellV[i], truthAtCells[i] - cellToleranceV, truthAtCells[i] + cellToleranceV);
            }
        }

        [Fact]
        public void LinkLossLeavesEveryTickOfTheControlLoopUnchanged()
        {
            List<string> Run(bool loseNetwork)
            {
                using var broker = InProcessMqttBroker.Start();
                var config = new BmsConfig();
                ModuleRig.Check(config.TrySetText(CommsKeys.MqttHost, InProcessMqttBroker.Host));
                ModuleRig.Check(config.TrySet(CommsKeys.MqttPort, broker.Port));
                using var session = new MqttNetSession(timeout: TimeSpan.FromSeconds(3));
                var runner = new VirtualModuleRunner(new SimulationOptions(), config);
                runner.UseMqttSession(session);
                if (loseNetwork)
                {
                    runner.Module.Faults.At(4, FaultKind.NetworkLoss, durationSeconds: 8);
                }

                var writer = new JsonWriter(2048);
                var snapshots = new List<string>();
                runner.AfterTick.Add(r =>
                {
                    TelemetryEncoder.WriteState(writer, r.Core.Status, 0, new LinkCounters());
                    string state = Encoding.ASCII.GetString(writer.Buffer, 0, writer.Length);
                    TelemetryEncoder.WriteCells(writer, r.Core.Status, 0);
                    snapshots.Add(state + Encoding.ASCII.GetString(writer.Buffer, 0, writer.Length));
                });
                runner.RunSeconds(20);
                Assert.True(runner.Core.Mqtt.Counters.Sent > 0);
                Assert.Equal(loseNetwork ? 2 : 1, runner.Core.Mqtt.Counters.Connects);
                return snapshots;
            }

            // the same seeded module, tick for tick: the link going away changes nothing it measures or decides
            List<string> steady = Run(false);
            List<string> lost = Run(true);
            Assert.Equal(100, steady.Count);
            Assert.Equal(steady, lost);
        }
    }
}
