using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using BatteryShift.Bms;
using BatteryShift.Bms.Config;
using BatteryShift.Bms.Telemetry;
using BatteryShift.Hal.Simulation;
using BatteryShift.Harness.Mqtt;

namespace BatteryShift.Bench.Benchmarks
{
    /// <summary>
    /// Does the MQTT link disturb the control loop? The same seeded module runs twice, tick for tick: once
    /// with the broker up all along, once with the broker killed for a while and then the simulation's
    /// network-loss fault. The module status after every tick (every measured, protected, estimated and
    /// balanced value, FETs, bleed mask) is compared between the runs, and the wall time of every Tick and
    /// Communicate is measured (after a warm-up run, so that JIT tiering does not land in one of them). Wall
    /// times on a shared machine include preemption; the comparison does not.
    /// </summary>
    public sealed class MqttLinkTimingBenchmark : IBenchmark
    {
        public string Name => "mqtt-link";

        public void Run(BenchContext context)
        {
            int phaseSeconds = context.Quick ? 15 : 60;
            // a first run warms the JIT up (tiered compilation would otherwise land in whichever run goes first)
            LinkRun.Execute(Math.Min(phaseSeconds, 15), disturb: false);
            LinkResult disturbed = LinkRun.Execute(phaseSeconds, disturb: true);
            LinkResult steady = LinkRun.Execute(phaseSeconds, disturb: false);
            int differing = 0;
            for (int i = 0; i < Math.Min(steady.Snapshots.Count, disturbed.Snapshots.Count); i++)
            {
                if (steady.Snapshots[i] != disturbed.Snapshots[i])
                {
                    differing++;
                }
            }

            differing += Math.Abs(steady.Snapshots.Count - disturbed.Snapshots.Count);
            context.Record("mqtt.control_ticks_differing", differing, "ticks", "0", $"of {steady.Snapshots.Count} ticks: status after each tick, link up all along vs broker killed {phaseSeconds} s then network loss {phaseSeconds} s ({disturbed.Broker})");
            context.Record("mqtt.tick_us_p99_link_up", Percentile(steady.TickUs, 0.99), "us", "", $"Tick wall time (includes the module's physics during settling waits), {steady.TickUs.Count} ticks; load average {LoadAverage()}", wallClock: true);
            context.Record("mqtt.tick_us_p99_link_down", Percentile(disturbed.TickUsDown, 0.99), "us", "", $"Tick wall time while the broker was gone or the network lost, {disturbed.TickUsDown.Count} ticks; disturbed run phases: {string.Join("; ", disturbed.PhaseNotes)}", wallClock: true);
            context.Record("mqtt.tick_us_p50_link_up", Percentile(steady.TickUs, 0.5), "us", "", "median Tick wall time, link up", wallClock: true);
            context.Record("mqtt.tick_us_p50_link_down", Percentile(disturbed.TickUsDown, 0.5), "us", "", "median Tick wall time, link down", wallClock: true);
            context.Record("mqtt.communicate_ms_max_link_down", disturbed.CommMsDown.Max(), "ms", "", $"longest Communicate while the link was down (connect attempts under back-off); with the link up {steady.CommMs.Max():F1} ms; online at the end: {disturbed.OnlineAtEnd}", wallClock: true);
        }

        private static string LoadAverage()
        {
            try
            {
                return System.IO.File.ReadAllText("/proc/loadavg").Split(' ')[0];
            }
            catch (System.IO.IOException)
            {
                return "?";
            }
        }

        private static double Percentile(List<double> values, double p)
        {
            if (values.Count == 0)
            {
                return 0;
            }

            var sorted = values.OrderBy(v => v).ToArray();
            return sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
        }

        private sealed class LinkResult
        {
            public List<string> Snapshots { get; } = new();

            public List<double> TickUs { get; } = new();

            public List<double> TickUsDown { get; } = new();

            public List<double> CommMs { get; } = new();

            public List<double> CommMsDown { get; } = new();

            public string Broker { get; set; } = string.Empty;

            public bool OnlineAtEnd { get; set; }

            public List<string> PhaseNotes { get; } = new();
        }

        private static class LinkRun
        {
            public static LinkResult Execute(int phaseSeconds, bool disturb)
            {
                var run = new LinkResult();
                string? binary = MosquittoBroker.FindBinary();
                using var mosquitto = binary != null ? MosquittoBroker.Start(binary) : null;
                using var inProcess = binary == null ? InProcessMqttBroker.Start() : null;
                run.Broker = mosquitto != null ? "mosquitto" : "in-process MQTTnet broker";
                var config = new BmsConfig();
                config.TrySetText(CommsKeys.MqttHost, "127.0.0.1");
                config.TrySet(CommsKeys.MqttPort, mosquitto?.Port ?? inProcess!.Port);
                config.TrySetText(CommsKeys.MqttModuleId, "timing1");
                using var session = new MqttNetSession(timeout: TimeSpan.FromSeconds(3));
                var module = new VirtualModule(new SimulationOptions { Mqtt = session });
                var core = new BmsCore(module.Ports, config);
                core.Start();
                var writer = new JsonWriter(2048);
                var noLink = new LinkCounters();
                int tickUs = config.Get(ModuleKeys.TickPeriodMs) * 1000;
                long nextUs = module.TimeMicroseconds;

                void Phase(int seconds, bool down)
                {
                    TimeSpan cpu0 = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
                    int ticks0 = run.Snapshots.Count;
                    var wall = Stopwatch.StartNew();
                    PhaseBody(seconds, down);
                    TimeSpan cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu0;
                    run.PhaseNotes.Add($"{(down ? "down" : "up")} {run.Snapshots.Count - ticks0} ticks: wall {wall.Elapsed.TotalMilliseconds:F0} ms, process CPU {cpu.TotalMilliseconds:F0} ms");
                }

                void PhaseBody(int seconds, bool down)
                {
                    long end = module.TimeMicroseconds + (seconds * 1_000_000L);
                    while (nextUs + tickUs <= end)
                    {
                        nextUs += tickUs;
                        module.AdvanceToMicroseconds(nextUs);
                        long t0 = Stopwatch.GetTimestamp();
                        core.Tick();
                        long t1 = Stopwatch.GetTimestamp();
                        TelemetryEncoder.WriteState(writer, core.Status, 0, noLink);
                        string snapshot = System.Text.Encoding.ASCII.GetString(writer.Buffer, 0, writer.Length);
                        TelemetryEncoder.WriteCells(writer, core.Status, 0);
                        run.Snapshots.Add(snapshot + System.Text.Encoding.ASCII.GetString(writer.Buffer, 0, writer.Length));
                        long t2 = Stopwatch.GetTimestamp();
                        core.Communicate();
                        long t3 = Stopwatch.GetTimestamp();
                        (down ? run.TickUsDown : run.TickUs).Add(Stopwatch.GetElapsedTime(t0, t1).TotalMicroseconds);
                        (down ? run.CommMsDown : run.CommMs).Add(Stopwatch.GetElapsedTime(t2, t3).TotalMilliseconds);
                    }
                }

                Phase(5 + phaseSeconds, false);
                if (disturb)
                {
                    mosquitto?.Stop();
                    inProcess?.Stop();
                }

                Phase(phaseSeconds, disturb);
                if (disturb)
                {
                    mosquitto?.Restart();
                    inProcess?.Restart();
                    module.Faults.Inject(FaultKind.NetworkLoss, durationSeconds: phaseSeconds);
                }

                Phase(phaseSeconds, disturb);
                Phase(phaseSeconds, false);
                run.OnlineAtEnd = core.Mqtt.Online;
                return run;
            }
        }
    }
}
