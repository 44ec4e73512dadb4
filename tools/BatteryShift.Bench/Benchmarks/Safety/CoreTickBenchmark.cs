using System;
using System.Diagnostics;
using BatteryShift.Bms;
using BatteryShift.Hal.Simulation;
using BatteryShift.Harness;

namespace BatteryShift.Bench.Benchmarks.Safety
{
    /// <summary>
    /// Cost and allocation of one control tick on the host: BmsCore.Tick alone (the simulation is advanced
    /// outside the measured section, but the ADC and pin reads inside Tick go through the simulated HAL, so
    /// its conversion model is part of the figure), over a module charging and discharging with balancing.
    /// </summary>
    public sealed class CoreTickBenchmark : IBenchmark
    {
        public string Name => "core-tick";

        public void Run(BenchContext context)
        {
            int ticks = context.Quick ? 5_000 : 50_000;
            var runner = new VirtualModuleRunner(new SimulationOptions { Seed = 9, Load = new ConstantCurrentProfile(-30), InitialSocPct = 90 });
            runner.RunSeconds(60);
            BmsCore core = runner.Core;
            VirtualModule module = runner.Module;
            long nextUs = module.TimeMicroseconds;
            long elapsedTicks = 0;
            long allocated = 0;
            for (int i = 0; i < ticks; i++)
            {
                nextUs += runner.TickPeriodMs * 1000L;
                module.AdvanceToMicroseconds(Math.Max(nextUs, module.TimeMicroseconds));
                long before = GC.GetAllocatedBytesForCurrentThread();
                long start = Stopwatch.GetTimestamp();
                core.Tick();
                elapsedTicks += Stopwatch.GetTimestamp() - start;
                allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            }

            double ns = elapsedTicks * 1e9 / Stopwatch.Frequency / ticks;
            context.Record("core.tick_ns", ns, "ns", "", $"mean of {ticks} ticks on the host, simulated HAL inside (16 cells, 16x mux oversampling, 64x current), open-wire test every 10 ticks", wallClock: true);
            context.Record("core.tick_alloc_bytes", (double)allocated / ticks, "bytes", "0", $"per tick, {ticks} ticks in steady state (GC.GetAllocatedBytesForCurrentThread around Tick)");
        }
    }
}
