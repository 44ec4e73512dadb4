using System;

namespace BatteryShift.Bench.Benchmarks
{
    /// <summary>The worst figures over the matrix's non-control cases, and the control's own.</summary>
    internal sealed class SocMatrixWorst
    {
        private double _rmse;
        private string _rmseWhere = string.Empty;
        private double _max;
        private string _maxWhere = string.Empty;
        private double _ratio;
        private string _ratioWhere = string.Empty;
        private double _capacity;
        private string _capacityWhere = string.Empty;
        private double _swingMargin = double.NegativeInfinity;
        private double _swing;
        private double _swingUnc;
        private string _swingWhere = string.Empty;
        private double _controlRmse;
        private double _controlMax;
        private int _misfitQuiet;
        private int _misfitCases;
        private int _controlReports;
        private double _coverage = double.PositiveInfinity;
        private string _coverageWhere = string.Empty;
        private double _coverageMeanUnc;
        private double _meanUnc;
        private string _meanUncWhere = string.Empty;
        private double _controlMeanUnc;

        public void Add(SocCase c, SocResult r)
        {
            if (c.Control)
            {
                _controlRmse = Math.Max(_controlRmse, r.WorstRmse);
                _controlMax = Math.Max(_controlMax, r.WorstMaxAfter2h);
                _controlReports += r.TableFitEvents;
                _controlMeanUnc = Math.Max(_controlMeanUnc, r.MeanUncertaintyPct);
                return;
            }

            _misfitCases++;
            if (r.TableFitEvents == 0)
            {
                _misfitQuiet++;
            }

            Keep(ref _rmse, ref _rmseWhere, r.WorstRmse, c.Name);
            Keep(ref _max, ref _maxWhere, r.WorstMaxAfter2h, c.Name + ": " + r.MaxWhere);
            Keep(ref _ratio, ref _ratioWhere, r.WorstRmse / r.BaselineRmse, c.Name);
            Keep(ref _capacity, ref _capacityWhere, r.CapacityErrorPct, c.Name);
            if (r.CoveragePct < _coverage)
            {
                _coverage = r.CoveragePct;
                _coverageWhere = c.Name;
                _coverageMeanUnc = r.MeanUncertaintyPct;
            }

            Keep(ref _meanUnc, ref _meanUncWhere, r.MeanUncertaintyPct, c.Name);
            if (r.StartupSwingPct - r.StartupUncertaintyPct > _swingMargin)
            {
                _swingMargin = r.StartupSwingPct - r.StartupUncertaintyPct;
                _swing = r.StartupSwingPct;
                _swingUnc = r.StartupUncertaintyPct;
                _swingWhere = c.Name;
            }
        }

        public void Record(BenchContext context, string scenario)
        {
            context.Record("soc.rmse_pct", _rmse, "%", "<= 1", $"worst over the matrix (curves not the firmware's x fresh/aged x guess +-20 %), module and cells; at {_rmseWhere}; {scenario}");
            context.Record("soc.max_error_pct", _max, "%", "<= 3", $"after the first 2 h, worst over the matrix: {_maxWhere}");
            context.Record("soc.vs_coulomb_ratio", _ratio, "", "<= 0.5", $"estimator rmse / coulomb-counting rmse (same run, same start, same current-sensor errors, clamped 0..100 %), worst over the matrix at {_ratioWhere}");
            context.Record("soh.capacity_error_pct", _capacity, "%", "<= 2", $"module (weakest cell) capacity at the end, worst over the matrix at {_capacityWhere}");
            context.Record("soc.startup_swing_pct", _swing, "%", "<= soc.startup_uncertainty_pct", $"largest change of the published SOC in the first hour after the start guess, measured from the guess as entered, not explained by the counted charge, in the case closest to its bound ({_swingWhere})");
            context.Record("soc.startup_uncertainty_pct", _swingUnc, "%", "", $"the SOC uncertainty published with the guess ({_swingWhere})");
            context.Record("soc.uncertainty_coverage_pct", _coverage, "%", ">= 95", $"share of the scored seconds in which the module SOC's error was within twice its published standard uncertainty (soc_unc_pct), worst over the matrix at {_coverageWhere} (its mean published uncertainty {_coverageMeanUnc:0.00} %)");
            context.Record("soc.uncertainty_mean_pct", _meanUnc, "%", "", $"the published standard uncertainty (soc_unc_pct) averaged over the scored seconds, the widest case of the matrix ({_meanUncWhere}): what the coverage costs in how much a user can trust; the control's widest {_controlMeanUnc:0.00} %");
            context.Record("soc.table_fit_quiet_cases", _misfitQuiet, "", "0", $"cases of the {_misfitCases} with cells off the firmware's table in which no table-fit report fired; the control's reports: {_controlReports}");
            context.Record("soc.control_rmse_pct", _controlRmse, "%", "", $"CONTROL: cells following the firmware's own table (fresh and aged, guess +-20 %), worst; max after 2 h {_controlMax:0.00} %");
        }

        private static void Keep(ref double worst, ref string where, double value, string name)
        {
            if (value > worst || where.Length == 0)
            {
                worst = value;
                where = name;
            }
        }
    }
}
