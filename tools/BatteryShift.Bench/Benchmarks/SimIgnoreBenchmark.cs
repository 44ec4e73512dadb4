using BatteryShift.Bench.Simulator;
using BatteryShift.Harness;

namespace BatteryShift.Bench.Benchmarks
{
    /// <summary>
    /// The simulator's default run with a converter that ignores the limits (<c>--converter ignore</c>), 30 simulated days
    /// (3 with --quick): what the protection alone does. The highest true cell voltage must stay below the cell_ov fault
    /// threshold (3750 mV) plus a small margin; the rows also say whether a fault opened the charge FET. The peak-shaving
    /// charger's own CV (3.40 V/cell) ends that charge before the fault level, so a second run (half a day, quick or
    /// not) breaks the charger at 00:30 (the charger-overvoltage fault: it pushes towards 3.90 V/cell, whatever its
    /// window and the FET enable): only the module's protection can stop it, by opening the charge FET.
    /// </summary>
    public sealed class SimIgnoreBenchmark : IBenchmark
    {
        /// <summary>The broken charger of the second run, in the simulator's --fault syntax.</summary>
        public const string RunawayFault = "charger-overvoltage@30m:0:3.9";

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

            DefaultScenarioRun runaway = DefaultScenarioRun.Run(ConverterMode.Ignore, 0.5, RunawayFault);
            context.Record("sim.ignore_runaway_max_cell_mv", System.Math.Round(runaway.MaxCellMv, 1), "mV", "< 3800", $"half a simulated day, --converter ignore --fault {RunawayFault}: highest true cell voltage");
            context.Record("sim.ignore_runaway_fet_opened", runaway.ChargeFetOpenedByFault, "times", ">= 1", $"the charge FET opened by a latched fault; faults {DefaultScenarioRun.Names(runaway.FaultsByName)}, alarms {DefaultScenarioRun.Names(runaway.AlarmsByName)}");
            context.Log.WriteLine($"  runaway wall {runaway.WallSeconds:0} s");
        }
    }
}
