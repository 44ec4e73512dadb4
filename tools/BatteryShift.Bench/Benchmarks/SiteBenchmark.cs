using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using BatteryShift.Harness.Mqtt;
using BatteryShift.Site;
using BatteryShift.Site.Aggregation;
using BatteryShift.Site.Mqtt;
using MQTTnet;
using MQTTnet.Protocol;

namespace BatteryShift.Bench.Benchmarks
{
    /// <summary>
    /// The site aggregator (tools/BatteryShift.Site, in process) on a private mosquitto with a rack of simulated
    /// modules, each its own MQTT client with a last will, publishing its limits every second and at once on a change.
    /// Step by step the modules' limits random-walk and, one at a time, a module goes offline (connection dropped: the
    /// broker publishes its last will), silent (stale), invalid, malformed or forbids a direction, then recovers. The
    /// rack's truth is computed from the publishers' own figures, module by module, without the aggregator's code.
    /// A step is an error when the rack's limits do not settle to that truth, or when any rack message during the
    /// step is less restrictive than both the truth before and the truth after it (the publishers tighten before they
    /// loosen, so a correct aggregator never shows a looser view; the rack's truth is not looser in between).
    /// </summary>
    public sealed class SiteBenchmark : IDescribedBenchmark
    {
        private const string Prefix = "bench/rack1";
        private const long StaleMs = 2000;

        public string Name => "site";

        public string Description =>
            "A rack of simulated modules (120; `--quick` 20), each its own MQTT client with a last will on a private mosquitto, publishing " +
            "its limits every second and at once on a change; the aggregator runs in process (series, stale time 2 s). At every step the " +
            "limits of 1 to 4 modules random-walk, or one module goes offline (its connection dropped, so the broker publishes its last " +
            "will), silent, invalid, malformed or forbids charge or discharge, and recovers at the next step. The truth is computed from the " +
            "publishers' own figures (N x the smallest CVL, the smallest CCL and DCL, closed while any module is not fine). " +
            "`site.limit_errors` counts steps whose rack limits did not settle to the truth or were, at any message during the step, less " +
            "restrictive than both the truth before and after it; `site.update_latency_ms` runs from a module's change publish to the rack " +
            "message that matches the new truth, through the broker both ways.";

        public void Run(BenchContext context)
        {
            string? binary = MosquittoBroker.FindBinary();
            if (binary == null)
            {
                context.Log.WriteLine("  mosquitto not installed (apt-get install mosquitto): site benchmark not run");
                return;
            }

            ThreadPool.SetMinThreads(32, 32);
            int count = context.Quick ? 20 : 120;
            int steps = context.Quick ? 40 : 300;
            using var broker = MosquittoBroker.Start(binary);
            Result r = Execute(broker.Port, count, steps, context.Log);
            string kinds = string.Join(", ", r.Kinds.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} {k.Value}"));
            context.Record("site.modules_aggregated", r.Errors == 0 && r.Settled == steps ? count : 0, "modules", ">= 100", $"modules in the rack whose limits settled to the truth at all {steps} steps ({kinds}); 0 when any step failed");
            context.Record("site.limit_errors", r.Errors, "steps", "0", $"of {steps} steps: not settled to the truth {steps - r.Settled}, a message looser than the truth {r.Looser}; {r.Messages} rack messages read, {r.Malformed} malformed module payloads counted by the aggregator");
            context.Record("site.update_latency_ms", Percentile(r.LatencyMs, 0.99), "ms", "", $"99th percentile over {r.LatencyMs.Count} steps that changed the rack's limits by a module's publish (median {Percentile(r.LatencyMs, 0.5):F1} ms, max {(r.LatencyMs.Count == 0 ? 0 : r.LatencyMs.Max()):F1} ms)", wallClock: true);
        }

        private sealed class Result
        {
            public int Errors { get; set; }

            public int Settled { get; set; }

            public int Looser { get; set; }

            public long Messages { get; set; }

            public long Malformed { get; set; }

            public List<double> LatencyMs { get; } = new();

            public Dictionary<string, int> Kinds { get; } = new();
        }

        private static Result Execute(int port, int count, int steps, TextWriter log)
        {
            var random = new Random(1);
            var clock = Stopwatch.StartNew();
            var modules = new Module[count];
            for (int i = 0; i < count; i++)
            {
                modules[i] = new Module(i, port, random);
                modules[i].Connect();
            }

            using var watch = new Watch(port, clock);
            using var stop = new CancellationTokenSource();
            var periodic = new Thread(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    long start = clock.ElapsedMilliseconds;
                    foreach (Module m in modules)
                    {
                        m.PublishPeriodic();
                    }

                    Thread.Sleep((int)Math.Max(10, 1000 - (clock.ElapsedMilliseconds - start)));
                }
            })
            { IsBackground = true };
            periodic.Start();
            var settings = new SiteSettings("127.0.0.1", port, Prefix, count, StaleMs, Topology.Series, null);
            using var service = new SiteService(settings, TextWriter.Null);
            var runner = new Thread(() => service.Run(stop.Token)) { IsBackground = true };
            runner.Start();
            var result = new Result();
            try
            {
                Truth current = Truth.Of(modules);
                if (!watch.WaitFor(current, clock.ElapsedMilliseconds, 20000, out _))
                {
                    log.WriteLine($"  the rack never settled at start: last {watch.Latest}");
                }

                Module? faulty = null;
                for (int step = 0; step < steps; step++)
                {
                    Thread.Sleep(random.Next(50, 300));
                    Truth before = current;
                    long changeMs = clock.ElapsedMilliseconds;
                    string kind;
                    if (faulty != null)
                    {
                        kind = "recover";
                        faulty.Recover();
                        faulty = null;
                    }
                    else
                    {
                        kind = Change(modules, random, out faulty);
                    }

                    result.Kinds[kind] = result.Kinds.GetValueOrDefault(kind) + 1;
                    current = Truth.Of(modules);
                    long timeout = kind == "silent" ? StaleMs + 3000 : 6000;
                    bool settled = watch.WaitFor(current, changeMs, timeout, out long matchedMs);
                    int looser = watch.CountLooser(before, current, changeMs);
                    if (settled)
                    {
                        result.Settled++;
                        if (!current.SameAs(before) && kind != "silent" && kind != "offline")
                        {
                            result.LatencyMs.Add(matchedMs - changeMs);
                        }
                    }
                    else
                    {
                        log.WriteLine($"  step {step} ({kind}): not settled to {current}; last {watch.Latest}");
                    }

                    if (looser > 0)
                    {
                        result.Looser++;
                        log.WriteLine($"  step {step} ({kind}): {looser} messages looser than both {before} and {current}");
                    }

                    if (!settled || looser > 0)
                    {
                        result.Errors++;
                    }
                }
            }
            finally
            {
                stop.Cancel();
                runner.Join(TimeSpan.FromSeconds(10));
                periodic.Join(TimeSpan.FromSeconds(10));
                foreach (Module m in modules)
                {
                    m.Dispose();
                }
            }

            result.Messages = watch.Messages;
            result.Malformed = service.MalformedPayloads;
            log.WriteLine($"  {count} modules, {steps} steps: {result.Settled} settled, {result.Looser} with a looser message, {result.Messages} rack messages");
            return result;
        }

        /// <summary>One step's change when no fault is pending: a fault of one module, or a random walk of a few.</summary>
        private static string Change(Module[] modules, Random random, out Module? faulty)
        {
            faulty = null;
            double r = random.NextDouble();
            Module one = modules[random.Next(modules.Length)];
            string? fault = r < 0.05 ? "offline" : r < 0.09 ? "silent" : r < 0.14 ? "invalid" : r < 0.18 ? "malformed" : r < 0.24 ? "forbid" : null;
            if (fault != null)
            {
                one.Fault(fault, random);
                faulty = one;
                return fault;
            }

            // 1 to 4 modules walk; the one holding the smallest CCL or DCL is among them half the time, so the truth moves
            var walkers = new List<Module>();
            int k = random.Next(1, 5);
            if (random.Next(2) == 0)
            {
                walkers.Add(random.Next(2) == 0 ? modules.MinBy(m => m.CclDa)! : modules.MinBy(m => m.DclDa)!);
            }

            while (walkers.Count < k)
            {
                walkers.Add(modules[random.Next(modules.Length)]);
            }

            var moves = walkers.Distinct().Select(m => (Module: m, Next: m.Walked(random))).ToList();

            // tighten before loosening: first every figure that goes down, then the new figures; every view the
            // aggregator can have in between is then at least as strict as the truth before or the truth after
            foreach (var (m, next) in moves)
            {
                m.Set(next.Tightest(m.Current));
            }

            foreach (var (m, next) in moves)
            {
                m.Set(next);
            }

            return "walk";
        }

        private static double Percentile(List<double> values, double p)
        {
            if (values.Count == 0)
            {
                return 0;
            }

            var sorted = values.OrderBy(v => v).ToList();
            return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
        }

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
            public static Truth Of(Module[] modules)
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
                return new Truth(true, modules.Length * cvl / 1000m, ccl / 10m, dcl / 10m, charge, discharge, charge && discharge ? "ok" : "cell_limit", ok);
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
            private IMqttClient? _client;
            private long _seq;

            public Module(int index, int port, Random random)
            {
                Id = "m" + index.ToString("D3", CultureInfo.InvariantCulture);
                _port = port;
                Current = new Limits(random.Next(55000, 56000), random.Next(800, 1500), random.Next(800, 1500), true, true);
            }

            public string Id { get; }

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
