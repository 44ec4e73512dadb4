using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using MQTTnet;
using MQTTnet.Protocol;

namespace BatteryShift.Bench.Benchmarks
{
    /// <summary>The site benchmark's rack: the simulated modules, the truth worked out from their figures, and the rack's messages read back.</summary>
    public sealed partial class SiteBenchmark
    {
        /// <summary>A module's limits in integer units: mV and dA (0.1 A).</summary>
        private sealed record Limits(int CvlMv, int CclDa, int DclDa, bool Charge, bool Discharge)
        {
            /// <summary>The stricter of this and <paramref name="other"/>, figure by figure.</summary>
            public Limits Tightest(Limits other) => new(Math.Min(CvlMv, other.CvlMv), Math.Min(CclDa, other.CclDa), Math.Min(DclDa, other.DclDa), Charge && other.Charge, Discharge && other.Discharge);

            public string Json(long seq, bool valid) => string.Create(
                CultureInfo.InvariantCulture,
                $"{{\"seq\":{seq},\"uptime_ms\":{seq * 1000},\"valid\":{(valid ? "true" : "false")},\"cells\":16,\"cvl_v\":{CvlMv / 1000m:F3},\"ccl_a\":{CclDa / 10m:F1},\"dcl_a\":{DclDa / 10m:F1},\"charge_allowed\":{(Charge ? "true" : "false")},\"discharge_allowed\":{(Discharge ? "true" : "false")},\"reason\":\"{(valid ? (Charge && Discharge ? "ok" : "cell_limit") : "scan_incomplete")}\"}}");
        }

        /// <summary>The rack's limits worked out from the publishers' figures, module by module.</summary>
        private sealed record Truth(bool Valid, decimal CvlV, decimal CclA, decimal DclA, bool Charge, bool Discharge, string Reason, int Ok)
        {
            public static Truth Of(Module[] modules, BatteryShift.Site.Aggregation.Topology topology)
            {
                string? fault = modules.Select(m => m.Mode).FirstOrDefault(m => m != null);
                int ok = modules.Count(m => m.Mode == null);
                if (fault != null)
                {
                    string reason = fault switch
                    {
                        "offline" => "module_offline",
                        "silent" => "module_stale",
                        "invalid" => "module_invalid",
                        _ => "module_malformed",
                    };
                    return new Truth(false, 0m, 0m, 0m, false, false, reason, ok);
                }

                int cvl = modules.Min(m => m.Current.CvlMv);
                int ccl = modules.Min(m => m.Current.Charge ? m.Current.CclDa : 0);
                int dcl = modules.Min(m => m.Current.Discharge ? m.Current.DclDa : 0);
                bool charge = modules.All(m => m.Current.Charge);
                bool discharge = modules.All(m => m.Current.Discharge);
                int n = modules.Length;
                return topology == BatteryShift.Site.Aggregation.Topology.Series
                    ? new Truth(true, n * cvl / 1000m, ccl / 10m, dcl / 10m, charge, discharge, charge && discharge ? "ok" : "cell_limit", ok)
                    : new Truth(true, cvl / 1000m, n * ccl / 10m, n * dcl / 10m, charge, discharge, charge && discharge ? "ok" : "cell_limit", ok);
            }

            public static Truth? Read(JsonElement s) => new(
                s.GetProperty("valid").GetBoolean(),
                s.GetProperty("cvl_v").GetDecimal(),
                s.GetProperty("ccl_a").GetDecimal(),
                s.GetProperty("dcl_a").GetDecimal(),
                s.GetProperty("charge_allowed").GetBoolean(),
                s.GetProperty("discharge_allowed").GetBoolean(),
                s.GetProperty("reason").GetString() ?? string.Empty,
                s.GetProperty("modules_ok").GetInt32());

            public bool SameAs(Truth other) => this == other;

            /// <summary>True when this message allows more than both <paramref name="a"/> and <paramref name="b"/> on any figure.</summary>
            public bool LooserThanBoth(Truth a, Truth b) =>
                (Valid && !a.Valid && !b.Valid) || CvlV > Math.Max(a.CvlV, b.CvlV) || CclA > Math.Max(a.CclA, b.CclA) || DclA > Math.Max(a.DclA, b.DclA)
                || (Charge && !a.Charge && !b.Charge) || (Discharge && !a.Discharge && !b.Discharge);
        }

        /// <summary>One simulated module: its own client with a last will, its figures, and the fault it is in (null when fine).</summary>
        private sealed class Module : IDisposable
        {
            private readonly object _gate = new();
            private readonly int _port;
            private readonly Stopwatch _clock;
            private IMqttClient? _client;
            private long _seq;

            public Module(int index, int port, Random random, Stopwatch clock)
            {
                _clock = clock;
                Id = "m" + index.ToString("D3", CultureInfo.InvariantCulture);
                _port = port;
                Current = new Limits(random.Next(55000, 56000), random.Next(800, 1500), random.Next(800, 1500), true, true);
            }

            public string Id { get; }

            /// <summary>When the last change of this module's limits began to be published (periodic repeats aside), ms.</summary>
            public long LastSendMs { get; private set; }

            public Limits Current { get; private set; }

            public int CclDa => Current.Charge ? Current.CclDa : 0;

            public int DclDa => Current.Discharge ? Current.DclDa : 0;

            /// <summary>offline, silent, invalid, malformed; null when fine (forbid is not a fault: the rack stays valid).</summary>
            public string? Mode { get; private set; }

            private Limits? Saved { get; set; }

            public void Connect()
            {
                var client = new MqttClientFactory().CreateMqttClient();
                var options = new MqttClientOptionsBuilder()
                    .WithTcpServer("127.0.0.1", _port)
                    .WithClientId("bench-" + Id)
                    .WithCleanSession(true)
                    .WithWillTopic(Prefix + "/" + Id + "/availability")
                    .WithWillPayload("offline")
                    .WithWillRetain(true)
                    .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                    .Build();
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                client.ConnectAsync(options, cts.Token).GetAwaiter().GetResult();
                _client = client;
                Send("availability", "online", true);
            }

            public Limits Walked(Random random) => Current with
            {
                CvlMv = Math.Clamp(Current.CvlMv + random.Next(-20, 21), 54000, 56500),
                CclDa = Math.Clamp(Current.CclDa + random.Next(-60, 61), 0, 2000),
                DclDa = Math.Clamp(Current.DclDa + random.Next(-60, 61), 0, 2000),
            };

            public void Set(Limits next)
            {
                lock (_gate)
                {
                    Current = next;
                    LastSendMs = _clock.ElapsedMilliseconds;
                    Send("limits", next.Json(++_seq, true), true);
                }
            }

            public void PublishPeriodic()
            {
                lock (_gate)
                {
                    if (Mode is "offline" or "silent")
                    {
                        return;
                    }

                    Send("limits", Mode == "malformed" ? Malformed(_seq) : Current.Json(++_seq, Mode != "invalid"), true);
                }
            }

            public void Fault(string kind, Random random)
            {
                lock (_gate)
                {
                    LastSendMs = _clock.ElapsedMilliseconds;
                    switch (kind)
                    {
                        case "offline":
                            Mode = kind;
                            Interlocked.Exchange(ref _client, null)?.Dispose();
                            break;
                        case "silent":
                            Mode = kind;
                            break;
                        case "invalid":
                            Mode = kind;
                            Send("limits", Current.Json(++_seq, false), true);
                            break;
                        case "malformed":
                            Mode = kind;
                            Send("limits", Malformed(random.Next()), true);
                            break;
                        default:
                            // forbid one direction: tighter, so published at once
                            Saved = Current;
                            Current = random.Next(2) == 0 ? Current with { Charge = false, CclDa = 0 } : Current with { Discharge = false };
                            Send("limits", Current.Json(++_seq, true), true);
                            break;
                    }
                }
            }

            public void Recover()
            {
                if (Mode == "offline")
                {
                    Connect();
                }

                lock (_gate)
                {
                    Mode = null;
                    if (Saved != null)
                    {
                        Current = Saved;
                        Saved = null;
                    }

                    LastSendMs = _clock.ElapsedMilliseconds;
                    Send("limits", Current.Json(++_seq, true), true);
                }
            }

            public void Dispose()
            {
                IMqttClient? client = Interlocked.Exchange(ref _client, null);
                client?.Dispose();
            }

            private static string Malformed(long n) => (n % 4) switch
            {
                0 => "not json",
                1 => "{\"seq\":1,\"uptime_ms\":1,\"valid\":true}",
                2 => "{\"seq\":1,\"uptime_ms\":1,\"valid\":true,\"cells\":16,\"cvl_v\":55.2,\"ccl_a\":\"lots\",\"dcl_a\":1.0,\"charge_allowed\":true,\"discharge_allowed\":true,\"reason\":\"ok\"}",
                _ => "{\"seq\":1,\"uptime_ms\":1,\"valid\":true,\"cells\":16,\"cvl_v\":55.2,\"ccl_a\":-5.0,\"dcl_a\":1.0,\"charge_allowed\":true,\"discharge_allowed\":true,\"reason\":\"ok\"}",
            };

            private void Send(string leaf, string payload, bool retain)
            {
                IMqttClient? client = _client;
                if (client == null)
                {
                    return;
                }

                var message = new MqttApplicationMessageBuilder()
                    .WithTopic(Prefix + "/" + Id + "/" + leaf)
                    .WithPayload(payload)
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                    .WithRetainFlag(retain)
                    .Build();
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                client.PublishAsync(message, cts.Token).GetAwaiter().GetResult();
            }
        }

        /// <summary>Reads the rack's limits back from the broker, with the time each arrived.</summary>
        private sealed class Watch : IDisposable
        {
            private readonly IMqttClient _client;
            private readonly Stopwatch _clock;
            private readonly object _gate = new();
            private readonly List<(long Ms, Truth Limits)> _received = new();

            public Watch(int port, Stopwatch clock)
            {
                _clock = clock;
                _client = new MqttClientFactory().CreateMqttClient();
                _client.ApplicationMessageReceivedAsync += e =>
                {
                    long now = _clock.ElapsedMilliseconds;
                    using JsonDocument doc = JsonDocument.Parse(System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload));
                    Truth? t = Truth.Read(doc.RootElement);
                    lock (_gate)
                    {
                        _received.Add((now, t!));
                        Messages++;
                    }

                    return System.Threading.Tasks.Task.CompletedTask;
                };
                var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("bench-site-watch").WithCleanSession(true).Build();
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                _client.ConnectAsync(options, cts.Token).GetAwaiter().GetResult();
                _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(Prefix + "/site/limits", MqttQualityOfServiceLevel.AtLeastOnce).Build(), cts.Token).GetAwaiter().GetResult();
            }

            public long Messages { get; private set; }

            public Truth? Latest
            {
                get
                {
                    lock (_gate)
                    {
                        return _received.Count == 0 ? null : _received[^1].Limits;
                    }
                }
            }

            /// <summary>Waits until the latest rack message equals the truth; the arrival of the first that did.</summary>
            public bool WaitFor(Truth truth, long sinceMs, long timeoutMs, out long matchedMs)
            {
                matchedMs = 0;
                while (_clock.ElapsedMilliseconds - sinceMs < timeoutMs)
                {
                    lock (_gate)
                    {
                        if (_received.Count > 0 && _received[^1].Limits.SameAs(truth))
                        {
                            int first = _received.Count - 1;
                            while (first > 0 && _received[first - 1].Limits.SameAs(truth) && _received[first - 1].Ms >= sinceMs)
                            {
                                first--;
                            }

                            matchedMs = Math.Max(sinceMs, _received[first].Ms);
                            return true;
                        }
                    }

                    Thread.Sleep(2);
                }

                return false;
            }

            /// <summary>Rack messages since the step began that allowed more than both truths.</summary>
            public int CountLooser(Truth before, Truth after, long sinceMs)
            {
                lock (_gate)
                {
                    return _received.Count(x => x.Ms >= sinceMs && x.Limits.LooserThanBoth(before, after));
                }
            }

            public void Dispose()
            {
                _client.Dispose();
            }
        }
    }
}
