using System;
using System.Diagnostics;
using System.IO;
using BatteryShift.Bms;
using BatteryShift.Bms.Config;
using BatteryShift.Bms.Estimation;
using BatteryShift.Hal;
using BatteryShift.Hal.Simulation;
using BatteryShift.Harness;

namespace BatteryShift.Bench.Benchmarks
{
    /// <summary>
    /// State-of-charge and health estimation against the simulation's truth, through the real pipeline: the virtual
    /// module's pins and ADC counts, the core's measurement stage, then the estimator (BmsCore.Tick unmodified).
    /// Scenario: up to 30 simulated days (14 per matrix case in a full run, 3 quick) of ESS duty starting at 21:00 after an evening discharge: nightly CC/CV grid
    /// charge to 3.40 V/cell and two daily peak-shaving discharges (<see cref="PeakShavingProfile"/>), every
    /// seventh night a short charge (a partial cycle), a backup event on day 12 (a 100 A discharge from 10:00 until
    /// the inverter's 3.0 V/cell cut-off, which also ends any other discharge), and two idle days (20 and 21). 16 cells with the simulation's spread,
    /// the ESP32 ADC <see cref="AdcChoice"/> picks (the worst-case model unless BATTERYSHIFT_ADC says otherwise), a board commissioned like every board in the project (the harness's
    /// <see cref="BringUpCalibration"/>: two multimeter points per cell in service), a 1 s control tick, a
    /// current-sensor error of exactly +0.5 % gain and +0.1 A offset on the sensed current
    /// (<see cref="VirtualModule.SetCurrentSensorError"/>, at the amplifier input, set after commissioning and so
    /// after the core's last auto-zero), and an initial SOC guess 20 % above or below the truth.
    /// The coulomb-counting-only baseline integrates the same measured current from the same wrong start with the
    /// same FET gating and efficiency, clamped to 0..100 %, in the same run.
    /// The scenario runs once per case of <see cref="SocMatrix"/>: each published LFP curve the firmware does not carry,
    /// fresh and aged, each guess; the cells on the firmware's own table are a labelled control. The cases run two at a
    /// time (BATTERYSHIFT_SOC_PARALLEL); BATTERYSHIFT_SOC_CURVES narrows the curves, BATTERYSHIFT_SOC_DAYS the length.
    /// </summary>
    public sealed class SocBenchmark : IBenchmark
    {
        private const double StartHour = 21.0;

        // one control tick a second keeps 30 simulated days (twice) within minutes on a shared 2-core host;
        // the estimator's filter runs once a second at any tick period (EstimationKeys.FilterPeriodMs)
        private const int TickMs = 1000;

        // the issue's current-sensor error: +0.5 % gain, +0.1 A offset
        private const double SensorGainError = 0.005;
        private const double SensorOffsetA = 0.1;

        public string Name => "soc";

        public void Run(BenchContext context)
        {
            var inv = System.Globalization.CultureInfo.InvariantCulture;
            double days = Environment.GetEnvironmentVariable("BATTERYSHIFT_SOC_DAYS") is string d ? double.Parse(d, inv) : (context.Quick ? 3 : 14);
            ulong seed = Environment.GetEnvironmentVariable("BATTERYSHIFT_SOC_SEED") is string sd ? ulong.Parse(sd, inv) : 5;
            AdcGrade adc = AdcChoice.FromEnvironment();
            var worst = new SocMatrixWorst();
            string scen = $"{days:0} days ESS duty from 21:00 per cell of the matrix, seed {seed}, 16 cells with spread, {AdcChoice.Describe(adc)}, bring-up calibration (two points per cell), current sensor +0.5 % gain and +0.1 A offset after commissioning";
            var cases = new System.Collections.Generic.List<SocCase>(SocMatrix.Cases(Environment.GetEnvironmentVariable("BATTERYSHIFT_SOC_CURVES")));
            var results = new SocResult[cases.Count];
            var walls = new double[cases.Count];
            int parallel = Environment.GetEnvironmentVariable("BATTERYSHIFT_SOC_PARALLEL") is string pl ? int.Parse(pl, inv) : 2;
            System.Threading.Tasks.Parallel.For(0, cases.Count, new System.Threading.Tasks.ParallelOptions { MaxDegreeOfParallelism = parallel }, k =>
            {
                var wall = Stopwatch.StartNew();
                results[k] = RunScenario(cases[k].Cells, days, seed, cases[k].GuessPct, measureCost: k == 0, adc);
                walls[k] = wall.Elapsed.TotalSeconds;
            });

            for (int k = 0; k < cases.Count; k++)
            {
                SocCase c = cases[k];
                SocResult r = results[k];
                context.Log.WriteLine($"  {c.Name}: {walls[k]:0} s wall; rmse {r.WorstRmse:0.00} % ({r.WorstName}), max {r.WorstMaxAfter2h:0.00} % ({r.MaxWhere}), coulomb rmse {r.BaselineRmse:0.00} %, capacity {r.CapacityErrorPct:0.00} % ({r.CapacityNote}), swing {r.StartupSwingPct:0.00} % vs uncertainty {r.StartupUncertaintyPct:0.00} %, within 2 x uncertainty {r.CoveragePct:0.0} % of the time (mean uncertainty {r.MeanUncertaintyPct:0.00} %), table-fit reports {r.TableFitEvents}");
                context.Record("soc.case." + c.Name + ".rmse_pct", r.WorstRmse, "%", c.Control ? "" : "<= 1", $"{(c.Control ? "CONTROL (cells follow the firmware's own table), " : string.Empty)}worst of module and cells ({r.WorstName}); max after 2 h {r.WorstMaxAfter2h:0.00} % ({r.MaxWhere}); coulomb counting rmse {r.BaselineRmse:0.00} % (ratio {r.WorstRmse / r.BaselineRmse:0.000}); capacity error {r.CapacityErrorPct:0.00} %; start-up swing {r.StartupSwingPct:0.00} % (published uncertainty {r.StartupUncertaintyPct:0.00} %); table-fit reports {r.TableFitEvents}; cells: {c.Source}");
                if (k == 0)
                {
                    context.Record("soc.tick_ns", r.TickNs, "ns", "", $"SocEstimator.Tick on the host, mean over {r.CostTicks} ticks of 1 s (so the 16-cell filter runs every tick), max {r.TickMaxNs:0} ns, case {c.Name}, other cases running alongside", wallClock: true);
                    context.Record("soc.tick_alloc_bytes", r.TickAllocBytes, "bytes", "0", $"per tick, mean over the run after 1000 warm-up ticks; {r.AllocTicks} ticks allocated anything (largest {r.AllocWorstBytes} B at {r.AllocWorstHour:0.0} h), case {c.Name}");
                }

                worst.Add(c, r);
            }

            worst.Record(context, scen);
            SocToldCurve.Record(context, cases, days, seed, adc, parallel);
        }

        private static TextWriter? CellTrace => Environment.GetEnvironmentVariable("BATTERYSHIFT_SOC_TRACE") == "2" ? Console.Error : null;

        private static double CellTraceHours => double.TryParse(Environment.GetEnvironmentVariable("BATTERYSHIFT_SOC_TRACE_HOURS"), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double h) ? h : 30;

        private static TextWriter? Trace => Environment.GetEnvironmentVariable("BATTERYSHIFT_SOC_TRACE") == "1" ? Console.Error : null;

        internal static SocResult RunScenario(CellParameters cells, double days, ulong seed, double guessOffset, bool measureCost, AdcGrade adc = AdcGrade.Typical, int firmwareCurve = OcvCurves.Bpx, int tableShiftPct = -1)
        {
            var profile = new MonthOfEssDuty(StartHour * 3600.0);
            var options = new SimulationOptions
            {
                Seed = seed,
                StepSeconds = 0.2,
                InitialSocPct = 25.0,
                InitialHysteresis = -1.0,
                Cell = cells,
                Load = profile,
            };
            AdcChoice.Apply(options, adc);

            // the current sensor's error is the issue's, exactly (set below); the board's own drawn amplifier
            // tolerances would add a random one
            options.Board.CurrentAmpGainErrorPct = 0.0;
            options.Board.CurrentAmpOffsetV = 0.0;
            var config = new BmsConfig();
            config.TrySet(ModuleKeys.TickPeriodMs, TickMs);
            if (tableShiftPct >= 0)
            {
                config.TrySet(EstimationKeys.TableShiftPct, tableShiftPct);
            }
            var runner = new VirtualModuleRunner(options, config);
            VirtualModule module = runner.Module;
            runner.Start();
            ModuleTruth truth = module.Truth;
            int n = truth.CellCount;

            // commissioning as everywhere in the project: the bring-up calibration (service on, two multimeter
            // points per cell, service off); the core auto-zeroes the current sensor while the FETs are open
            BringUpCalibration.Run(runner);

            // the calibration's second point moved the simulated cells to another SOC and back; ten minutes at rest
            // let them (and the core's low-passed readings) settle before the scored run begins
            runner.RunSeconds(600);

            // then the sensor's error: (1 + 0.5 %) x true + 0.1 A at the amplifier input, after the last auto-zero,
            // so the firmware sees all of it
            module.SetCurrentSensorError(SensorGainError, SensorOffsetA);
            BmsCore core = runner.Core;
            if (firmwareCurve != OcvCurves.Bpx && core.Estimator.SelectCurve(firmwareCurve) != 0)
            {
                throw new InvalidOperationException("the firmware refused curve " + firmwareCurve);
            }

            double ratedAh = config.Get(ModuleKeys.CellCapacityMah) / 1000.0;
            double guess = Math.Clamp(truth.ModuleSocPct + guessOffset, 0.0, 100.0);
            core.Estimator.SetSoc((float)guess);
            var t = new SocTally(n) { BaselineAh = guess / 100.0 * ratedAh };

            // the start-up swing is measured from the guess as entered, with the uncertainty the estimator holds for it,
            // so that whatever the first filter steps make of the guess counts as swing
            t.StartSocPct = guess;
            double efficiency = config.Get(EstimationKeys.CoulombicEfficiencyE4) / 10000.0;

            var shadow = measureCost ? new SocEstimator(config, null) : null;
            var shadowStatus = new ModuleStatus();
            shadow?.SetSoc((float)guess);

            var r = new SocResult { StartupUncertaintyPct = 100.0 * core.Estimator.Filter.SocUncertainty(0) };
            int tickMs = config.Get(ModuleKeys.TickPeriodMs);
            long total = (long)(days * 86400.0 * 1000.0 / tickMs);
            ModuleStatus s = core.Status;
            long startMs = module.TimeMicroseconds / 1000;

            for (long k = 0; k < total; k++)
            {
                runner.Step();
                if (!ReferenceEquals(core, runner.Core))
                {
                    throw new InvalidOperationException("the board reset during the SOC run");
                }

                MeasureCost(shadow, s, shadowStatus, r, t, k, tickMs);
                double measuredA = Account(s, truth, t, efficiency, ratedAh, tickMs);
                long nowMs = (module.TimeMicroseconds / 1000) - startMs;
                if (nowMs < t.NextScoreMs)
                {
                    continue;
                }

                t.NextScoreMs = nowMs + 1000;
                Startup(s, t, r, nowMs, ratedAh);
                double trueModule = Score(s, truth, t, r, nowMs, ratedAh);
                TraceCells(s, truth, core, nowMs);
                TraceWorst(s, truth, core, t, nowMs, measuredA, trueModule, ratedAh);
            }

            Finish(s, truth, core, t, r, ratedAh);
            return r;
        }

        // the estimator's cost per tick, on a shadow copy fed the same inputs
        private static void MeasureCost(SocEstimator? shadow, ModuleStatus s, ModuleStatus shadowStatus, SocResult r, SocTally t, long k, int tickMs)
        {
            if (shadow != null)
            {
                CopyInputs(s, shadowStatus);
                long a0 = GC.GetAllocatedBytesForCurrentThread();
                long t0 = Stopwatch.GetTimestamp();
                shadow.Tick(shadowStatus);
                long dt = Stopwatch.GetTimestamp() - t0;
                long allocated = GC.GetAllocatedBytesForCurrentThread() - a0;
                double ns = dt * 1e9 / Stopwatch.Frequency;
                if (k > 1000)
                {
                    // after warm-up (the runtime's tiered compilation allocates on first calls)
                    t.AllocTotal += allocated;
                    if (allocated > 0)
                    {
                        r.AllocTicks++;
                        if (allocated > r.AllocWorstBytes)
                        {
                            r.AllocWorstBytes = allocated;
                            r.AllocWorstHour = k * tickMs / 3600000.0;
                        }
                    }
                    r.TickNsSum += ns;
                    r.CostTicks++;
                    r.TickMaxNs = Math.Max(r.TickMaxNs, ns);
                }
            }
        }

        // coulomb counting alone as the baseline, the module's discharge, and the current reading against the truth
        private static double Account(ModuleStatus s, ModuleTruth truth, SocTally t, double efficiency, double ratedAh, int tickMs)
        {
            double measuredA = s.PackCurrentMa / 1000.0;
            bool flows = measuredA > 0 ? s.ChargeFetOn : s.DischargeFetOn;
            double dtH = tickMs / 3600000.0;
            if (flows && s.MeasurementValid)
            {
                t.BaselineAh += (measuredA > 0 ? efficiency : 1.0) * measuredA * dtH;
                t.CountedAh += (measuredA > 0 ? efficiency : 1.0) * measuredA * dtH;
                t.BaselineAh = Math.Clamp(t.BaselineAh, 0.0, ratedAh);
            }

            double trueA = truth.PackCurrentA;
            if (trueA < 0)
            {
                t.OutAh += -trueA * dtH;
            }

            if (s.MeasurementValid && s.ChargeFetOn && s.DischargeFetOn)
            {
                // the firmware's reading against the truth: a straight-line fit (sensor plus ADC error)
                t.FitN++;
                t.FitX += trueA;
                t.FitY += measuredA;
                t.FitXx += trueA * trueA;
                t.FitXy += trueA * measuredA;
                if (Math.Abs(trueA) < 0.001)
                {
                    t.RestSum += measuredA;
                    t.RestCount++;
                }
            }

            return measuredA;
        }

        // the first hour after the start guess: the published SOC's change not explained by the counted charge, and
        // the table-fit reports (rising edges of the status flag) all along
        private static void Startup(ModuleStatus s, SocTally t, SocResult r, long nowMs, double ratedAh)
        {
            if (s.OcvTableMisfit && !t.Misfit)
            {
                r.TableFitEvents++;
            }

            t.Misfit = s.OcvTableMisfit;
            if (nowMs <= 3600 * 1000L)
            {
                double explained = (t.CountedAh - t.StartCountAh) / ratedAh * 100.0;
                r.StartupSwingPct = Math.Max(r.StartupSwingPct, Math.Abs(s.SocPct - t.StartSocPct - explained));
            }
        }

        // one scored second: module and cells against the truth, and the baseline
        private static double Score(ModuleStatus s, ModuleTruth truth, SocTally t, SocResult r, long nowMs, double ratedAh)
        {
            int n = truth.CellCount;
            t.NextScoreMs = nowMs + 1000;
            double trueModule = truth.ModuleSocPct;
            double e = s.SocPct - trueModule;
            double eb = (t.BaselineAh / ratedAh * 100.0) - trueModule;
            t.ModuleSq += e * e;
            t.BaseSq += eb * eb;
            bool late = nowMs >= 2 * 3600 * 1000L;
            if (late)
            {
                Track(ref r.WorstMaxAfter2h, ref r.MaxWhere, e, "module", nowMs, trueModule);
                r.BaselineMaxAfter2h = Math.Max(r.BaselineMaxAfter2h, Math.Abs(eb));
            }

            for (int i = 0; i < n; i++)
            {
                double tc = truth.Soc[i] * 100.0;
                double ec = s.CellSocPct[i] - tc;
                t.CellSq[i] += ec * ec;
                double ebc = (t.BaselineAh / ratedAh * 100.0) - tc;
                t.BaseSq = Math.Max(t.BaseSq, 0);
                r.BaselineCellSq[i] += ebc * ebc;
                if (late)
                {
                    Track(ref r.WorstMaxAfter2h, ref r.MaxWhere, ec, "cell " + (i + 1), nowMs, tc);
                    r.BaselineMaxAfter2h = Math.Max(r.BaselineMaxAfter2h, Math.Abs(ebc));
                }
            }

            t.Samples++;
            t.UncertaintySum += s.SocUncertaintyPct;

            // the published uncertainty is a standard one: the truth lies within twice it about 95 % of the time
            if (Math.Abs(e) <= 2.0 * s.SocUncertaintyPct)
            {
                t.Covered++;
            }

            return trueModule;
        }

        private static void TraceCells(ModuleStatus s, ModuleTruth truth, BmsCore core, long nowMs)
        {
            int n = truth.CellCount;
            if (CellTrace != null && nowMs % 900000 < 1000 && nowMs < CellTraceHours * 3600000.0)
            {
                var line = new System.Text.StringBuilder();
                line.Append($"{nowMs / 3600000.0,6:0.00} h I {truth.PackCurrentA,6:0.0} st {s.State}:");
                for (int i = 0; i < n; i++)
                {
                    line.Append($" {s.CellSocPct[i] - (truth.Soc[i] * 100.0),5:+0.0;-0.0}");
                }

                line.Append($" | true {truth.Soc[0] * 100.0:0.0}..{truth.Soc[n - 1] * 100.0:0.0} h {core.Estimator.Filter.Hysteresis(0):0.00} | zv");
                for (int i = 0; i < n; i++)
                {
                    var f = core.Estimator.Filter;
                    line.Append($" {f.VoltageSoc(i) * 100:0}[{f.SocLow(i) * 100:0},{f.SocHigh(i) * 100:0}]");
                }

                line.Append(" | mV");
                for (int i = 0; i < n; i++)
                {
                    line.Append($" {s.CellVoltageMv[i] - (truth.CellVoltageV[i] * 1000.0):+0;-0}");
                }

                line.Append(" | soc");
                for (int i = 0; i < n; i++)
                {
                    line.Append($" {truth.Soc[i] * 100.0:0.0}");
                }

                line.Append(" | cap");
                for (int i = 0; i < n; i++)
                {
                    line.Append($" {truth.CapacityAh[i]:0.0}");
                }
                CellTrace.WriteLine(line.ToString());
            }
        }

        private static void TraceWorst(ModuleStatus s, ModuleTruth truth, BmsCore core, SocTally t, long nowMs, double measuredA, double trueModule, double ratedAh)
        {
            int n = truth.CellCount;
            if (Trace != null && nowMs % 1800000 < 1000)
            {
                int wc = 0;
                double we = 0;
                for (int i = 0; i < n; i++)
                {
                    double ec = s.CellSocPct[i] - (truth.Soc[i] * 100.0);
                    if (Math.Abs(ec) > Math.Abs(we))
                    {
                        we = ec;
                        wc = i;
                    }
                }

                Trace.WriteLine($"{nowMs / 3600000.0,6:0.0} h I {truth.PackCurrentA,7:0.0} meas {measuredA,7:0.00} module {s.SocPct,6:0.00}/{trueModule,6:0.00} base {t.BaselineAh / ratedAh * 100.0,6:0.00} worst cell {wc + 1} {s.CellSocPct[wc],6:0.00}/{truth.Soc[wc] * 100.0,6:0.00} v {s.CellVoltageMv[wc]}/{truth.CellVoltageV[wc] * 1000:0} sd {core.Estimator.Filter.SocUncertainty(wc) * 100:0.00} pub {s.SocUncertaintyPct:0.00} err {s.SocPct - trueModule:0.00} st {s.State}"
                    + $" {LearnedState(core.Estimator.Filter, wc, s.CellSocPct[wc])}");
            }
        }

        // the worst cell's capacity and last anchor, and the table fit's nodes (offset mV / weight)
        private static string LearnedState(CellSocFilter f, int wc, float socPct)
        {
            CapacityEstimator c = f.Capacity;
            return $"cap {c.CapacityMah(wc) / 1000:0.0}+-{c.UncertaintyMah(wc) / 1000:0.0} Ah"
                + $" anchor {c.AnchorSide(wc)} err {c.AnchorErrorSoc(wc) * 100:0.00} %"
                + $" fit {f.TableFit.Confidence(socPct / 100f):0.00} nodes {FitNodes(f.TableFit)}";
        }

        private static string FitNodes(OcvTableFit fit)
        {
            var b = new System.Text.StringBuilder();
            for (int k = 0; k < OcvTableFit.Nodes; k++)
            {
                b.Append($" {fit.NodeOffsetV(k) * 1000:+0;-0}/{fit.NodeWeight(k):0.0}");
            }

            return b.ToString();
        }

        private static void Finish(ModuleStatus s, ModuleTruth truth, BmsCore core, SocTally t, SocResult r, double ratedAh)
        {
            int n = truth.CellCount;
            r.ModuleRmse = Math.Sqrt(t.ModuleSq / t.Samples);
            r.WorstRmse = r.ModuleRmse;
            r.WorstName = "module";
            r.BaselineRmse = Math.Sqrt(t.BaseSq / t.Samples);
            r.CoveragePct = 100.0 * t.Covered / t.Samples;
            r.MeanUncertaintyPct = t.UncertaintySum / t.Samples;
            for (int i = 0; i < n; i++)
            {
                double c = Math.Sqrt(t.CellSq[i] / t.Samples);
                if (c > r.WorstRmse)
                {
                    r.WorstRmse = c;
                    r.WorstName = "cell " + (i + 1);
                }

                r.BaselineRmse = Math.Max(r.BaselineRmse, Math.Sqrt(r.BaselineCellSq[i] / t.Samples));
            }

            double trueMinCap = double.MaxValue;
            double worstCell = 0;
            int worstIndex = 0;
            for (int i = 0; i < n; i++)
            {
                trueMinCap = Math.Min(trueMinCap, truth.CapacityAh[i]);
                double est = core.Estimator.Filter.Capacity.CapacityMah(i) / 1000.0;
                double ce = Math.Abs(est - truth.CapacityAh[i]) / truth.CapacityAh[i] * 100.0;
                if (ce > worstCell)
                {
                    worstCell = ce;
                    worstIndex = i;
                }
            }

            double estMinCap = s.SohPct / 100.0 * ratedAh;
            r.CapacityErrorPct = Math.Abs(estMinCap - trueMinCap) / trueMinCap * 100.0;
            r.CapacityNote = $"estimated {estMinCap:0.0} Ah, true {trueMinCap:0.0} Ah; worst single cell {worstCell:0.00} % (cell {worstIndex + 1}, {core.Estimator.Filter.Capacity.Samples(worstIndex)} t.Samples)";
            r.FullCycles = t.OutAh / (trueMinCap > 0 ? trueMinCap : ratedAh);
            double den = (t.FitN * t.FitXx) - (t.FitX * t.FitX);
            double slope = den > 0 ? ((t.FitN * t.FitXy) - (t.FitX * t.FitY)) / den : double.NaN;
            r.EffectiveGainPct = (slope - 1.0) * 100.0;
            r.EffectiveOffsetA = t.FitN > 0 ? (t.FitY - (slope * t.FitX)) / t.FitN : double.NaN;
            r.RestReadingA = t.RestCount > 0 ? t.RestSum / t.RestCount : double.NaN;
            r.TickNs = r.CostTicks > 0 ? r.TickNsSum / r.CostTicks : 0;
            r.TickAllocBytes = r.CostTicks > 0 ? (double)t.AllocTotal / r.CostTicks : 0;
        }

        private static void Track(ref double max, ref string where, double e, string what, long nowMs, double truth)
        {
            if (Math.Abs(e) > max)
            {
                max = Math.Abs(e);
                where = $"{what} at {nowMs / 3600000.0:0.0} h, error {e:+0.00;-0.00} %, true {truth:0.0} %";
            }
        }

        private static void CopyInputs(ModuleStatus from, ModuleStatus to)
        {
            to.CellCount = from.CellCount;
            to.TimeMs = from.TimeMs;
            to.PackCurrentMa = from.PackCurrentMa;
            to.ModuleVoltageMv = from.ModuleVoltageMv;
            to.SumOfCellsMv = from.SumOfCellsMv;
            to.MeasurementValid = from.MeasurementValid;
            to.ChargeFetOn = from.ChargeFetOn;
            to.DischargeFetOn = from.DischargeFetOn;
            Array.Copy(from.CellVoltageMv, to.CellVoltageMv, from.CellVoltageMv.Length);
            Array.Copy(from.TemperatureDeciC, to.TemperatureDeciC, from.TemperatureDeciC.Length);
            Array.Copy(from.CellBledMas, to.CellBledMas, from.CellBledMas.Length);
        }


        /// <summary>The month of ESS duty described on the class, on a clock that starts at 21:00.</summary>
        private sealed class MonthOfEssDuty : LoadProfile
        {
            private readonly PeakShavingProfile _daily = new PeakShavingProfile();
            private readonly double _offsetS;
            private bool _backupDone;
            private int _cutWindow = -1;

            public MonthOfEssDuty(double offsetS)
            {
                _offsetS = offsetS;
            }

            public override double CurrentA(in PackView pack)
            {
                double t = pack.TimeSeconds + _offsetS;
                int day = (int)(t / 86400.0);
                double hour = t % 86400.0 / 3600.0;
                var shifted = new PackView(t, pack.CellCount, pack.TerminalVoltageV, pack.SourceVoltageV, pack.ResistanceOhm, pack.ChargeEnable, pack.DischargeEnable, pack.ChargerOvervoltageCellV);
                if (day == 20 || day == 21)
                {
                    return 0.0;
                }

                // the inverter's low-voltage cut-off (3.0 V/cell under load) ends any discharge for that window,
                // as a real installation keeps the module clear of its undervoltage protection
                int window = (day * 4) + (hour < 9 ? 1 : (hour < 17 ? 2 : 3));
                if (window == _cutWindow)
                {
                    return 0.0;
                }

                if (day == 12 && hour >= 10 && !_backupDone)
                {
                    if (pack.TerminalVoltageV < 3.0 * pack.CellCount || !pack.DischargeEnable)
                    {
                        _backupDone = true;
                        return 0.0;
                    }

                    return -100.0;
                }

                if (day % 7 == 3 && hour >= 2.5 && hour < 6)
                {
                    return 0.0;
                }

                double i = _daily.CurrentA(shifted);
                if (i < 0 && pack.TerminalVoltageV < 3.0 * pack.CellCount)
                {
                    _cutWindow = window;
                    return 0.0;
                }

                return i;
            }
        }
    }
}
