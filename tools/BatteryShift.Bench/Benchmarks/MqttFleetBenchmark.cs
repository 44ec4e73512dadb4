using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using System.Threading;
using BatteryShift.Bms;
using BatteryShift.Bms.Config;
using BatteryShift.Bms.Events;
using BatteryShift.Bms.Telemetry;
using BatteryShift.Hal;
using BatteryShift.Harness.Mqtt;
using MQTTnet;
using MQTTnet.Protocol;

namespace BatteryShift.Bench.Benchmarks
{
    /// <summary>
    /// A fleet of modules, each the real MQTT stage (encoder, store-and-forward ring, back-off) over its own
    /// MQTTnet client, publishing state at 1 Hz with QoS 1 to a private mosquitto on 127.0.0.1, watched by one
    /// subscriber that checks every module's state sequence numbers. A message is lost when the subscriber
    /// never receives it (dropped from a full ring, or acknowledged and not delivered). The control tick is not
    /// simulated: the status is filled once, the figure is the telemetry path. Sizes grow until loss appears
    /// or the largest size was tried.
    /// </summary>
    public sealed class MqttFleetBenchmark : IBenchmark
    {
        private const int Workers = 32;

        public string Name => "mqtt-fleet";

        public void Run(BenchContext context)
        {
            string? binary = MosquittoBroker.FindBinary();
            if (binary == null)
            {
                context.Log.WriteLine("  mosquitto not installed (apt-get install mosquitto): fleet benchmark not run");
                return;
            }

            ThreadPool.SetMinThreads(64, 64);
            int[] sizes = context.Quick ? new[] { 100, 300 } : new[] { 1000, 1500, 2000 };
            int firstSeconds = context.Quick ? 10 : 60;
            int laterSeconds = context.Quick ? 10 : 20;
            int zeroLoss = 0;
            int lossAt = 0;
            string notes = string.Empty;
            for (int i = 0; i < sizes.Length; i++)
            {
                int seconds = i == 0 ? firstSeconds : laterSeconds;
                FleetResult r = RunFleet(binary, sizes[i], seconds, context.Log);
                notes += $"{sizes[i]}: {r.Lost} lost, {r.Made} made in {seconds} s ({100.0 * r.Made / r.Expected:F0} % of 1 Hz, longest pass interval {r.LagMaxMs} ms); ";
                if (i == 0)
                {
                    context.Record("mqtt.fleet_messages_lost", r.Lost, "msg", "0", $"{sizes[i]} modules, 1 Hz QoS 1, {seconds} s, {r.Made} state messages, mosquitto on 127.0.0.1", wallClock: true);
                    context.Record("mqtt.fleet_pass_interval_ms_max", r.LagMaxMs, "ms", "< 1000", $"{sizes[i]} modules: longest time between two MQTT passes of a module (1 Hz needs < 1000)", wallClock: true);
                    context.Record("mqtt.fleet_rate_pct", 100.0 * r.Made / r.Expected, "%", "100", $"{sizes[i]} modules: state messages made vs 1 per module per second", wallClock: true);
                }

                if (r.Lost == 0)
                {
                    zeroLoss = sizes[i];
                }
                else
                {
                    lossAt = sizes[i];
                    break;
                }
            }

            context.Record("mqtt.fleet_modules_zero_loss", zeroLoss, "modules", "1000", "largest fleet tried with no lost QoS 1 state message; " + notes.TrimEnd(' ', ';'), wallClock: true);
            context.Record(
                "mqtt.fleet_loss_onset_modules",
                lossAt,
                "modules",
                "",
                lossAt == 0 ? $"no loss up to {sizes[^1]} modules (0 = not reached)" : "smallest fleet tried that lost messages", wallClock: true);
        }

        private sealed record FleetResult(long Made, long Expected, long Lost, long LagMaxMs);

        private static FleetResult RunFleet(string binary, int count, int seconds, System.IO.TextWriter log)
        {
            using var broker = MosquittoBroker.Start(binary);
            var clock = new WallClock();
            Interlocked.Exchange(ref s_subscriberDisconnects, 0);
            var received = new ConcurrentDictionary<int, ConcurrentBag<long>>();
            using var subscriber = Subscribe(broker.Port, received);

            var modules = new Module[count];
            for (int i = 0; i < count; i++)
            {
                modules[i] = new Module(i, broker.Port, clock);
            }

            // connect every module first (a connect storm is not the steady state being measured)
            var watch = Stopwatch.StartNew();
            ConnectAll(modules, count);
            double connectSeconds = watch.Elapsed.TotalSeconds;
            int online = modules.Count(m => m.Stage.Online);
            long madeBefore = modules.Sum(m => m.Stage.StateMessages);
            long endMs = clock.NowMs + (seconds * 1000L);
            long lagMax = RunAll(modules, count, clock, endMs);
            long made = modules.Sum(m => m.Stage.StateMessages);
            long madeTimed = 0;
            // wait for the subscriber while it still makes progress (a late message is not a lost one)
            var deadline = Stopwatch.StartNew();
            WaitForSubscriber(received, made);
            double drainSeconds = deadline.Elapsed.TotalSeconds;

            long got = 0;
            for (int i = 0; i < count; i++)
            {
                if (received.TryGetValue(i, out var bag))
                {
                    got += bag.Distinct().Count();
                }
            }

            long dropped = modules.Sum(m => m.Stage.Queue.DroppedCount);
            foreach (var m in modules)
            {
                m.Dispose();
            }

            madeTimed = made - madeBefore;
            log.WriteLine($"  fleet {count}: {online} online after {connectSeconds:F1} s; in {seconds} s made {madeTimed} (1 Hz: {(long)count * seconds}); all made {made}, received {got}, dropped in rings {dropped}, longest pass interval {lagMax} ms, subscriber disconnects {s_subscriberDisconnects}, subscriber caught up {drainSeconds:F0} s after the end");
            return new FleetResult(madeTimed, (long)count * seconds, made - got, lagMax);
        }

        private static void ConnectAll(Module[] modules, int count)
        {
            var connectors = new Thread[Workers];
            for (int t = 0; t < Workers; t++)
            {
                int first = t;
                connectors[t] = new Thread(() =>
                {
                    var limit = Stopwatch.StartNew();
                    bool all;
                    do
                    {
                        all = true;
                        for (int m = first; m < count; m += Workers)
                        {
                            modules[m].Stage.Communicate();
                            all &= modules[m].Stage.Online;
                        }

                        Thread.Sleep(5);
                    }
                    while (!all && limit.Elapsed < TimeSpan.FromSeconds(60));
                });
                connectors[t].Start();
            }

            foreach (var thread in connectors)
            {
                thread.Join();
            }
        }

        private static long RunAll(Module[] modules, int count, WallClock clock, long endMs)
        {
            long lagMax = 0;
            var threads = new Thread[Workers];
            for (int t = 0; t < Workers; t++)
            {
                int first = t;
                threads[t] = new Thread(() =>
                {
                    long localLag = 0;
                    long sweepStart = clock.NowMs;
                    while (clock.NowMs < endMs)
                    {
                        for (int m = first; m < count; m += Workers)
                        {
                            modules[m].Stage.Communicate();
                        }

                        Thread.Sleep(5);
                        long now = clock.NowMs;
                        localLag = Math.Max(localLag, now - sweepStart);
                        sweepStart = now;
                    }

                    // let every ring empty so that what was made was sent or counted as dropped
                    for (int m = first; m < count; m += Workers)
                    {
                        modules[m].Flush();
                    }

                    InterlockedMax(ref lagMax, localLag);
                });
                threads[t].IsBackground = true;
                threads[t].Start();
            }

            foreach (var thread in threads)
            {
                thread.Join();
            }

            return lagMax;
        }

        private static void WaitForSubscriber(ConcurrentDictionary<int, ConcurrentBag<long>> received, long made)
        {
            var deadline = Stopwatch.StartNew();
            var quiet = Stopwatch.StartNew();
            long seen = -1;
            while (deadline.Elapsed < TimeSpan.FromSeconds(180) && quiet.Elapsed < TimeSpan.FromSeconds(5))
            {
                long now = received.Values.Sum(b => b.Count);
                if (now >= made)
                {
                    break;
                }

                if (now != seen)
                {
                    seen = now;
                    quiet.Restart();
                }

                Thread.Sleep(100);
            }
        }

        private static void InterlockedMax(ref long target, long value)
        {
            long seen;
            do
            {
                seen = Interlocked.Read(ref target);
                if (value <= seen)
                {
                    return;
                }
            }
            while (Interlocked.CompareExchange(ref target, value, seen) != seen);
        }

        private static int s_subscriberDisconnects;

        private static IMqttClient Subscribe(int port, ConcurrentDictionary<int, ConcurrentBag<long>> received)
        {
            var client = new MqttClientFactory().CreateMqttClient();
            client.DisconnectedAsync += _ =>
            {
                Interlocked.Increment(ref s_subscriberDisconnects);
                return System.Threading.Tasks.Task.CompletedTask;
            };
            client.ApplicationMessageReceivedAsync += e =>
            {
                // topic fleet/m<index>/state
                string topic = e.ApplicationMessage.Topic;
                int start = topic.IndexOf("/m", StringComparison.Ordinal) + 2;
                int end = topic.IndexOf('/', start);
                int index = int.Parse(topic.AsSpan(start, end - start));
                var reader = new Utf8JsonReader(e.ApplicationMessage.Payload.ToArray());
                reader.Read();
                reader.Read();
                reader.Read();
                long seq = reader.GetInt64();
                received.GetOrAdd(index, _ => new ConcurrentBag<long>()).Add(seq);
                return System.Threading.Tasks.Task.CompletedTask;
            };
            var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("fleet-watch").WithCleanSession(true).Build();
            client.ConnectAsync(options).GetAwaiter().GetResult();
            client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("fleet/+/state", MqttQualityOfServiceLevel.AtLeastOnce).Build()).GetAwaiter().GetResult();
            return client;
        }

        private sealed class WallClock : IClock
        {
            private readonly Stopwatch _watch = Stopwatch.StartNew();

            public long NowMs => _watch.ElapsedMilliseconds;

            public void DelayMicroseconds(int microseconds)
            {
            }
        }

        private sealed class Module : IDisposable
        {
            private readonly MqttNetSession _session;

            public Module(int index, int port, IClock clock)
            {
                var config = new BmsConfig();
                config.TrySetText(CommsKeys.MqttHost, "127.0.0.1");
                config.TrySet(CommsKeys.MqttPort, port);
                config.TrySetText(CommsKeys.MqttTopicPrefix, "fleet");
                config.TrySetText(CommsKeys.MqttModuleId, "m" + index);
                config.TrySet(CommsKeys.MqttDiscovery, 0);
                config.TrySet(CommsKeys.MqttCellsPeriodMs, 3600000);
                config.TrySet(CommsKeys.MqttOfflinePeriodMs, 1000);
                config.TrySet(CommsKeys.MqttKeepAliveS, 60);
                var status = new ModuleStatus();
                status.State = ModuleState.Standby;
                for (int c = 0; c < 16; c++)
                {
                    status.CellVoltageMv[c] = 3300 + c;
                }

                status.ModuleVoltageMv = 52920;
                status.SocPct = 50f;
                _session = new MqttNetSession(timeout: TimeSpan.FromSeconds(10));
                Stage = new MqttTelemetry(_session, clock, config, status, new EventLog(8), null, MqttTelemetry.DefaultQueueBytes);
            }

            public MqttTelemetry Stage { get; }

            public void Flush()
            {
                var watch = Stopwatch.StartNew();
                while (Stage.Queue.Count > 0 && watch.Elapsed < TimeSpan.FromSeconds(20))
                {
                    long before = Stage.Queue.Count;
                    Stage.Communicate();
                    if (Stage.Queue.Count == before)
                    {
                        Thread.Sleep(10);
                    }
                }
            }

            public void Dispose()
            {
                _session.Dispose();
            }
        }
    }
}
