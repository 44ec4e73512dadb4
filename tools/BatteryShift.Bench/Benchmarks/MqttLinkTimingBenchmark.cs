using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using BatteryShift.Bms;
using BatteryShift.Bms.Config;
using BatteryShift.Hal.Simulation;
using BatteryShift.Harness.Mqtt;

namespace BatteryShift.Bench.Benchmarks
{
    /// <summary>
    /// Does the MQTT link disturb the control tick? The unmodified core on the virtual module publishes to a
    /// local broker through an MQTTnet session; the wall time of every Tick and every Communicate is measured
    /// with the link up, with the broker gone (connection refused, back-off), during the simulation's
    /// network-loss fault, and after recovery.
    /// </summary>
    public sealed class MqttLinkTimingBenchmark : IBenchmark
    {
        public string Name => "mqtt-link";

        public void Run(BenchContext context)
        {
            int phaseSeconds = context.Quick ? 15 : 60;
            string? binary = MosquittoBroker.FindBinary();
            using var mosquitto = binary != null ? MosquittoBroker.Start(binary) : null;
            using var inProcess = binary == null ? InProcessMqttBroker.Start() : null;
            int port = mosquitto?.Port ?? inProcess!.Port;
            string brokerKind = mosquitto != null ? "mosquitto" : "in-process MQTTnet broker";

            var config = new BmsConfig();
            config.TrySetText(CommsKeys.MqttHost, "127.0.0.1");
            config.TrySet(CommsKeys.MqttPort, port);
            config.TrySetText(CommsKeys.MqttModuleId, "timing1");
            using var session = new MqttNetSession(timeout: TimeSpan.FromSeconds(3));
            var module = new VirtualModule(new SimulationOptions { Mqtt = session });
            var core = new BmsCore(module.Ports, config);
            core.Start();
            int tickUs = config.Get(ModuleKeys.TickPeriodMs) * 1000;
            long nextUs = module.TimeMicroseconds;

            (List<double> Tick, List<double> Comm) Phase(int seconds)
            {
                var tick = new List<double>();
                var comm = new List<double>();
                long end = module.TimeMicroseconds + (seconds * 1_000_000L);
                while (nextUs + tickUs <= end)
                {
                    nextUs += tickUs;
                    module.AdvanceToMicroseconds(nextUs);
                    long t0 = Stopwatch.GetTimestamp();
                    core.Tick();
                    long t1 = Stopwatch.GetTimestamp();
                    core.Communicate();
                    long t2 = Stopwatch.GetTimestamp();
                    tick.Add(Stopwatch.GetElapsedTime(t0, t1).TotalMicroseconds);
                    comm.Add(Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds);
                }

                return (tick, comm);
            }

            Phase(5);
            var up = Phase(phaseSeconds);
            long sentUp = core.Mqtt.Counters.Sent;

            mosquitto?.Stop();
            inProcess?.Stop();
            var brokerGone = Phase(phaseSeconds);
            mosquitto?.Restart();
            inProcess?.Restart();

            var fault = module.Faults.Inject(FaultKind.NetworkLoss, durationSeconds: phaseSeconds);
            var networkLost = Phase(phaseSeconds);
            var recovered = Phase(phaseSeconds);
            bool online = core.Mqtt.Online;
            GC.KeepAlive(fault);

            double p99Up = Percentile(up.Tick, 0.99);
            double p99Down = Math.Max(Percentile(brokerGone.Tick, 0.99), Percentile(networkLost.Tick, 0.99));
            context.Record("mqtt.tick_us_p99_link_up", p99Up, "us", "", $"core Tick wall time, {up.Tick.Count} ticks, {brokerKind} connected, {sentUp} messages sent");
            context.Record("mqtt.tick_us_p99_link_down", p99Down, "us", "", $"worst of broker killed ({brokerGone.Tick.Count} ticks) and network-loss fault ({networkLost.Tick.Count} ticks)");
            context.Record("mqtt.tick_p99_ratio_down_up", p99Down / p99Up, "x", "~1", "Tick never calls the link: a ratio near 1 means the link state does not reach the control tick");
            context.Record("mqtt.tick_us_max_link_down", Math.Max(brokerGone.Tick.Max(), networkLost.Tick.Max()), "us", "", $"max with link up {up.Tick.Max():F0} us");
            context.Record("mqtt.communicate_ms_max_link_down", Math.Max(brokerGone.Comm.Max(), networkLost.Comm.Max()), "ms", "", $"longest Communicate while the link was down (connect attempts under back-off); link up {up.Comm.Max():F1} ms, recovery {recovered.Comm.Max():F1} ms; online after recovery: {online}");
        }

        private static double Percentile(List<double> values, double p)
        {
            var sorted = values.OrderBy(v => v).ToArray();
            return sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
        }
    }
}
