using System;
using System.Diagnostics;
using BatteryShift.Harness.Doubles;
using BatteryShift.Bms;
using BatteryShift.Bms.Config;
using BatteryShift.Bms.Events;
using BatteryShift.Bms.Telemetry;
using BatteryShift.Hal;
using BatteryShift.Harness;

namespace BatteryShift.Bench.Benchmarks
{
    /// <summary>
    /// Size of the MQTT state message of a running module, allocations per message through the whole
    /// MQTT stage (encode, store-and-forward ring, publish to a session that keeps nothing), and state
    /// messages per second the host encoder writes.
    /// </summary>
    public sealed class MqttEncodeBenchmark : IBenchmark
    {
        public string Name => "mqtt-encode";

        public void Run(BenchContext context)
        {
            // a module that has run for a while, so the status holds measured values
            var runner = new VirtualModuleRunner();
            runner.RunSeconds(30);
            ModuleStatus status = runner.Core.Status;
            var link = new LinkCounters { Connects = 1, Sent = 123456 };

            var w = new JsonWriter(2048);
            TelemetryEncoder.WriteState(w, status, 1234, link);
            int stateBytes = w.Length;
            int stateRecordBytes = w.Record.Length;
            TelemetryEncoder.WriteCells(w, status, 1234);
            int cellsBytes = w.Length;
            int cellsRecordBytes = w.Record.Length;
            context.Record("mqtt.state_bytes", stateBytes, "bytes", "", $"16S module after 30 s simulated; cells message {cellsBytes} bytes; held in the store-and-forward ring as records of {stateRecordBytes} and {cellsRecordBytes} bytes (+3 header)");

            // the stage end to end: state every pass, events as they come, one publish each
            var clock = new ManualClock();
            var session = new CountingMqttSession();
            var config = new BmsConfig();
            config.TrySetText(CommsKeys.MqttHost, "bench");
            config.TrySet(CommsKeys.MqttStatePeriodMs, 200);
            config.TrySet(CommsKeys.MqttCellsPeriodMs, 1000);
            var events = new EventLog(64);
            var stage = new MqttTelemetry(session, clock, config, status, events, null, MqttTelemetry.DefaultQueueBytes);
            for (int i = 0; i < 200; i++)
            {
                clock.NowMs += 200;
                stage.Communicate();
            }

            int passes = context.Quick ? 20_000 : 200_000;
            long publishedBefore = session.Published;
            long allocBefore = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < passes; i++)
            {
                clock.NowMs += 200;
                if ((i & 63) == 0)
                {
                    events.Append(clock.NowMs, EventKind.AlarmRaised, i & 7, i);
                }

                stage.Communicate();
            }

            long alloc = GC.GetAllocatedBytesForCurrentThread() - allocBefore;
            long messages = session.Published - publishedBefore;
            context.Record("mqtt.alloc_per_message_bytes", (double)alloc / messages, "bytes", "0", $"{messages} state/cells/event messages through the whole stage: values captured into a record, queued in the ring, JSON written from the record, published");

            int encodes = context.Quick ? 50_000 : 500_000;
            for (int i = 0; i < 5_000; i++)
            {
                TelemetryEncoder.WriteState(w, status, i, link);
            }

            var sw = Stopwatch.StartNew();
            for (int i = 0; i < encodes; i++)
            {
                TelemetryEncoder.WriteState(w, status, i, link);
            }

            sw.Stop();
            context.Record("mqtt.encode_per_s", encodes / sw.Elapsed.TotalSeconds, "msg/s", "", $"state messages of {stateBytes} bytes (values captured into a record, JSON written from it), one thread, host JIT", wallClock: true);
        }
    }
}
