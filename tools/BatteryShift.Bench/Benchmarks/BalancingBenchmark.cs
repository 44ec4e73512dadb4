using System;
using System.Diagnostics;
using BatteryShift.Bench.Balancing;
using BatteryShift.Bms.Balancing;

namespace BatteryShift.Bench.Benchmarks
{
    /// <summary>
    /// Balancing against the physical limit (issue 6): 16 x 280 Ah cells, 5 % initial SOC spread plus the
    /// simulated self-discharge spread, 60 days of the daily ESS cycle, for the charge-based and the
    /// voltage-based strategy. Efficiency = ideal time (surplus / bleed current, every bleeder free) over the
    /// time until the SOC spread at top of charge is under 0.5 %.
    /// </summary>
    public sealed class BalancingBenchmark : IBenchmark
    {
        private const ulong Seed = 11;
        private const double StepSeconds = 1.0;
        private const int TickMs = 1000;

        public string Name => "bal";

        public void Run(BenchContext context)
        {
            int days = context.Quick ? 3 : 60;
            Result charge = RunOne(context, BalancingMode.Charge, days);
            Result voltage = RunOne(context, BalancingMode.VoltageTop, days);
            string cond = $"{days} d ESS cycle, seed {Seed}, physics step {StepSeconds} s, tick {TickMs} ms; balancing stage alone, fed sensed cell voltages and the true charge to full (a perfect estimator)";

            context.Record("bal.efficiency", charge.EfficiencyToTarget, "ratio", ">= 0.8", $"charge-based: ideal {charge.IdealToTargetH:F1} h (largest surplus {charge.MaxSurplusAh:F2} Ah less 0.5 % of the weakest cell, at the measured mean bleed current {charge.BleedA * 1000:F1} mA) / actual {Hours(charge.ConvergedH)}; with the whole surplus as ideal ({charge.IdealH:F1} h) {charge.Efficiency:F3}; {cond}");
            context.Record("bal.efficiency_voltage", voltage.EfficiencyToTarget, "ratio", "", $"voltage-based top balancing, same scenario: actual {Hours(voltage.ConvergedH)}; with the whole surplus as ideal {voltage.Efficiency:F3}");
            context.Record("bal.capacity_gap_pct", charge.CapacityGapPct, "%", "<= 0.5", $"charge-based, at the end: usable {charge.UsableAh:F2} Ah (to the first full plus to the first empty cell) vs weakest cell {charge.WeakestAh:F2} Ah; voltage-based {voltage.CapacityGapPct:F3} %");
            context.Record("bal.spread_end_pct", charge.EndSpreadPct, "%", "< 0.5", $"charge-based, SOC spread at top of charge at the end (charge to full, % of the weakest cell); voltage-based {voltage.EndSpreadPct:F3} %");
            context.Record("bal.board_peak_c", charge.PeakBoardC, "C", "", $"charge-based, ambient 25 C; voltage-based {voltage.PeakBoardC:F1} C");
            context.Record("bal.energy_bled_wh", charge.BledWh, "Wh", "", $"charge-based, {charge.BledAh:F2} Ah bled; voltage-based {voltage.BledWh:F1} Wh ({voltage.BledAh:F2} Ah)");
            context.Record("bal.surplus_wh", charge.NeededAh * charge.BledWh / charge.BledAh, "Wh", "", $"the least a balancer knowing every cell's self-discharge in advance must bleed to end in the same balance: {charge.NeededAh:F2} Ah (initial surplus {charge.InitialSurplusSumAh:F2} Ah)");
            context.Record("bal.bled_vs_surplus", charge.BledAh / charge.NeededAh, "ratio", "", $"charge-based bled / least needed; voltage-based {voltage.BledAh / voltage.NeededAh:F3} ({voltage.NeededAh:F2} Ah needed). Above 1: charge bled early from cells that later self-discharged below the others");
        }

        private static string Hours(double h) => double.IsNaN(h) ? "not converged" : $"{h:F1} h";

        private static Result RunOne(BenchContext context, int mode, int days)
        {
            var sw = Stopwatch.StartNew();
            var s = new BalancingScenario(mode, Seed, StepSeconds, TickMs);
            var r = new Result();
            var surplus = new double[16];
            int lowest0 = s.Surplus(surplus);
            for (int i = 0; i < 16; i++)
            {
                r.InitialSurplusSumAh += surplus[i];
                r.MaxSurplusAh = Math.Max(r.MaxSurplusAh, surplus[i]);
            }

            r.WeakestAh = s.WeakestAh();
            double startSpread = s.SpreadAtTopPct();
            r.ConvergedH = double.NaN;
            long ticks = (long)days * 86400L * 1000L / TickMs;
            double dtH = TickMs / 3600000.0;
            double bleederOnH = 0;
            for (long t = 0; t < ticks; t++)
            {
                s.Step();
                var truth = s.Truth;
                for (int i = 0; i < 16; i++)
                {
                    if (truth.BleedCurrentA[i] > 0)
                    {
                        bleederOnH += dtH;
                    }
                }

                r.PeakBoardC = Math.Max(r.PeakBoardC, truth.BoardTemperatureC);
                if (double.IsNaN(r.ConvergedH) && s.SpreadAtTopPct() < 0.5)
                {
                    r.ConvergedH = truth.TimeSeconds / 3600.0;
                }
            }

            var truthEnd = s.Truth;
            for (int i = 0; i < 16; i++)
            {
                r.BledAh += truthEnd.BledAh[i];
            }

            int lowestEnd = s.Surplus(surplus);
            for (int i = 0; i < 16; i++)
            {
                r.EndSurplusSumAh += surplus[i];
            }

            // without any bleeding each cell would now be closer to full by what was bled from it; the least
            // bleeding that brings every cell level with the one then furthest from full is the sum of the
            // differences (less the surplus still left at the end)
            double furthestNaturalAh = double.MinValue;
            for (int i = 0; i < 16; i++)
            {
                furthestNaturalAh = Math.Max(furthestNaturalAh, s.ChargeToFullAh(i) - truthEnd.BledAh[i]);
            }

            for (int i = 0; i < 16; i++)
            {
                r.NeededAh += furthestNaturalAh - (s.ChargeToFullAh(i) - truthEnd.BledAh[i]);
            }

            r.NeededAh -= r.EndSurplusSumAh;
            r.BleedA = bleederOnH > 0 ? r.BledAh / bleederOnH : 3.3 / 33.14;
            r.IdealH = r.MaxSurplusAh / r.BleedA;
            r.IdealToTargetH = (r.MaxSurplusAh - (0.005 * r.WeakestAh)) / r.BleedA;
            r.Efficiency = double.IsNaN(r.ConvergedH) ? 0 : r.IdealH / r.ConvergedH;
            r.EfficiencyToTarget = double.IsNaN(r.ConvergedH) ? 0 : r.IdealToTargetH / r.ConvergedH;
            r.EndSpreadPct = s.SpreadAtTopPct();
            r.UsableAh = s.UsableAh();
            r.CapacityGapPct = (r.WeakestAh - r.UsableAh) / r.WeakestAh * 100.0;
            r.BledWh = truthEnd.BleedEnergyWh;
            context.Log.WriteLine($"  mode {mode}: start spread {startSpread:F2} % (lowest cell {lowest0 + 1}, end {lowestEnd + 1}), converged {Hours(r.ConvergedH)}, end spread {r.EndSpreadPct:F3} %, tops {s.Cycle.TopsOfCharge}, decisions {s.Controller.DecisionCount}, {sw.Elapsed.TotalSeconds:F0} s wall");
            return r;
        }

        private sealed class Result
        {
            public double MaxSurplusAh;
            public double InitialSurplusSumAh;
            public double EndSurplusSumAh;
            public double NeededAh;
            public double WeakestAh;
            public double ConvergedH;
            public double BleedA;
            public double IdealH;
            public double IdealToTargetH;
            public double Efficiency;
            public double EfficiencyToTarget;
            public double EndSpreadPct;
            public double UsableAh;
            public double CapacityGapPct;
            public double PeakBoardC;
            public double BledAh;
            public double BledWh;
        }
    }
}
