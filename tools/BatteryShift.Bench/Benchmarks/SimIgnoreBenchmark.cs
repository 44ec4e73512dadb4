using BatteryShift.Bench.Simulator;
using BatteryShift.Harness;

namespace BatteryShift.Bench.Benchmarks
{
    /// <summary>
    /// The simulator's default run with a converter that ignores the limits (<c>--converter ignore</c>), 30 simulated days
    /// (3 with --quick): what the protection alone does. The highest true cell voltage must stay below the cell_ov fault
    /// threshold (3750 mV) plus a small margin; the rows also say whether a fault opened the charge FET.
    /// </summary>
    public sealed class SimIgnoreBenchmark : IBenchmark
    {
        public string Name => "sim-ignore";

        public void Run(BenchContext context)
        {
            double days = context.Quick ? 3 : 30;
            DefaultScenarioRun run = DefaultScenarioRun.Run(ConverterMode.Ignore, days);
            string conditions = $"{days:0} simulated days, --converter ignore";
            context.Record("sim.ignore_max_cell_mv", System.Math.Round(run.MaxCellMv, 1), "mV", "< 3800", $"highest true cell voltage at any tick, {conditions} (cell_ov fault at 3750 opens the charge FET)");
            context.Record("sim.ignore_fet_opened", run.ChargeFetOpenedByFault, "times", "", "the charge FET opened by a latched fault");
            context.Record("sim.ignore_run_alarms", run.Alarms, "alarms", "", DefaultScenarioRun.Names(run.AlarmsByName));
            context.Record("sim.ignore_run_faults", run.Faults, "faults", "", DefaultScenarioRun.Names(run.FaultsByName));
            context.Record("sim.ignore_min_cell_mv", System.Math.Round(run.MinCellMv, 1), "mV", "", "lowest true cell voltage after the first minute");
            context.Record("sim.ignore_energy_out_kwh", System.Math.Round(run.EnergyOutKwh, 1), "kWh", "", $"served to the site (truth); in {run.EnergyInKwh:0.0} kWh");
            context.Log.WriteLine($"  wall {run.WallSeconds:0} s");
        }
    }
}
