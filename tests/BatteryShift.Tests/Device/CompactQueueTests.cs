using BatteryShift.Harness.Doubles;
using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using BatteryShift.Bms;
using BatteryShift.Bms.Config;
using BatteryShift.Bms.Events;
using BatteryShift.Bms.Telemetry;
using BatteryShift.Hal;
using BatteryShift.Tests.Mqtt;
using Xunit;

namespace BatteryShift.Tests.Device
{
    /// <summary>
    /// The store-and-forward ring holds compact records and the JSON is written when a message is sent: a message
    /// queued during an outage must arrive with the values it had when it was queued, in order, and each record must
    /// be much smaller than its JSON.
    /// </summary>
    public class CompactQueueTests
    {
        [Fact]
        public void MessagesQueuedOfflineArriveWithTheValuesOfWhenTheyWereQueued()
        {
            var clock = new ManualClock { NowMs = 1000 };
            var session = new RecordingSession { Accept = false };
            var config = new BmsConfig();
            Assert.Equal(ResultCode.Ok, config.TrySetText(CommsKeys.MqttHost, "broker"));
            Assert.Equal(ResultCode.Ok, config.TrySet(CommsKeys.MqttDiscovery, 0));
            var status = new ModuleStatus();
            ModuleRig.Fill(status);
            var events = new EventLog(16);
            var stage = new MqttTelemetry(session, clock, config, status, events, null, MqttTelemetry.DefaultQueueBytes);

            // offline: every pass changes the module, so each queued message differs
            var expectedVoltages = new List<long>();
            var expectedCurrents = new List<long>();
            var expectedCell3 = new List<long>();
            var expectedEvents = new List<(int Code, int Value)>();
            int offlinePeriodMs = config.Get(CommsKeys.MqttOfflinePeriodMs);
            for (int pass = 0; pass < 8; pass++)
            {
                status.TimeMs = clock.NowMs;
                status.ModuleVoltageMv = 51000 + (pass * 7);
                status.PackCurrentMa = -123456 + (pass * 1001);
                status.CellVoltageMv[2] = 3300 + pass;
                status.SocPct = pass == 3 ? float.NaN : 50.04f + pass;
                status.SocUncertaintyPct = 25f - (pass * 3.01f);
                events.Append(clock.NowMs, EventKind.AlarmRaised, pass % 5, -pass * 1000);
                expectedEvents.Add((pass % 5, -pass * 1000));
                stage.Communicate();
                expectedVoltages.Add(status.ModuleVoltageMv);
                expectedCurrents.Add(status.PackCurrentMa);
                expectedCell3.Add(status.CellVoltageMv[2]);
                clock.NowMs += offlinePeriodMs;
            }

            Assert.Empty(session.Published);
            Assert.Equal(0, stage.Queue.DroppedCount);
            Assert.Equal(24, stage.Queue.Count);

            // a record is a small part of its JSON: 8 state + 8 cells + 8 events in well under 2 KB
            Assert.True(stage.Queue.UsedBytes < 2048, $"{stage.Queue.UsedBytes} bytes queued");

            // something else happens to the module before the link comes back: it must not leak into the backlog
            status.ModuleVoltageMv = 1;
            status.PackCurrentMa = 2;
            status.CellVoltageMv[2] = 3;
            session.Accept = true;
            clock.NowMs = clock.NowMs + 60_000;
            for (int i = 0; i < 10; i++)
            {
                stage.Communicate();
            }

            var states = new List<JsonElement>();
            var cells = new List<JsonElement>();
            var alarms = new List<JsonElement>();
            foreach ((string topic, byte[] payload) in session.Published)
            {
                using JsonDocument doc = JsonDocument.Parse(payload);
                JsonElement root = doc.RootElement.Clone();
                if (topic.EndsWith("/state", StringComparison.Ordinal))
                {
                    Assert.Null(MqttSchemas.Errors("state", payload));
                    states.Add(root);
                }
                else if (topic.EndsWith("/cells", StringComparison.Ordinal))
                {
                    Assert.Null(MqttSchemas.Errors("cells", payload));
                    cells.Add(root);
                }
                else if (topic.EndsWith("/event", StringComparison.Ordinal))
                {
                    Assert.Null(MqttSchemas.Errors("event", payload));
                    alarms.Add(root);
                }
            }

            // the 8 queued, then the ones made after the outage (one when the pass comes due, one on reconnecting)
            Assert.Equal(10, states.Count);
            Assert.Equal(10, cells.Count);
            Assert.Equal(8, alarms.Count);
            for (int i = 0; i < 8; i++)
            {
                Assert.Equal(i, states[i].GetProperty("seq").GetInt64());
                Assert.Equal(expectedVoltages[i] / 1000m, states[i].GetProperty("voltage_v").GetDecimal());
                Assert.Equal(expectedCurrents[i] / 1000m, states[i].GetProperty("current_a").GetDecimal());
                if (i == 3)
                {
                    Assert.Equal(JsonValueKind.Null, states[i].GetProperty("soc_pct").ValueKind);
                }
                else
                {
                    Assert.Equal(Math.Round(50.04m + i, 1), states[i].GetProperty("soc_pct").GetDecimal());
                }

                Assert.Equal(Math.Round(25m - (i * 3.01m), 1), states[i].GetProperty("soc_unc_pct").GetDecimal());

                Assert.Equal(i, cells[i].GetProperty("seq").GetInt64());
                Assert.Equal(expectedCell3[i] / 1000m, cells[i].GetProperty("voltage_v")[2].GetDecimal());
                Assert.Equal("alarm", alarms[i].GetProperty("kind").GetString()![..5]);
                Assert.Equal(i, alarms[i].GetProperty("seq").GetInt64());
                Assert.Equal(expectedEvents[i].Code, alarms[i].GetProperty("code").GetInt32());
                Assert.Equal(expectedEvents[i].Value, alarms[i].GetProperty("value").GetInt32());
            }

            Assert.Equal(0.001m, states[8].GetProperty("voltage_v").GetDecimal());
            Assert.Equal(0.001m, states[9].GetProperty("voltage_v").GetDecimal());
            Assert.Equal(0.003m, cells[9].GetProperty("voltage_v")[2].GetDecimal());
            Assert.Equal(0, stage.Queue.Count);
            Assert.Equal(0, stage.Queue.DroppedCount);
        }

        [Fact]
        public void AStoredRecordWritesTheSameBytesAsTheMessageWrittenAtOnce()
        {
            var status = new ModuleStatus();
            ModuleRig.Fill(status);
            var link = new LinkCounters { Connects = 2, Sent = 99, Queued = 4, Dropped = 1, EventsMissed = 3, Commands = 5 };
            var direct = new JsonWriter(2048);
            var later = new JsonWriter(2048);
            var rng = new Random(10);
            for (int round = 0; round < 200; round++)
            {
                status.ModuleVoltageMv = rng.Next(-70000, 70000);
                status.PackCurrentMa = rng.Next(int.MinValue, int.MaxValue);
                status.SocPct = round % 17 == 0 ? float.PositiveInfinity : (float)(rng.NextDouble() * 120 - 10);
                status.CellSocPct[round % 16] = round % 13 == 0 ? float.NaN : (float)(rng.NextDouble() * 100);
                status.CellVoltageMv[round % 16] = rng.Next(-5000, 70000);
                status.CellBledMas[round % 16] = rng.NextInt64(0, long.MaxValue);
                status.ChargeInMas = rng.NextInt64(long.MinValue, long.MaxValue);
                status.WarningMask = rng.Next();
                status.TimeMs = rng.NextInt64(0, long.MaxValue);

                TelemetryEncoder.WriteState(direct, status, round, link);
                TelemetryEncoder.CaptureState(later.Record, status, round, link);
                byte[] stored = later.Record.Buffer.AsSpan(0, later.Record.Length).ToArray();
                Assert.True(stored.Length * 4 < direct.Length, $"state record {stored.Length} bytes, JSON {direct.Length}");
                Assert.True(later.Record.Load(stored, stored.Length));
                TelemetryEncoder.WriteState(later, later.Record);
                Assert.Equal(Encoding.ASCII.GetString(direct.Buffer, 0, direct.Length), Encoding.ASCII.GetString(later.Buffer, 0, later.Length));

                TelemetryEncoder.WriteCells(direct, status, round);
                TelemetryEncoder.CaptureCells(later.Record, status, round);
                stored = later.Record.Buffer.AsSpan(0, later.Record.Length).ToArray();
                Assert.True(later.Record.Load(stored, stored.Length));
                TelemetryEncoder.WriteCells(later, later.Record);
                Assert.False(later.Overflowed);
                Assert.Equal(Encoding.ASCII.GetString(direct.Buffer, 0, direct.Length), Encoding.ASCII.GetString(later.Buffer, 0, later.Length));
            }

            // the stage's writer (1536 bytes) holds a state message with every mask bit set and long counters
            status.WarningMask = -1;
            status.AlarmMask = -1;
            status.FaultMask = -1;
            status.SensorFaultMask = -1;
            var stageSized = new JsonWriter(1536);
            var worst = new LinkCounters { Connects = long.MaxValue, Sent = long.MaxValue, Queued = long.MaxValue, Dropped = long.MaxValue, EventsMissed = long.MaxValue, Commands = long.MaxValue };
            TelemetryEncoder.WriteState(stageSized, status, long.MaxValue, worst);
            Assert.False(stageSized.Overflowed);
            TelemetryEncoder.WriteCells(stageSized, status, long.MaxValue);
            Assert.False(stageSized.Overflowed);

            // a truncated record is never sent half-written
            TelemetryEncoder.CaptureState(later.Record, status, 1, link);
            byte[] cut = later.Record.Buffer.AsSpan(0, later.Record.Length - 1).ToArray();
            Assert.True(later.Record.Load(cut, cut.Length));
            TelemetryEncoder.WriteState(later, later.Record);
            Assert.True(later.Overflowed);
        }

        private sealed class RecordingSession : IMqttSession
        {
            private bool _connected;

            public bool Accept { get; set; }

            public List<(string Topic, byte[] Payload)> Published { get; } = new List<(string Topic, byte[] Payload)>();

            public bool IsConnected => _connected;

            public bool Connect(MqttEndpoint endpoint)
            {
                _connected = Accept;
                return _connected;
            }

            public void Disconnect()
            {
                _connected = false;
            }

            public bool Publish(string topic, byte[] payload, int length, bool retain)
            {
                if (!_connected)
                {
                    return false;
                }

                if (!topic.EndsWith("/availability", StringComparison.Ordinal))
                {
                    Published.Add((topic, payload.AsSpan(0, length).ToArray()));
                }

                return true;
            }

            public bool Subscribe(string topic) => _connected;

            public int ReadMessage(byte[] buffer) => -1;

            public bool LastMessageRetained => false;

            public int DroppedMessages => 0;
        }
    }
}
