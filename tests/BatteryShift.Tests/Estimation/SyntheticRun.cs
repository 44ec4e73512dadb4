using System;
using BatteryShift.Bms.Config;
using BatteryShift.Bms.Estimation;
using Xunit;

namespace BatteryShift.Tests.Estimation
{
    /// <summary>
    /// Drives a <see cref="SyntheticModule"/> through duty-cycle segments at a 200 ms tick with an
    /// estimator on its status, and keeps error statistics against the module's truth.
    /// </summary>
    internal sealed class SyntheticRun
    {
        public double DtS { get; set; } = 0.2;

        public SyntheticRun(SyntheticModule module, SocEstimator estimator)
        {
            Module = module;
            Estimator = estimator;
        }

        public SyntheticModule Module { get; }

        public SocEstimator Estimator { get; }

        public double TimeS { get; private set; }

        /// <summary>Errors are counted from this time on.</summary>
        public double ScoreFromS { get; set; }

        public double SumSqModule { get; private set; }

        public double[] SumSqCell { get; } = new double[SyntheticModule.Cells];

        public long Samples { get; private set; }

        public double MaxAbsError { get; private set; }

        public double MaxErrorAtS { get; private set; }

        public string MaxErrorWhere { get; private set; } = string.Empty;

        public double MaxSocPctSeen { get; private set; }

        public double WorstRmsePct
        {
            get
            {
                double worst = Math.Sqrt(SumSqModule / Math.Max(1, Samples));
                foreach (double s in SumSqCell)
                {
                    worst = Math.Max(worst, Math.Sqrt(s / Math.Max(1, Samples)));
                }

                return worst;
            }
        }

        public static SocEstimator NewEstimator()
        {
            // the synthetic module's readings are those of calibrated channels (noise and an offset of a millivolt)
            // and its cells follow the firmware's own OCV table exactly, so the table's SOC axis is trusted as it is
            // (soc.shift 0: the setting for a curve measured on the module's own cells)
            var config = new BmsConfig();
            Assert.Equal(BatteryShift.Bms.ResultCode.Ok, config.TrySet(EstimationKeys.TableShiftPct, 0));
            var estimator = new SocEstimator(config, null);
            estimator.Filter.ComparableCellMask = 0xFFFF;
            return estimator;
        }

        public void Tick(double currentA)
        {
            Module.Step(currentA, DtS);
            Estimator.Tick(Module.Status);
            TimeS += DtS;
            var s = Module.Status;
            MaxSocPctSeen = Math.Max(MaxSocPctSeen, s.SocPct);
            for (int i = 0; i < SyntheticModule.Cells; i++)
            {
                MaxSocPctSeen = Math.Max(MaxSocPctSeen, s.CellSocPct[i]);
            }

            // score once per simulated second, after the filter's step
            if (TimeS >= ScoreFromS && ((long)Math.Round(TimeS / DtS) % Math.Max(1, (long)Math.Round(1.0 / DtS))) == 0)
            {
                double e = s.SocPct - Module.TrueModuleSocPct();
                SumSqModule += e * e;
                Note(e, -1);
                for (int i = 0; i < SyntheticModule.Cells; i++)
                {
                    double ec = s.CellSocPct[i] - Module.TrueSocPct(i);
                    SumSqCell[i] += ec * ec;
                    Note(ec, i);
                }

                Samples++;
            }
        }

        private void Note(double e, int cell)
        {
            if (Math.Abs(e) > MaxAbsError)
            {
                MaxAbsError = Math.Abs(e);
                MaxErrorAtS = TimeS;
                double truth = cell < 0 ? Module.TrueModuleSocPct() : Module.TrueSocPct(cell);
                MaxErrorWhere = $"cell {cell} at {TimeS / 3600:F2} h: error {e:F2} %, true {truth:F1} %, I {Module.CurrentA:F0} A";
            }
        }

        public void Rest(double hours)
        {
            Constant(0.0, hours);
        }

        public void Constant(double currentA, double hours)
        {
            long n = (long)(hours * 3600.0 / DtS);
            for (long k = 0; k < n; k++)
            {
                Tick(currentA);
            }
        }

        /// <summary>Discharges at a current until the time is up or the lowest cell reaches the cut-off.</summary>
        public void Discharge(double amps, double hours, double cutoffV = 2.9)
        {
            long n = (long)(hours * 3600.0 / DtS);
            for (long k = 0; k < n; k++)
            {
                if (Module.MinCellVoltage() <= cutoffV)
                {
                    break;
                }

                Tick(-amps);
            }
        }

        /// <summary>Charges CC then CV at the highest cell's limit until the tail current, or until the module SOC reaches a stop.</summary>
        public void ChargeCcCv(double amps, double limitV = 3.50, double tailA = 10.0, double stopAtTrueSocPct = 101.0, double maxHours = 12.0)
        {
            long n = (long)(maxHours * 3600.0 / DtS);
            for (long k = 0; k < n; k++)
            {
                double i = Module.CvCurrent(limitV, amps);
                if (i < tailA || Module.TrueModuleSocPct() >= stopAtTrueSocPct)
                {
                    break;
                }

                Tick(i);
            }
        }
    }
}
