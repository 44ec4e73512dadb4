using System;
using BatteryShift.Bms;
using BatteryShift.Bms.Config;
using BatteryShift.Bms.Protection;
using BatteryShift.Hal.Simulation;
using BatteryShift.Harness;

namespace BatteryShift.Bench.Benchmarks.Safety
{
    /// <summary>
    /// Fault detection latency per limit on the virtual module: a step beyond the fault level is applied at a
    /// random point between ticks (cell state of charge, temperature, load current), and the time from the step
    /// to the fault latch is compared with the limit's configured delay (and occurrence debounce). Records the
    /// largest excess over the delay across limits and repetitions. Each step runs on its own uncalibrated board with
    /// a realistic front end on the ESP32 ADC <see cref="AdcChoice"/> picks (the worst case unless told otherwise).
    /// </summary>
    public sealed class ProtectionLatencyBenchmark : IBenchmark
    {
        public string Name => "prot-latency";

        public void Run(BenchContext context)
        {
            int repeats = context.Quick ? 2 : 10;
            AdcGrade adc = AdcChoice.FromEnvironment();
            double worst = 0;
            string worstName = string.Empty;
            var random = new Random(5);
            for (int limit = 0; limit < LimitIds.ThresholdCount; limit++)
            {
                if (limit == LimitIds.BoardOvertemperature)
                {
                    continue; // the board temperature has no step input in the simulation
                }

                for (int rep = 0; rep < repeats; rep++)
                {
                    var config = new BmsConfig();
                    if (limit == LimitIds.CellOvervoltage || limit == LimitIds.ModuleOvervoltage)
                    {
                        config.TrySet(ProtectionKeys.ChargeVoltagePerCellMv, 3300);
                        config.TrySet(ProtectionKeys.Key(limit, ProtectionKeys.WarningOffset), 3400);
                        config.TrySet(ProtectionKeys.Key(limit, ProtectionKeys.AlarmOffset), 3420);
                        config.TrySet(ProtectionKeys.Key(limit, ProtectionKeys.FaultOffset), 3450);
                    }

                    // each step on its own board: the seed draws the chip (every eighth a corner chip), uncalibrated
                    var options = AdcChoice.Apply(new SimulationOptions { Seed = (ulong)((limit * repeats) + rep + 1) }, adc);
                    var runner = new VirtualModuleRunner(options, config);
                    runner.RunSeconds(6); // past the self-test (about 5 s): the step lands in standby
                    runner.Module.Advance(random.NextDouble() * runner.TickPeriodMs / 1000.0 * 0.98);
                    double stepAt = runner.Module.TimeSeconds;
                    Apply(runner, limit);
                    runner.RunSeconds(6);
                    long trip = runner.Core.Protection.TripTimeMs(limit, ProtectionMonitor.Fault);
                    if (trip <= 0)
                    {
                        throw new InvalidOperationException($"{DiagnosisTable.LimitName(limit)} did not trip");
                    }

                    int tick = runner.TickPeriodMs;
                    int debounce = Math.Max(runner.Core.Protection.DelayMs(limit), (runner.Core.Protection.DebounceCount(limit) - 1) * tick);
                    double over = trip - (stepAt * 1000.0) - debounce;
                    if (over > worst)
                    {
                        worst = over;
                        worstName = DiagnosisTable.LimitName(limit);
                    }
                }
            }

            context.Record("prot.max_latency_over_delay_ms", worst, "ms", "<= 200", $"11 limits x {repeats} steps at random points between 200 ms ticks, realistic uncalibrated front end on the {AdcChoice.Describe(adc)}; worst: {worstName}");
        }

        private static void Apply(VirtualModuleRunner r, int limit)
        {
            switch (limit)
            {
                case LimitIds.CellOvervoltage:
                    r.Module.SetCellSoc(5, 1.0);
                    break;
                case LimitIds.CellUndervoltage:
                    r.Module.SetCellSoc(5, 0.0);
                    break;
                case LimitIds.ChargeOvertemperature:
                    SafetyRig.SetAllTemperatures(r, 57);
                    break;
                case LimitIds.ChargeUndertemperature:
                    SafetyRig.SetAllTemperatures(r, -3);
                    break;
                case LimitIds.DischargeOvertemperature:
                    SafetyRig.SetAllTemperatures(r, 62);
                    break;
                case LimitIds.DischargeUndertemperature:
                    SafetyRig.SetAllTemperatures(r, -23);
                    break;
                case LimitIds.ChargeOvercurrent:
                    r.Module.Load = new ConstantCurrentProfile(300);
                    break;
                case LimitIds.DischargeOvercurrent:
                    r.Module.Load = new ConstantCurrentProfile(-300);
                    break;
                case LimitIds.ShortCircuit:
                    r.Module.Load = new ConstantCurrentProfile(-580);
                    break;
                case LimitIds.ModuleOvervoltage:
                    SafetyRig.SetAllSoc(r, 1.0);
                    break;
                default:
                    SafetyRig.SetAllSoc(r, 0.0);
                    break;
            }
        }
    }
}
