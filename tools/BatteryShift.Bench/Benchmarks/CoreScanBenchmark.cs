using System;
using System.Diagnostics;
using BatteryShift.Bms.Board;
using BatteryShift.Hal;
using BatteryShift.Harness.Doubles;

namespace BatteryShift.Bench.Benchmarks
{
    /// <summary>
    /// Cost of one pass of the mux scan driver over the 32 channels of both muxes (8x oversampling)
    /// on the host, against HAL ports that do nothing, so the figure is the driver's own cost.
    /// </summary>
    public sealed class CoreScanBenchmark : IBenchmark
    {
        public string Name => "core-scan";

        public void Run(BenchContext context)
        {
            var ports = new NullPorts { Varying = true };
            var mux = new MuxScanner(ports, ports, ports, 50, 8);
            int passes = context.Quick ? 20_000 : 200_000;
            long sink = 0;
            for (int warm = 0; warm < 2_000; warm++)
            {
                sink += ScanPass(mux);
            }

            long allocBefore = GC.GetAllocatedBytesForCurrentThread();
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < passes; i++)
            {
                sink += ScanPass(mux);
            }

            sw.Stop();
            long alloc = GC.GetAllocatedBytesForCurrentThread() - allocBefore;
            double ns = sw.Elapsed.TotalNanoseconds / passes;
            context.Record("core.scan_ns", ns, "ns", "", $"32 channels x 8 conversions per pass, {passes} passes, null HAL", wallClock: true);
            GC.KeepAlive(sink);
            context.Record("core.scan_alloc_bytes", (double)alloc / passes, "bytes", "0", "per pass");
        }

        private static long ScanPass(MuxScanner mux)
        {
            long sum = 0;
            for (int ch = 0; ch < 16; ch++)
            {
                sum += mux.ReadSum(Bmu16.AdcMuxCells, ch);
            }

            for (int ch = 0; ch < 16; ch++)
            {
                sum += mux.ReadSum(Bmu16.AdcMuxAux, ch);
            }

            return sum;
        }
    }
}
