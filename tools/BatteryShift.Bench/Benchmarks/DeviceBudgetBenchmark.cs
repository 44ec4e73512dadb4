using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using BatteryShift.Bench.Benchmarks.Device;
using BatteryShift.Harness.Doubles;
using BatteryShift.Bms;
using BatteryShift.Bms.Config;
using BatteryShift.Hal;
using BatteryShift.Hal.Simulation;

namespace BatteryShift.Bench.Benchmarks
{
    /// <summary>
    /// Memory and time budget of the core as the ESP32 will run it, measured on the host with the simulated
    /// board (issue 10, item 3).
    /// </summary>
    /// <remarks>
    /// <para><c>device.startup_alloc_bytes</c>: bytes allocated (GC.GetAllocatedBytesForCurrentThread) while the
    /// firmware builds the configuration and the core and runs <see cref="BmsCore.Start"/> on a board whose store
    /// holds a configuration and calibration saved by an earlier start (as on a commissioned board), minus what the
    /// simulated HAL allocates inside its own calls (metered per call), plus the static tables of the core's
    /// assembly (sized by <see cref="HeapModel"/>, since class constructors may already have run in this
    /// process). These are 64-bit CLR sizes: 16-byte headers and 8-byte references.
    /// <c>device.startup_heap_nano_bytes</c> re-sizes the same live objects with nanoFramework's heap layout
    /// (12-byte blocks, one block per field: see <see cref="HeapModel"/>); it is the figure to hold against the
    /// ~80 KB heap of an ESP32 without PSRAM (docs/references.md). Fields of small objects cost
    /// more on nanoFramework (12 bytes each), byte and int arrays cost about the same, literal strings less.</para>
    /// <para><c>device.tick_alloc_bytes</c>: bytes allocated by <see cref="BmsCore.Tick"/> alone in steady state
    /// (after a warm-up), HAL allocations excluded, averaged over the measured ticks; the note gives the worst
    /// single tick.</para>
    /// <para><c>device.tick_il_instructions</c>: IL instructions the core executes per tick, counted exactly on a
    /// copy of the core in which every basic block adds its instruction count to a counter
    /// (<see cref="IlCountingLoader"/>), driven through the same ticks on the simulated board. nanoFramework
    /// interprets IL one instruction at a time, so this count (with the HAL calls, which run native code,
    /// reported beside it as <c>device.tick_hal_calls</c>) is the tick's interpreted cost; it leaves out the
    /// inside of base-library calls. The IL is the host build's (same compiler as the device build).</para>
    /// </remarks>
    public sealed class DeviceBudgetBenchmark : IBenchmark
    {
        private const int StartupBudgetBytes = 40 * 1024;

        public string Name => "device";

        public void Run(BenchContext context)
        {
            int warmTicks = context.Quick ? 20 : 100;
            int ticks = context.Quick ? 50 : 500;
            MeasureStartup(context);
            MeasureTicks(context, warmTicks, ticks);
            CountInstructions(context, warmTicks, ticks);
        }

        private static void MeasureStartup(BenchContext context)
        {
            Assembly core = typeof(BmsCore).Assembly;
            foreach (Type type in core.GetTypes().Where(t => !t.IsGenericTypeDefinition))
            {
                RuntimeHelpers.RunClassConstructor(type.TypeHandle);
            }

            // a commissioned board: an earlier start stored the configuration and calibration, which this start loads
            // (the configuration through a candidate that is validated before it is applied)
            var module = new VirtualModule(new SimulationOptions());
            var commissioning = new BmsCore(module.Ports, new BmsConfig());
            commissioning.Start();
            if (commissioning.SaveConfig() != ResultCode.Ok)
            {
                throw new InvalidOperationException("the configuration was not stored");
            }

            module.ResetBoard(ResetCause.External);
            module.AcknowledgeRestart();
            var ports = new MeteredPorts(module.Ports);
            long before = GC.GetAllocatedBytesForCurrentThread();
            var config = new BmsConfig();
            var bms = new BmsCore(ports.Ports, config);
            bms.Start();
            long instanceBytes = GC.GetAllocatedBytesForCurrentThread() - before - ports.HalBytes;

            var statics = new HeapModel(t => t.Assembly == core);
            statics.AddStatics(core);
            var live = new HeapModel(t => t.Assembly == core);
            live.AddRoot(bms);
            live.AddStatics(core);

            context.Record(
                "device.startup_alloc_bytes",
                instanceBytes + statics.ClrBytes,
                "bytes",
                "<= " + StartupBudgetBytes,
                $"CLR x64 sizes: bytes allocated on this thread by new BmsConfig(), new BmsCore(simulated ports) and Start() on a board with a stored configuration and calibration {instanceBytes} B (start-up garbage included; the simulated HAL's own {ports.HalBytes} B metered out) + objects held by the static fields of BatteryShift.Bms {statics.ClrBytes} B (literal strings at 22 + 2 B/char); live after Start {live.ClrBytes} B in {live.Objects} objects; HAL, M2Mqtt, Wi-Fi, threads and runtime structures not included");
            var largest = live.ByType.OrderByDescending(p => p.Value.NanoBytes).Take(12).ToList();
            context.Log.WriteLine("  largest by type (nanoFramework layout):");
            foreach (var entry in largest)
            {
                context.Log.WriteLine($"    {entry.Key,-28} {entry.Value.Count,5} x  {entry.Value.NanoBytes,7} B");
            }

            context.Log.WriteLine("  largest holders (field, with what its arrays hold): nanoFramework / CLR x64 bytes, objects");
            foreach (var entry in live.ByOwner.OrderByDescending(p => p.Value.NanoBytes + p.Value.ClrBytes).Take(30))
            {
                context.Log.WriteLine($"    {entry.Key,-44} {entry.Value.NanoBytes,7} B {entry.Value.ClrBytes,7} B {entry.Value.Count,4}");
            }

            context.Log.WriteLine("  objects of 1 KB and more (nanoFramework layout), by the field holding them:");
            foreach (var (owner, bytes) in live.Large.OrderByDescending(l => l.NanoBytes))
            {
                context.Log.WriteLine($"    {owner,-44} {bytes,7} B");
            }

            string top = string.Join(", ", live.Large.OrderByDescending(l => l.NanoBytes).Take(4).Select(l => $"{l.Owner} {l.NanoBytes} B"));
            context.Record(
                "device.startup_heap_nano_bytes",
                live.NanoBytes,
                "bytes",
                "<= " + StartupBudgetBytes,
                $"the {live.Objects} objects reachable after Start from the BmsCore and the static fields of BatteryShift.Bms, re-sized with nanoFramework's heap layout: 12-byte blocks, an object 1 block + 1 per field, an array 20 B + packed primitive elements (12 B per reference), a run-time string 12 B + UTF-8, a literal 12 B (its text stays in flash); start-up garbage, HAL, M2Mqtt, Wi-Fi, threads and type metadata not included; largest: {top}");
            GC.KeepAlive(bms);
        }

        private static void MeasureTicks(BenchContext context, int warmTicks, int ticks)
        {
            var module = new VirtualModule(new SimulationOptions());
            var ports = new MeteredPorts(module.Ports);
            var bms = new BmsCore(ports.Ports, new BmsConfig());
            bms.Start();
            long timeUs = module.TimeMicroseconds;
            long total = 0;
            long worst = 0;
            long halCalls = 0;
            for (int i = 0; i < warmTicks + ticks; i++)
            {
                timeUs += bms.Config.Get(ModuleKeys.TickPeriodMs) * 1000L;
                module.AdvanceToMicroseconds(timeUs);
                long halBefore = ports.HalBytes;
                long callsBefore = ports.Calls;
                long before = GC.GetAllocatedBytesForCurrentThread();
                bms.Tick();
                long bytes = GC.GetAllocatedBytesForCurrentThread() - before - (ports.HalBytes - halBefore);
                if (i >= warmTicks)
                {
                    total += bytes;
                    worst = Math.Max(worst, bytes);
                    halCalls += ports.Calls - callsBefore;
                }

                bms.Communicate();
            }

            context.Record("device.tick_alloc_bytes", (double)total / ticks, "bytes", "0", $"bytes allocated on this thread inside Tick (CLR, the simulated HAL's own metered out), mean over {ticks} ticks after {warmTicks} warm-up ticks, worst tick {worst} B; Communicate runs between ticks and is not counted here (mqtt.alloc_per_message_bytes); simulated board defaults");
            context.Record("device.tick_hal_calls", (double)halCalls / ticks, "calls", "", "HAL calls made inside Tick, mean per tick (native code on the device)");
        }

        private static void CountInstructions(BenchContext context, int warmTicks, int ticks)
        {
            string work = Path.Combine(Path.GetTempPath(), "batteryshift-il-" + Environment.ProcessId);
            IlCountingLoader loader = IlCountingLoader.Load(typeof(BmsCore).Assembly, work);
            try
            {
                Assembly copy = loader.Instrumented;
                Type coreType = copy.GetType(typeof(BmsCore).FullName!, true)!;
                Type configType = copy.GetType(typeof(BmsConfig).FullName!, true)!;
                var module = new VirtualModule(new SimulationOptions());
                object bms = Activator.CreateInstance(coreType, module.Ports, Activator.CreateInstance(configType))!;
                MethodInfo tick = coreType.GetMethod(nameof(BmsCore.Tick))!;
                MethodInfo communicate = coreType.GetMethod(nameof(BmsCore.Communicate))!;
                object config = coreType.GetProperty(nameof(BmsCore.Config))!.GetValue(bms)!;
                MethodInfo get = configType.GetMethod(nameof(BmsConfig.Get))!;
                coreType.GetMethod(nameof(BmsCore.Start))!.Invoke(bms, null);

                long timeUs = module.TimeMicroseconds;
                long total = 0;
                long worst = 0;
                long literals = 0;
                long worstLiterals = 0;
                for (int i = 0; i < warmTicks + ticks; i++)
                {
                    timeUs += (int)get.Invoke(config, new object[] { ModuleKeys.TickPeriodMs })! * 1000L;
                    module.AdvanceToMicroseconds(timeUs);
                    long before = loader.Count;
                    long literalsBefore = loader.Literals;
                    tick.Invoke(bms, null);
                    long count = loader.Count - before;
                    long literalCount = loader.Literals - literalsBefore;
                    if (i >= warmTicks)
                    {
                        total += count;
                        worst = Math.Max(worst, count);
                        literals += literalCount;
                        worstLiterals = Math.Max(worstLiterals, literalCount);
                    }

                    communicate.Invoke(bms, null);
                }

                context.Record("device.tick_literal_loads", (double)literals / ticks, "ldstr", "0", $"literal strings loaded (ldstr executed) by Tick, mean over {ticks} ticks after {warmTicks} warm-up, worst tick {worstLiterals}: nanoFramework's interpreter makes a 12-byte string heap block for each (the text stays in flash), an allocation per tick that the CLR figure device.tick_alloc_bytes cannot show");

                CountMessageLiterals(context, copy, loader, 20 * ticks);
                context.Record("device.tick_il_instructions", (double)total / ticks, "instructions", "", $"IL executed by Tick, counted per basic block, mean over {ticks} ticks after {warmTicks} warm-up, worst tick {worst}; HAL and base-library internals not included");
            }
            finally
            {
                loader.Unload();
                try
                {
                    Directory.Delete(work, true);
                }
                catch (IOException)
                {
                    // the copy may still be mapped until the context is collected; it is only a temp file
                }
            }
        }

        // The MQTT stage of the instrumented core on its own, as the mqtt-encode benchmark drives it (state every 200 ms,
        // cells every 1 s, an alarm event every 64 passes, link up): literal strings loaded per published message.
        private static void CountMessageLiterals(BenchContext context, Assembly copy, IlCountingLoader loader, int passes)
        {
            Type configType = copy.GetType(typeof(BmsConfig).FullName!, true)!;
            Type statusType = copy.GetType(typeof(ModuleStatus).FullName!, true)!;
            Type logType = copy.GetType(typeof(BatteryShift.Bms.Events.EventLog).FullName!, true)!;
            Type stageType = copy.GetType(typeof(BatteryShift.Bms.Telemetry.MqttTelemetry).FullName!, true)!;
            object config = Activator.CreateInstance(configType)!;
            configType.GetMethod(nameof(BmsConfig.TrySetText))!.Invoke(config, new object[] { CommsKeys.MqttHost, "bench" });
            MethodInfo set = configType.GetMethod(nameof(BmsConfig.TrySet))!;
            set.Invoke(config, new object[] { CommsKeys.MqttStatePeriodMs, 200 });
            set.Invoke(config, new object[] { CommsKeys.MqttCellsPeriodMs, 1000 });
            set.Invoke(config, new object[] { CommsKeys.MqttDiscovery, 0 });
            object status = Activator.CreateInstance(statusType)!;
            object log = Activator.CreateInstance(logType, 64)!;
            MethodInfo append = logType.GetMethod(nameof(BatteryShift.Bms.Events.EventLog.Append))!;
            var clock = new ManualClock();
            var session = new CountingMqttSession();
            object stage = Activator.CreateInstance(stageType, session, clock, config, status, log, null, BatteryShift.Bms.Telemetry.MqttTelemetry.DefaultQueueBytes)!;
            MethodInfo communicate = stageType.GetMethod(nameof(BatteryShift.Bms.Telemetry.MqttTelemetry.Communicate))!;
            for (int i = 0; i < 100; i++)
            {
                clock.NowMs += 200;
                communicate.Invoke(stage, null);
            }

            long literalsBefore = loader.Literals;
            long publishedBefore = session.Published;
            for (int i = 0; i < passes; i++)
            {
                clock.NowMs += 200;
                if ((i & 63) == 0)
                {
                    append.Invoke(log, new object[] { clock.NowMs, BatteryShift.Bms.Events.EventKind.AlarmRaised, i & 7, i });
                }

                communicate.Invoke(stage, null);
            }

            long messages = session.Published - publishedBefore;
            long literals = loader.Literals - literalsBefore;
            context.Record("device.message_literal_loads", (double)literals / messages, "ldstr", "", $"literal strings loaded per published MQTT message (member names, state and event names), {messages} state/cells/event messages through the whole stage: on nanoFramework each makes a 12-byte string heap block, about {12.0 * literals / messages:F0} B of garbage per message that mqtt.alloc_per_message_bytes (CLR, 0) cannot show");
        }
    }
}
