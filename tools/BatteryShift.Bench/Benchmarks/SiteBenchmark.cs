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
    public sealed partial class SiteBenchmark : IDescribedBenchmark
    {
        private const string Prefix = "bench/rack1";
        private const long StaleMs = 2000;

        public string Name => "site";

        public string Description =>
            "A rack of simulated modules (120; `--quick` 20), each its own MQTT client with a last will on a private mosquitto, publishing " +
            "its limits every second and at once on a change; the aggregator runs in process (stale time 2 s), first in series, then on a fresh broker in parallel (100 steps; `--quick` 20). At every step the " +
            "limits of 1 to 4 modules random-walk, or one module goes offline (its connection dropped, so the broker publishes its last " +
            "will), silent, invalid, malformed or forbids charge or discharge, and recovers at the next step. The truth is computed from the " +
            "publishers' own figures (series: N x the smallest CVL, the smallest CCL and DCL; parallel: the smallest CVL, N x the smallest CCL and DCL; closed while any module is not fine). " +
            "`site.limit_errors` counts steps whose rack limits did not settle to the truth or were, at any message during the step, less " +
            "restrictive than both the truth before and after it; `site.update_latency_ms` runs from a module's change publish to the rack " +
            "message that matches the new truth, through the broker both ways (mosquitto as configured by the harness, Nagle on: " +
            "its tail is TCP's delayed acknowledgement, docs/site.md).";

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
            int seriesSteps = context.Quick ? 40 : 300;
            int parallelSteps = context.Quick ? 20 : 100;
            int steps = seriesSteps + parallelSteps;
            var r = new Result();
            foreach ((Topology topology, int n) in new[] { (Topology.Series, seriesSteps), (Topology.Parallel, parallelSteps) })
            {
                using var broker = MosquittoBroker.Start(binary);
                Execute(broker.Port, count, n, topology, r, context.Log);
            }

            string kinds = string.Join(", ", r.Kinds.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} {k.Value}"));
            context.Record("site.modules_aggregated", r.Errors == 0 && r.Settled == steps ? count : 0, "modules", ">= 100", $"modules in the rack whose limits settled to the truth at all {steps} steps, {seriesSteps} in series and {parallelSteps} in parallel ({kinds}); 0 when any step failed");
            context.Record("site.limit_errors", r.Errors, "steps", "0", $"of {steps} steps: not settled to the truth {steps - r.Settled}, a message looser than the truth {r.Looser}, left the truth once settled {r.Drifted}; {r.Messages} rack messages read, {r.Malformed} malformed module payloads counted by the aggregator");
            context.Record("site.update_latency_ms", Percentile(r.LatencyMs, 0.99), "ms", "", $"99th percentile over {r.LatencyMs.Count} steps that changed the rack's limits by a module's publish (median {Percentile(r.LatencyMs, 0.5):F1} ms, max {(r.LatencyMs.Count == 0 ? 0 : r.LatencyMs.Max()):F1} ms)", wallClock: true);
        }

        private sealed class Result
        {
            public int Errors { get; set; }

            public int Settled { get; set; }

            public int Looser { get; set; }

            public int Drifted { get; set; }

            public long Messages { get; set; }

            public long Malformed { get; set; }

            public List<double> LatencyMs { get; } = new();

            public Dictionary<string, int> Kinds { get; } = new();
        }

        private static void Execute(int port, int count, int steps, Topology topology, Result result, TextWriter log)
        {
            var random = new Random(topology == Topology.Series ? 1 : 2);
            var clock = Stopwatch.StartNew();
            var modules = new Module[count];
            for (int i = 0; i < count; i++)
            {
                modules[i] = new Module(i, port, random, clock);
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
            var settings = new SiteSettings("127.0.0.1", port, Prefix, count, StaleMs, topology, null);
            using var service = new SiteService(settings, TextWriter.Null);
            var runner = new Thread(() => service.Run(stop.Token)) { IsBackground = true };
            runner.Start();
            var kindsBefore = new Dictionary<string, int>(result.Kinds);
            int settledBefore = result.Settled;
            try
            {
                RunSteps(modules, watch, clock, random, steps, topology, result, log);
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

            result.Messages += watch.Messages;
            result.Malformed += service.MalformedPayloads;
            string kinds = string.Join(", ", result.Kinds.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} {k.Value - kindsBefore.GetValueOrDefault(k.Key)}"));
            log.WriteLine($"  {count} modules in {topology.ToString().ToLowerInvariant()}, {steps} steps ({kinds}): {result.Settled - settledBefore} settled; so far {result.Looser} steps with a looser message, {result.Drifted} that left the truth, {result.Messages} rack messages, {result.Malformed} malformed payloads counted, latency median {Percentile(result.LatencyMs, 0.5):F0} ms over {result.LatencyMs.Count} changes, {result.LatencyMs.Count(l => l >= 20)} of them 20 ms or more");
        }

        /// <summary>The steps of one pass: a change (or a recovery), then the rack's messages judged against the truth.</summary>
        private static void RunSteps(Module[] modules, Watch watch, Stopwatch clock, Random random, int steps, Topology topology, Result result, TextWriter log)
        {
            Truth current = Truth.Of(modules, topology);
            if (!watch.WaitFor(current, clock.ElapsedMilliseconds, 20000, out _))
            {
                log.WriteLine($"  the rack never settled at start: last {watch.Latest}");
            }

            Module? faulty = null;
            bool lastSettled = true;
            for (int step = 0; step < steps; step++)
            {
                Thread.Sleep(random.Next(50, 300));
                Truth before = current;

                // the settled figure held until this step: the rack's latest message is still the truth
                bool held = !lastSettled || watch.Latest?.SameAs(current) == true;
                if (!held)
                {
                    result.Drifted++;
                    log.WriteLine($"  before step {step}: the rack's limits left the truth {current}: {watch.Latest}");
                }

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
                long lastSendMs = modules.Max(m => m.LastSendMs);
                current = Truth.Of(modules, topology);
                lastSettled = Judge(watch, before, current, kind, changeMs, lastSendMs, result, log, step);
                if (!lastSettled || !held)
                {
                    result.Errors++;
                }
            }
        }

        /// <summary>Waits for the rack to settle to the truth after a step; false when it did not, or showed a looser figure meanwhile.</summary>
        private static bool Judge(Watch watch, Truth before, Truth current, string kind, long changeMs, long lastSendMs, Result result, TextWriter log, int step)
        {
            long timeout = kind == "silent" ? StaleMs + 3000 : 6000;
            bool settled = watch.WaitFor(current, changeMs, timeout, out long matchedMs);
            int looser = watch.CountLooser(before, current, changeMs);
            if (settled)
            {
                result.Settled++;
                if (!current.SameAs(before) && kind != "silent" && kind != "offline")
                {
                    // from the publish that completed the change (the last of the step) to the rack's matching message
                    result.LatencyMs.Add(matchedMs - Math.Max(changeMs, lastSendMs));
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

            return settled && looser == 0;
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
    }
}
