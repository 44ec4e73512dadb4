using System;
using System.Diagnostics;
using BatteryShift.Bench.Balancing;
using BatteryShift.Bms.Balancing;
using BatteryShift.Bms.Config;
using BatteryShift.Hal.Simulation;
using BatteryShift.Harness;

namespace BatteryShift.Bench.Benchmarks
{
    /// <summary>
    /// Balancing against the physical limit (issue 6), through the whole core: the unmodified BmsCore on the virtual
    /// module (realistic front end after the bring-up calibration, measurement with its bleed-off phase, protection,
    /// the state machine, the estimator's per-cell charge to full and its voltage intervals, balancing, outputs).
    /// 16 x 280 Ah cells (the simulation's LF280K defaults: capacity, resistance and self-discharge spread), 100 mA
    /// bleed (33 Ohm), an initial SOC spread of 5 %, 60 days of the daily ESS cycle, for the charge-based and the
    /// voltage-based strategy. Efficiency = ideal time (largest surplus less 0.5 % of the weakest cell, at the
    /// measured mean bleed current, every bleeder free) over the time until the SOC spread at top of charge is
    /// under 0.5 %, both from the module's truth. An extra row runs the balancing stage alone fed the true charge
    /// to full (a perfect estimator), for comparison.
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
            Result charge = RunCore(context, BalancingMode.Charge, days);
            Result voltage = RunCore(context, BalancingMode.VoltageTop, days);
            Result stage = RunStage(context, days);
            string cond = $"{days} d of the daily ESS cycle (charge 70 A from 09:00 to the top, highest cell 3.55 V, discharge 50 A from 18:00 up to 200 Ah), seed {Seed}, physics step {StepSeconds} s, tick {TickMs} ms; whole core, realistic front end on the {AdcChoice.Describe(AdcChoice.FromEnvironment())} after the bring-up calibration, the firmware's estimator";

            context.Record("bal.efficiency", charge.EfficiencyToTarget, "ratio", ">= 0.8", $"charge-based: ideal {charge.IdealToTargetH:F1} h (largest surplus {charge.MaxSurplusAh:F2} Ah less 0.5 % of the weakest cell, at the measured mean bleed current {charge.BleedA * 1000:F1} mA) / actual {Hours(charge.ConvergedH)}; with the whole surplus as ideal ({charge.IdealH:F1} h) {charge.Efficiency:F3}; {cond}; {charge.WallS:F0} s wall");
            context.Record("bal.efficiency_voltage", voltage.EfficiencyToTarget, "ratio", "", $"voltage-based top balancing, same scenario: ideal {voltage.IdealToTargetH:F1} h / actual {Hours(voltage.ConvergedH)}; with the whole surplus as ideal {voltage.Efficiency:F3}; {voltage.WallS:F0} s wall");
            context.Record("bal.efficiency_stage_true_charge", stage.EfficiencyToTarget, "ratio", "", $"extra: the balancing stage alone (charge-based), fed sensed cell voltages and the true charge to full (a perfect estimator), same cells and cycle: actual {Hours(stage.ConvergedH)}; not the system");
            context.Record("bal.lowest_bled_pct", charge.LowestBledPct, "%", "0", $"charge-based: ticks in which the truly lowest cell (furthest from full) was bled, {charge.LowestBledTicks} of {charge.Ticks} ({charge.LowestBledTicksBeforeConverged} before the spread first fell under 0.5 %); voltage-based {voltage.LowestBledPct:F3} % ({voltage.LowestBledTicks} ticks, {voltage.LowestBledTicksBeforeConverged} before it converged)");
            context.Record("bal.capacity_gap_pct", charge.CapacityGapPct, "%", "<= 0.5", $"charge-based, at the end: usable {charge.UsableAh:F2} Ah (to the first full plus to the first empty cell) vs weakest cell {charge.WeakestAh:F2} Ah; voltage-based {voltage.CapacityGapPct:F3} %");
            context.Record("bal.spread_end_pct", charge.EndSpreadPct, "%", "< 0.5", $"charge-based, SOC spread at top of charge at the end (charge to full, % of the weakest cell), from {charge.StartSpreadPct:F2} %; voltage-based {voltage.EndSpreadPct:F3} %");
            context.Record("bal.board_peak_c", charge.PeakBoardC, "C", "", $"charge-based, ambient 25 C; voltage-based {voltage.PeakBoardC:F1} C");
            context.Record("bal.energy_bled_wh", charge.BledWh, "Wh", "", $"charge-based, {charge.BledAh:F2} Ah bled; voltage-based {voltage.BledWh:F1} Wh ({voltage.BledAh:F2} Ah)");
            context.Record("bal.surplus_wh", charge.NeededAh * charge.BledWh / Math.Max(1e-9, charge.BledAh), "Wh", "", $"the least a balancer knowing every cell's self-discharge in advance must bleed to end in the same balance as the charge-based run: {charge.NeededAh:F2} Ah (initial surplus {charge.InitialSurplusSumAh:F2} Ah)");
            context.Record("bal.bled_vs_surplus", charge.BledAh / charge.NeededAh, "ratio", "", $"charge-based bled / least needed; voltage-based {voltage.BledAh / voltage.NeededAh:F3} ({voltage.NeededAh:F2} Ah needed)");
        }

        private static string Hours(double h) => double.IsNaN(h) ? "not converged" : $"{h:F1} h";

        private static Result RunCore(BenchContext context, int mode, int days)
        {
            var sw = Stopwatch.StartNew();
            var options = AdcChoice.Apply(new SimulationOptions { Seed = Seed, StepSeconds = StepSeconds, InitialSocSpreadPct = 0, Errors = FrontEndErrors.Realistic }, AdcChoice.FromEnvironment());
            var config = new BmsConfig();
            config.TrySet(ModuleKeys.TickPeriodMs, TickMs);
            config.TrySet(BalancingKeys.Mode, mode);
            var runner = new VirtualModuleRunner(options, config);
            BringUpCalibration.Run(runner);

            // 5 % spread, evenly over the cells in a scrambled order, around 40 %
            for (int i = 0; i < 16; i++)
            {
                runner.Module.SetCellSoc(i, 0.40 + (0.05 * ((i * 7) % 16) / 15));
            }

            var cycle = new EssDailyCycle(runner.Truth);
            runner.Module.Load = cycle;
            var view = new TruthView(runner.Truth);
            var r = new Result();
            double startS = runner.Truth.TimeSeconds;
            double bleederOnS = 0;
            runner.AfterTick.Add(x =>
            {
                ModuleTruth truth = x.Truth;
                r.Ticks++;
                int lowest = view.Lowest();
                if ((truth.BleedMask & (1 << lowest)) != 0)
                {
                    r.LowestBledTicks++;
                    if (double.IsNaN(r.ConvergedH))
                    {
                        r.LowestBledTicksBeforeConverged++;
                    }
                }

                for (int i = 0; i < 16; i++)
                {
                    if (truth.BleedCurrentA[i] > 0)
                    {
                        bleederOnS += TickMs / 1000.0;
                    }
                }

                r.PeakBoardC = Math.Max(r.PeakBoardC, truth.BoardTemperatureC);
                if (double.IsNaN(r.ConvergedH) && view.SpreadAtTopPct() < 0.5)
                {
                    r.ConvergedH = (truth.TimeSeconds - startS) / 3600.0;
                }
            });

            r.ConvergedH = double.NaN;
            Begin(r, view);
            for (int h = 0; h < days * 24; h++)
            {
                runner.RunSeconds(3600);
            }

            double bledAh = 0;
            for (int i = 0; i < 16; i++)
            {
                bledAh += runner.Truth.BledAh[i];
            }

            End(r, view, runner.Truth.BleedEnergyWh, bleederOnS / 3600.0);
            r.WallS = sw.Elapsed.TotalSeconds;
            context.Log.WriteLine($"  core, mode {mode}: start spread {r.StartSpreadPct:F2} %, converged {Hours(r.ConvergedH)}, end spread {r.EndSpreadPct:F3} %, tops {cycle.TopsOfCharge}, lowest bled {r.LowestBledTicks} ticks ({r.LowestBledTicksBeforeConverged} before converged), bled {bledAh:F2} Ah, restarts {runner.RestartCount}, faults 0x{runner.Core.Status.FaultMask:X}, {r.WallS:F0} s wall");
            return r;
        }

        private static Result RunStage(BenchContext context, int days)
        {
            var sw = Stopwatch.StartNew();
            var s = new BalancingScenario(BalancingMode.Charge, Seed, StepSeconds, TickMs);
            var view = new TruthView(s.Truth);
            var r = new Result { ConvergedH = double.NaN };
            Begin(r, view);
            long ticks = (long)days * 86400L * 1000L / TickMs;
            double bleederOnH = 0;
            for (long t = 0; t < ticks; t++)
            {
                s.Step();
                var truth = s.Truth;
                for (int i = 0; i < 16; i++)
                {
                    if (truth.BleedCurrentA[i] > 0)
                    {
                        bleederOnH += TickMs / 3600000.0;
                    }
                }

                r.Ticks++;
                if ((truth.BleedMask & (1 << view.Lowest())) != 0)
                {
                    r.LowestBledTicks++;
                }

                r.PeakBoardC = Math.Max(r.PeakBoardC, truth.BoardTemperatureC);
                if (double.IsNaN(r.ConvergedH) && view.SpreadAtTopPct() < 0.5)
                {
                    r.ConvergedH = truth.TimeSeconds / 3600.0;
                }
            }

            End(r, view, s.Truth.BleedEnergyWh, bleederOnH);
            r.WallS = sw.Elapsed.TotalSeconds;
            context.Log.WriteLine($"  stage alone, true charge: start spread {r.StartSpreadPct:F2} %, converged {Hours(r.ConvergedH)}, end spread {r.EndSpreadPct:F3} %, {r.WallS:F0} s wall");
            return r;
        }

        private static void Begin(Result r, TruthView view)
        {
            var surplus = new double[16];
            view.Surplus(surplus);
            for (int i = 0; i < 16; i++)
            {
                r.InitialSurplusSumAh += surplus[i];
                r.MaxSurplusAh = Math.Max(r.MaxSurplusAh, surplus[i]);
            }

            r.WeakestAh = view.WeakestAh();
            r.StartSpreadPct = view.SpreadAtTopPct();
        }

        private static void End(Result r, TruthView view, double bledWh, double bleederOnH)
        {
            var truth = view.Truth;
            for (int i = 0; i < 16; i++)
            {
                r.BledAh += truth.BledAh[i];
            }

            var surplus = new double[16];
            view.Surplus(surplus);
            double endSurplusSumAh = 0;
            for (int i = 0; i < 16; i++)
            {
                endSurplusSumAh += surplus[i];
            }

            // without any bleeding each cell would now be closer to full by what was bled from it; the least
            // bleeding that brings every cell level with the one then furthest from full is the sum of the
            // differences (less the surplus still left at the end)
            double furthestNaturalAh = double.MinValue;
            for (int i = 0; i < 16; i++)
            {
                furthestNaturalAh = Math.Max(furthestNaturalAh, view.ChargeToFullAh(i) - truth.BledAh[i]);
            }

            for (int i = 0; i < 16; i++)
            {
                r.NeededAh += furthestNaturalAh - (view.ChargeToFullAh(i) - truth.BledAh[i]);
            }

            r.NeededAh -= endSurplusSumAh;
            r.BleedA = bleederOnH > 0 ? r.BledAh / bleederOnH : 3.3 / 33.14;
            r.IdealH = r.MaxSurplusAh / r.BleedA;
            r.IdealToTargetH = (r.MaxSurplusAh - (0.005 * r.WeakestAh)) / r.BleedA;
            r.Efficiency = double.IsNaN(r.ConvergedH) ? 0 : r.IdealH / r.ConvergedH;
            r.EfficiencyToTarget = double.IsNaN(r.ConvergedH) ? 0 : r.IdealToTargetH / r.ConvergedH;
            r.EndSpreadPct = view.SpreadAtTopPct();
            r.UsableAh = view.UsableAh();
            r.CapacityGapPct = (r.WeakestAh - r.UsableAh) / r.WeakestAh * 100.0;
            r.BledWh = bledWh;
            r.LowestBledPct = 100.0 * r.LowestBledTicks / Math.Max(1, r.Ticks);
        }

        /// <summary>Figures of the module's truth the benchmark is judged by.</summary>
        private sealed class TruthView
        {
            public TruthView(ModuleTruth truth)
            {
                Truth = truth;
            }

            public ModuleTruth Truth { get; }

            public double ChargeToFullAh(int cell) => (1.0 - Truth.Soc[cell]) * Truth.CapacityAh[cell];

            public double WeakestAh()
            {
                double cap = double.MaxValue;
                for (int i = 0; i < Truth.CellCount; i++)
                {
                    cap = Math.Min(cap, Truth.CapacityAh[i]);
                }

                return cap;
            }

            /// <summary>The cell furthest from full.</summary>
            public int Lowest()
            {
                int lowest = 0;
                for (int i = 1; i < Truth.CellCount; i++)
                {
                    if (ChargeToFullAh(i) > ChargeToFullAh(lowest))
                    {
                        lowest = i;
                    }
                }

                return lowest;
            }

            /// <summary>The SOC spread at the top of charge: spread of charge to full, % of the weakest cell.</summary>
            public double SpreadAtTopPct()
            {
                double min = double.MaxValue;
                double max = double.MinValue;
                for (int i = 0; i < Truth.CellCount; i++)
                {
                    double q = ChargeToFullAh(i);
                    min = Math.Min(min, q);
                    max = Math.Max(max, q);
                }

                return (max - min) / WeakestAh() * 100.0;
            }

            public int Surplus(double[] surplusAh)
            {
                int lowest = Lowest();
                for (int i = 0; i < Truth.CellCount; i++)
                {
                    surplusAh[i] = ChargeToFullAh(lowest) - ChargeToFullAh(i);
                }

                return lowest;
            }

            /// <summary>Usable module capacity now: charge to the first full cell plus charge to the first empty cell, Ah.</summary>
            public double UsableAh()
            {
                double up = double.MaxValue;
                double down = double.MaxValue;
                for (int i = 0; i < Truth.CellCount; i++)
                {
                    up = Math.Min(up, ChargeToFullAh(i));
                    down = Math.Min(down, Truth.Soc[i] * Truth.CapacityAh[i]);
                }

                return up + down;
            }
        }

        private sealed class Result
        {
            public double MaxSurplusAh;
            public double InitialSurplusSumAh;
            public double NeededAh;
            public double WeakestAh;
            public double StartSpreadPct;
            public double ConvergedH = double.NaN;
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
            public long Ticks;
            public long LowestBledTicks;
            public long LowestBledTicksBeforeConverged;
            public double LowestBledPct;
            public double WallS;
        }
    }
}
