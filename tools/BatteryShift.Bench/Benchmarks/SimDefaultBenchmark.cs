using System.Linq;
using BatteryShift.Bench.Simulator;
using BatteryShift.Harness;

namespace BatteryShift.Bench.Benchmarks
{
    /// <summary>
    /// The simulator's default run (peak shaving, seed 1, bring-up calibration) with the power converter following the
    /// module's limits message, for 30 simulated days (3 with --quick): the alarms and faults the firmware raised (the
    /// target is none), the true extremes of the cells, and the energy the site still got.
    /// </summary>
    public sealed class SimDefaultBenchmark : IDescribedBenchmark
    {
        public string Name => "sim-default";

        public string Description =>
            "The default simulator scenario (`dotnet run --project tools/BatteryShift.Simulator`: daily peak shaving on the 16S 280 Ah " +
            "module, seed 1, typical ADC, the start-up bring-up calibration) run as fast as it goes with MQTT off, and the converter " +
            "following the module's limits message (`--converter follow`, the default: CCL, DCL, CVL, 10 A/s ramp, stop when not " +
            "allowed, not valid or older than 5 s). Cell figures are the simulation's ground truth at every control tick, not the " +
            "firmware's readings. `sim-ignore` is the same run with a converter that ignores the limits.";

        public void Run(BenchContext context)
        {
            double days = context.Quick ? 3 : 30;
            DefaultScenarioRun run = DefaultScenarioRun.Run(ConverterMode.Follow, days);
            string conditions = $"{days:0} simulated days, --converter follow";
            context.Record("sim.default_run_alarms", run.Alarms, "alarms", "0", $"{conditions}; {DefaultScenarioRun.Names(run.AlarmsByName)}");
            context.Record("sim.default_run_faults", run.Faults, "faults", "0", $"{conditions}; {DefaultScenarioRun.Names(run.FaultsByName)}");
            context.Record("sim.default_max_cell_mv", System.Math.Round(run.MaxCellMv, 1), "mV", "< 3650", "highest true cell voltage at any tick (cell_ov alarm at 3650)");
            context.Record("sim.default_min_cell_mv", System.Math.Round(run.MinCellMv, 1), "mV", "> 2800", "lowest true cell voltage at any tick after the first minute (cell_uv alarm at 2800)");
            context.Record("sim.default_spread_mv", System.Math.Round(run.LastDaySpreadMv, 1), "mV", "", "true cell spread at the end of the last charge window (06:00)");
            context.Record("sim.default_energy_out_kwh", System.Math.Round(run.EnergyOutKwh, 1), "kWh", "", $"served to the site (truth); in {run.EnergyInKwh:0.0} kWh");
            context.Record("sim.default_restarts", run.Restarts, "restarts", "0");
            context.Record("sim.default_limits_messages_per_day", System.Math.Round(run.LimitsMessages / days), "messages", "", "limits messages the converter received (period 1 s and at once on a change)");
            long limitedTicks = run.ConverterLimitedTicks.Values.Sum();
            context.Log.WriteLine($"  converter below its request: {string.Join(", ", run.ConverterLimitedTicks.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} {kv.Value} ticks"))}; wall {run.WallSeconds:0} s");
            context.Record("sim.default_converter_limited_h", System.Math.Round(limitedTicks * 0.2 / 3600.0 / days, 2), "h/day", "", "time per day the converter gave less than the duty asked (ramp, CCL, CVL, not allowed)");
        }
    }
}
