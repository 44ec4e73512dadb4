using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using BatteryShift.Differential.Scenario;
using BatteryShift.Differential.Trace;
using BatteryShift.Harness.Interpreter;

namespace BatteryShift.Bench.Benchmarks
{
    /// <summary>
    /// The core on nanoFramework's real interpreter (nanoCLR POSIX host built by tools/nanoclr/build.sh, named by
    /// BATTERYSHIFT_NANOCLR): the differential scenario against the desktop CLR, the start-up heap from the
    /// collector's census, allocation windows, and the tick time (docs/interpreter.md). Where the interpreter is not
    /// built the benchmark does not run and its recorded rows stay as they are.
    /// </summary>
    public sealed class InterpreterBenchmark : IBenchmark, IOptionalBenchmark
    {
        /// <summary>
        /// CoreMark of one core of this machine class (AMD EPYC, 2.1 GHz, the developers' and CI's machines): EEMBC
        /// CoreMark 1.0 built with gcc 12 -O2, best of three runs on a shared machine (docs/interpreter.md).
        /// </summary>
        public const double HostCoreMark = 35444;

        /// <summary>Published CoreMark of one ESP32 core at 240 MHz: the lowest and highest of docs/interpreter.md's sources.</summary>
        public const double Esp32CoreMarkLow = 350.12;

        /// <summary>See <see cref="Esp32CoreMarkLow"/>.</summary>
        public const double Esp32CoreMarkHigh = 497.8;

        public string Name => "interpreter";

        public bool Available(out string reason)
        {
            return NanoClrToolchain.Find(out reason) != null;
        }

        public void Run(BenchContext context)
        {
            NanoClrToolchain tools = NanoClrToolchain.Find(out string reason) ?? throw new InvalidOperationException(reason);
            string folder = Path.Combine(Path.GetTempPath(), "batteryshift-bench-nanoclr-" + Guid.NewGuid().ToString("N"));
            try
            {
                IReadOnlyList<string> pes = tools.BuildPe(Path.Combine(RepoRoot(), "artifacts", "nano-gate"), folder);
                string where = "nanoCLR POSIX host, nf-interpreter " + tools.InterpreterCommit.Substring(0, 12) + ", MetadataProcessor " + tools.MetadataProcessorCommit.Substring(0, 12);
                context.Log.WriteLine("  " + where);
                InterpreterOutput optimised = tools.Run(pes, false, TimeSpan.FromMinutes(20));
                Require(optimised);
                Differential(context, optimised, where);
                TickTime(context, optimised, where);
                InterpreterOutput statistics = tools.Run(pes, true, TimeSpan.FromMinutes(20));
                Require(statistics);
                Heap(context, statistics, where);
                Allocations(context, statistics, where);
            }
            finally
            {
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, true);
                }
            }
        }

        private static void Differential(BenchContext context, InterpreterOutput nano, string where)
        {
            var sink = new ListSink();
            new ScenarioRunner().Run(sink, Script.Ticks);
            Dictionary<int, string> clr = ByTick(sink.Lines);
            Dictionary<int, string> interpreted = ByTick(nano.Trace);
            int differing = clr.Keys.Union(interpreted.Keys).Count(t => !clr.TryGetValue(t, out string? a) || !interpreted.TryGetValue(t, out string? b) || a != b);
            int ticks = clr.Keys.Count(t => t >= 0);
            context.Record("clr.differential_ticks_differing", differing, "ticks", "0",
                $"{ticks} control periods of the scripted scenario (tests/BatteryShift.Differential: boot, charge, a cell over-voltage fault and its clear, discharge, an open NTC, a two-point calibration in service mode, configuration set, saved and reloaded by a reboot, line mode, MQTT commands, an external stop, charge/discharge cycles), traced per period (state, FET and bleed outputs as the board sees them, serial bytes, MQTT topics and payload bytes, flash blobs: {sink.Lines.Count} lines), on the desktop CLR and on {where}; periods whose trace differs");
        }

        private static void TickTime(BenchContext context, InterpreterOutput nano, string where)
        {
            long ticks = nano.TickTime[0];
            double boardUs = nano.TickTime[1] / 10.0 / ticks;
            double coreUs = nano.TickTime[2] / 10.0 / ticks;
            context.Record("clr.tick_us_host", coreUs, "us", "",
                $"Tick on {where} (optimised build, x64), charging at 60 A with the MQTT link up, mean over {ticks} ticks by the interpreter's clock, with the converter replaying ten recorded ticks' {nano.TickTime[3]} conversions per tick and the {nano.TickTime[4]} pin writes per tick ignored, so one interface call stands for each HAL call (native on the board); {boardUs:F0} us over the scripted board's interpreted arithmetic; machine shared, noisy");
            double low = coreUs * HostCoreMark / Esp32CoreMarkHigh / 1000.0;
            double high = coreUs * HostCoreMark / Esp32CoreMarkLow / 1000.0;
            context.Record("clr.tick_ms_esp32_estimate", high, "ms", "",
                $"clr.tick_us_host x (host CoreMark {HostCoreMark:F0} per core / ESP32 CoreMark per core at 240 MHz, {Esp32CoreMarkLow}..{Esp32CoreMarkHigh} published): {low:F1}..{high:F1} ms, the upper end recorded; the interpreter's code runs from flash through the ESP32's cache, which CoreMark (in cache) does not show (docs/interpreter.md)");
        }

        private static void Heap(BenchContext context, InterpreterOutput nano, string where)
        {
            var estimate = DeviceHeapEstimate.From(nano.CensusBefore!, nano.CensusAfter!);
            long freeDrop = nano.FreeBytes[0] - nano.FreeBytes[2];
            context.Record("clr.startup_heap_bytes", estimate.UpperBytes, "bytes", "<= 40960",
                $"ESP32-equivalent upper bound of the heap new BmsConfig(), new BmsCore(scripted ports) and Start() leave live on an empty flash, from the collector's census on {where}: {estimate.HostBytes} B on the 64-bit host (GC.Run free bytes fell by {freeDrop} B), of which {estimate.PackedBytes} B arrays of numbers and {estimate.StringBytes} B strings kept at their host size and the rest, made of 24-byte heap blocks, halved to the ESP32's 12-byte blocks; lower bound (everything halved) {estimate.LowerBytes} B; static tables built by static constructors before Main are not in it");
            context.Record("clr.startup_heap_host_bytes", estimate.HostBytes, "bytes", "",
                $"the same on the 64-bit host itself (24-byte heap blocks), {where}");
        }

        private static void Allocations(BenchContext context, InterpreterOutput nano, string where)
        {
            long free = nano.BallastFreeBytes;
            foreach ((string window, string id) in new[] { ("tick", "clr.tick_alloc_blocks"), ("communicate_idle", "clr.communicate_alloc_blocks_idle") })
            {
                AllocationWindow w = nano.Windows[window];
                double blocks = w.Collections == 0 ? 0 : (double)w.Collections * free / HeapCensus.HostBlockBytes / w.Operations;
                context.Record(id, blocks, "blocks", "0",
                    $"{w.Operations} {(window == "tick" ? "Tick calls" : "Communicate passes with nothing to send or read")} with the heap filled to {free} free bytes on {where}: {w.Collections} collections by the interpreter's own collector (one would follow from fewer than {free / HeapCensus.HostBlockBytes / w.Operations + 1} blocks per call)");
            }

            AllocationWindow period = nano.Windows["period"];
            double perMessage = period.Messages == 0 ? 0 : (double)period.Collections * free / period.Messages;
            context.Record("clr.message_alloc_bytes_host", perMessage, "bytes", "",
                $"{period.Operations} control periods (Tick + Communicate) publishing {period.Messages} MQTT messages (state every 200 ms, cells, events) and {period.SerialBytes} serial bytes, {period.Collections} collections with {free} B free, on {where}: short-lived bytes per message on the 64-bit host, to the nearest collection (about 1 in {period.Collections}); literal strings are 1 block each (24 B here, 12 B on the ESP32)");
        }

        private static void Require(InterpreterOutput output)
        {
            if (!output.Completed || output.Trace.Count == 0)
            {
                throw new InvalidOperationException("the differential program did not finish on the interpreter:\n" + string.Join("\n", output.Lines.Skip(Math.Max(0, output.Lines.Count - 20))));
            }
        }

        private static Dictionary<int, string> ByTick(IEnumerable<string> lines)
        {
            var result = new Dictionary<int, string>();
            int tick = -2;
            var current = new List<string>();
            foreach (string line in lines)
            {
                if (line.StartsWith("T ", StringComparison.Ordinal))
                {
                    int space = line.IndexOf(' ', 2);
                    tick = int.Parse(line.AsSpan(2, (space < 0 ? line.Length : space) - 2), System.Globalization.CultureInfo.InvariantCulture);
                }

                result[tick] = result.TryGetValue(tick, out string? before) ? before + "\n" + line : line;
            }

            return result;
        }

        private static string RepoRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "BatteryShift.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? Directory.GetCurrentDirectory();
        }

        private sealed class ListSink : ITraceSink
        {
            public List<string> Lines { get; } = new List<string>();

            public void Line(string text)
            {
                Lines.Add(text);
            }
        }
    }
}
