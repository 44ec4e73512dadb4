using System;
using BatteryShift.Bms.Estimation;
using BatteryShift.Hal.Simulation;
using BatteryShift.Harness;

namespace BatteryShift.Bench.Benchmarks
{
    /// <summary>
    /// Beside the SOC matrix, which runs the firmware on its default table: what telling the firmware the cells' curve
    /// buys (docs/ocv-curves.md, "Choosing the curve").
    /// </summary>
    internal static class SocToldCurve
    {
        // beside the matrix (which runs the firmware on its default table): the Prada cases again with the firmware told
        // the cells' curve (ocv use prada), the curve whose bottom knee is furthest from the default, once with the
        // estimator's table allowances as they are and once trusting the curve as measured on these cells (soc.shift 0);
        // the aged rows' cells still age away from the fresh curve the firmware is told
        internal static void Record(BenchContext context, System.Collections.Generic.List<SocCase> cases, double days, ulong seed, AdcGrade adc, int parallel)
        {
            var told = cases.FindAll(c => c.Curve == "prada2013-afshar-chen");
            if (told.Count == 0)
            {
                return;
            }

            var results = new SocResult[2 * told.Count];
            System.Threading.Tasks.Parallel.For(0, results.Length, new System.Threading.Tasks.ParallelOptions { MaxDegreeOfParallelism = parallel }, k =>
            {
                SocCase c = told[k % told.Count];
                results[k] = SocBenchmark.RunScenario(c.Cells, days, seed, c.GuessPct, measureCost: false, adc, OcvCurves.Prada, k < told.Count ? -1 : 0);
            });

            RecordTold(context, "told_curve", "with the estimator's table allowances as configured", told, results, 0);
            RecordTold(context, "told_trusted", "and trusted as measured on these cells (soc.shift 0, which also drops the 30 mV level allowance)", told, results, told.Count);
        }

        private static void RecordTold(BenchContext context, string row, string variant, System.Collections.Generic.List<SocCase> told, SocResult[] results, int first)
        {
            double worstRmse = 0.0;
            double worstCapacity = 0.0;
            var each = new System.Text.StringBuilder();
            for (int k = 0; k < told.Count; k++)
            {
                SocResult r = results[first + k];
                context.Log.WriteLine($"  {row}, {told[k].Name}: rmse {r.WorstRmse:0.00} % ({r.WorstName}), max {r.WorstMaxAfter2h:0.00} %, coulomb rmse {r.BaselineRmse:0.00} %, capacity {r.CapacityErrorPct:0.00} % ({r.CapacityNote}), within 2 x uncertainty {r.CoveragePct:0.0} % (mean uncertainty {r.MeanUncertaintyPct:0.00} %)");
                each.Append($"; {told[k].Name} rmse {r.WorstRmse:0.00} %, capacity {r.CapacityErrorPct:0.00} %, coverage {r.CoveragePct:0.0} % (mean uncertainty {r.MeanUncertaintyPct:0.0} %)");
                worstRmse = Math.Max(worstRmse, r.WorstRmse);
                worstCapacity = Math.Max(worstCapacity, r.CapacityErrorPct);
            }

            string how = $"the {told.Count} Prada cases of the matrix with the firmware told the cells' curve (ocv use prada) {variant}; same duty, seed, ADC and sensor errors (on the default table: the soc.case.prada2013-afshar-chen rows), worst";
            context.Record($"soc.{row}_rmse_pct", worstRmse, "%", "", how + each);
            context.Record($"soh.{row}_capacity_error_pct", worstCapacity, "%", "", how);
        }
    }
}
