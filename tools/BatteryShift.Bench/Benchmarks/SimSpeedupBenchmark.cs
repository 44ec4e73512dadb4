using System;
using System.Diagnostics;
using BatteryShift.Hal.Simulation;
using BatteryShift.Harness;
using BatteryShift.Bms.Board;

namespace BatteryShift.Bench.Benchmarks
{
    /// <summary>
    /// Speed of the virtual module: simulated seconds per wall second for the full 16S module with its front end
    /// at a 100 ms physics step, alone (<c>sim.speedup</c>) and with the firmware core in the loop at its normal
    /// tick period (<c>sim.speedup_with_core</c>), plus the allocation of the physics step.
    /// </summary>
    public sealed class SimSpeedupBenchmark : IBenchmark
    {
        public string Name => "sim";

        public void Run(BenchContext context)
        {
            double simSeconds = context.Quick ? 2 * 86400.0 : 30 * 86400.0;
            var options = new SimulationOptions
            {
                Seed = 11,
                StepSeconds = 0.1,
                Load = new ConstantCurrentProfile(-40.0, 0, 4 * 3600) + new CcCvCharger(56, 3.45, 5),
            };
            var module = new VirtualModule(options);

            // the physics alone: a board without the supervisor (nothing services a watchdog here)
            module.HardwareProtectionFitted = false;
            module.Gpio.OpenOutput(Bmu16.PinChargeFet, true);
            module.Gpio.OpenOutput(Bmu16.PinDischargeFet, true);
            module.Advance(3600);

            long allocBefore = GC.GetAllocatedBytesForCurrentThread();
            long stepsBefore = module.StepCount;
            TimeSpan cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            module.Advance(simSeconds);
            sw.Stop();
            double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
            long alloc = GC.GetAllocatedBytesForCurrentThread() - allocBefore;
            long steps = module.StepCount - stepsBefore;
            double speedup = simSeconds / sw.Elapsed.TotalSeconds;
            context.Record("sim.speedup", Math.Round(speedup), "x", ">= 100000", $"16S, front end, 0.1 s step, {simSeconds / 86400:0} simulated days in {sw.Elapsed.TotalSeconds:0.00} s wall, discharge then CC/CV charge, seed 11", wallClock: true);
            context.Record("sim.speedup_cpu", Math.Round(simSeconds / cpuSeconds), "x", "", "same run, simulated s per process CPU s (the shared host's load does not count)", wallClock: true);
            context.Record("sim.step_ns", sw.Elapsed.TotalNanoseconds / steps, "ns", "", "one 16-cell physics step, wall time", wallClock: true);
            context.Record("sim.step_alloc_bytes", (double)alloc / steps, "bytes", "0", "per physics step in steady state");

            double coreSeconds = context.Quick ? 600.0 : 3 * 3600.0;
            var runner = new VirtualModuleRunner(new SimulationOptions { Seed = 11, Load = new ConstantCurrentProfile(-40.0) });
            runner.RunSeconds(60);
            long ticksBefore = runner.TickCount;
            long readsBefore = runner.Module.Adc.ReadCount;
            cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            sw.Restart();
            runner.RunSeconds(coreSeconds);
            sw.Stop();
            cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
            long ticks = runner.TickCount - ticksBefore;
            long reads = runner.Module.Adc.ReadCount - readsBefore;
            double coreSpeedup = coreSeconds / sw.Elapsed.TotalSeconds;
            context.Record("sim.speedup_with_core", Math.Round(coreSpeedup), "x", "", $"BmsCore Tick+Communicate every {runner.TickPeriodMs} ms, {coreSeconds / 3600:0.##} simulated h, {(double)reads / Math.Max(1, ticks):0} ADC reads per tick", wallClock: true);
            context.Record("sim.speedup_with_core_cpu", Math.Round(coreSeconds / cpuSeconds), "x", "", "same run, per process CPU s", wallClock: true);
        }
    }
}
