using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using BatteryShift.Monitor.Records;
using MQTTnet;

namespace BatteryShift.Monitor.Sources
{
    /// <summary>
    /// Subscribes to one module's MQTT topics (docs/mqtt: state, cells, event, availability) and turns the
    /// JSON payloads into the same snapshots and events as the serial records.
    /// </summary>
    public sealed class MqttSource : IDisposable
    {
        private readonly IMqttClient _client;
        private readonly string _base;
        private readonly object _gate = new();
        private readonly ModuleSnapshot _current = new();

        /// <summary>Connects and subscribes.</summary>
        /// <param name="host">Broker host.</param>
        /// <param name="port">Broker port.</param>
        /// <param name="topicBase">Module topic base, e.g. batteryshift/module1.</param>
        public MqttSource(string host, int port, string topicBase)
        {
            _base = topicBase.TrimEnd('/');
            _client = new MqttClientFactory().CreateMqttClient();
            _client.ApplicationMessageReceivedAsync += e =>
            {
                OnMessage(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray());
                return System.Threading.Tasks.Task.CompletedTask;
            };
            var options = new MqttClientOptionsBuilder()
                .WithTcpServer(host, port)
                .WithClientId("batteryshift-monitor-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture))
                .WithCleanSession(true)
                .Build();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            _client.ConnectAsync(options, cts.Token).GetAwaiter().GetResult();
            var subscribe = new MqttClientSubscribeOptionsBuilder().WithTopicFilter(_base + "/#").Build();
            _client.SubscribeAsync(subscribe, cts.Token).GetAwaiter().GetResult();
        }

        /// <summary>Raised with a copy of the snapshot on every state message.</summary>
        public event Action<ModuleSnapshot>? SnapshotCompleted;

        /// <summary>Raised for every event message.</summary>
        public event Action<ModuleEvent>? EventReceived;

        /// <summary>Raised with the availability text (online / offline).</summary>
        public event Action<string>? AvailabilityChanged;

        /// <summary>Messages that could not be read.</summary>
        public long InvalidMessages { get; private set; }

        /// <summary>Messages read.</summary>
        public long Messages { get; private set; }

        /// <inheritdoc />
        public void Dispose()
        {
            try
            {
                _client.DisconnectAsync().GetAwaiter().GetResult();
            }
            catch (Exception)
            {
                // closing anyway
            }

            _client.Dispose();
        }

        /// <summary>Applies one message (public for tests).</summary>
        /// <param name="topic">Topic.</param>
        /// <param name="payload">Payload.</param>
        public void OnMessage(string topic, byte[] payload)
        {
            lock (_gate)
            {
                try
                {
                    string leaf = topic.Length > _base.Length ? topic[(_base.Length + 1)..] : string.Empty;
                    switch (leaf)
                    {
                        case "availability":
                            AvailabilityChanged?.Invoke(System.Text.Encoding.UTF8.GetString(payload));
                            break;
                        case "state":
                            ApplyState(JsonDocument.Parse(payload).RootElement);
                            if (_current.CellCount > 0)
                            {
                                // complete once the cells message has filled the per-cell arrays
                                SnapshotCompleted?.Invoke(_current.Clone());
                            }

                            break;
                        case "cells":
                            ApplyCells(JsonDocument.Parse(payload).RootElement);
                            break;
                        case "event":
                            JsonElement e = JsonDocument.Parse(payload).RootElement;
                            EventReceived?.Invoke(new ModuleEvent(e.GetProperty("uptime_ms").GetInt64(), e.GetProperty("seq").GetInt64(), e.GetProperty("kind").GetString() ?? "?", Int(e, "code"), Int(e, "value")));
                            break;
                        default:
                            return;
                    }

                    Messages++;
                }
                catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
                {
                    InvalidMessages++;
                }
            }
        }

        private void ApplyState(JsonElement s)
        {
            _current.TimeMs = s.GetProperty("uptime_ms").GetInt64();
            _current.State = s.GetProperty("state").GetString() ?? "unknown";
            _current.Valid = s.GetProperty("valid").GetBoolean();
            _current.SocPct = Number(s, "soc_pct");
            _current.SocUncPct = Number(s, "soc_unc_pct");
            _current.SohPct = Number(s, "soh_pct");
            _current.ModuleV = Number(s, "voltage_v");
            _current.CurrentA = Number(s, "current_a");
            _current.MinCellMv = (int)Math.Round(Number(s, "cell_min_v") * 1000);
            _current.MaxCellMv = (int)Math.Round(Number(s, "cell_max_v") * 1000);
            _current.MinCell = Int(s, "cell_min_no");
            _current.MaxCell = Int(s, "cell_max_no");
            _current.MinTempC = Number(s, "temp_min_c");
            _current.MaxTempC = Number(s, "temp_max_c");
            _current.CvlV = Number(s, "cvl_v");
            _current.CclA = Number(s, "ccl_a");
            _current.DclA = Number(s, "dcl_a");
            _current.ChargeFet = s.GetProperty("charge_fet").GetBoolean();
            _current.DischargeFet = s.GetProperty("discharge_fet").GetBoolean();
            _current.WarningMask = Int(s, "warning_mask");
            _current.AlarmMask = Int(s, "alarm_mask");
            _current.FaultMask = Int(s, "fault_mask");
            _current.SensorFaultMask = Int(s, "sensor_fault_mask");
            _current.BleedMask = Int(s, "bleed_mask");
            if (_current.TempC.Length < 10)
            {
                _current.TempC = new double[10];
            }

            _current.TempC[8] = Number(s, "temp_shunt_c");
            _current.TempC[9] = Number(s, "temp_board_c");
        }

        private void ApplyCells(JsonElement c)
        {
            _current.CellMv = c.GetProperty("voltage_v").EnumerateArray().Select(v => (int)Math.Round(v.GetDouble() * 1000)).ToArray();
            _current.CellSocPct = c.GetProperty("soc_pct").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN).ToArray();
            if (c.TryGetProperty("temp_c", out JsonElement temps))
            {
                double[] groups = temps.EnumerateArray().Select(v => v.GetDouble()).ToArray();
                double[] all = _current.TempC.Length >= 10 ? _current.TempC : new double[10];
                for (int i = 0; i < groups.Length && i < 8; i++)
                {
                    all[i] = groups[i];
                }

                _current.TempC = all;
            }
        }

        private static double Number(JsonElement e, string name) =>
            e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN;

        private static int Int(JsonElement e, string name) =>
            e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : 0;
    }
}
