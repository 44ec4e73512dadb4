using System;
using BatteryShift.Bms;
using BatteryShift.Bms.Estimation;

namespace BatteryShift.Tests.Estimation
{
    /// <summary>
    /// The tests' own 16-cell LFP module: Plett's enhanced self-correcting cell model
    /// (docs/references.md) in double precision with per-cell spread, and the sensor errors the
    /// issue names (current gain and offset, cell voltage noise and offset). It writes a ModuleStatus the
    /// way the measurement stage would and keeps the truth.
    /// </summary>
    internal sealed class SyntheticModule
    {
        public const int Cells = 16;
        public const double RatedAh = 280.0;

        private readonly double[] _z = new double[Cells];
        private readonly double[] _capacityAh = new double[Cells];
        private readonly double[] _r0 = new double[Cells];
        private readonly double[] _iR1 = new double[Cells];
        private readonly double[] _iR2 = new double[Cells];
        private readonly double[] _h = new double[Cells];
        private readonly double[] _voltageOffsetV = new double[Cells];
        private readonly Random _rng;
        private long _timeMs;

        public SyntheticModule(int seed, double socPct, double spreadPct = 0.5, double capacitySpread = 0.01, double capacityScale = 1.0)
        {
            _rng = new Random(seed);
            for (int i = 0; i < Cells; i++)
            {
                _capacityAh[i] = RatedAh * capacityScale * (1.0 + (Uniform() * capacitySpread));
                _z[i] = Math.Clamp((socPct + (Uniform() * spreadPct)) / 100.0, 0.0, 1.0);
                _r0[i] = 0.00038 * (1.0 + (Uniform() * 0.15));
                _voltageOffsetV[i] = Uniform() * 0.001;
                _h[i] = -0.5;
            }

            Status.CellCount = Cells;
            Status.ChargeFetOn = true;
            Status.DischargeFetOn = true;
            Fill(0.0);
        }

        public ModuleStatus Status { get; } = new ModuleStatus();

        public double GainError { get; set; } = 0.005;

        public double OffsetA { get; set; } = 0.1;

        public double VoltageNoiseV { get; set; } = 0.0015;

        public double Eta { get; set; } = 0.999;

        public double R1 { get; set; } = 0.00022;

        public double Tau1S { get; set; } = 15.0;

        public double R2 { get; set; } = 0.0003;

        public double Tau2S { get; set; } = 500.0;

        public double HysteresisV { get; set; } = 0.010;

        public double HysteresisRate { get; set; } = 60.0;

        public double CurrentA { get; private set; }

        public double TrueSocPct(int cell) => _z[cell] * 100.0;

        public double CapacityAh(int cell) => _capacityAh[cell];

        public double R0(int cell) => _r0[cell];

        /// <summary>Module SOC by the estimator's definition: remaining / (remaining + to-full) of the weakest cells.</summary>
        public double TrueModuleSocPct()
        {
            double remaining = double.MaxValue;
            double toFull = double.MaxValue;
            for (int i = 0; i < Cells; i++)
            {
                remaining = Math.Min(remaining, _z[i] * _capacityAh[i]);
                toFull = Math.Min(toFull, (1.0 - _z[i]) * _capacityAh[i]);
            }

            return 100.0 * remaining / (remaining + toFull);
        }

        public double TrueVoltage(int cell, double currentA)
        {
            double ocv = LfpOcvTable.OcvV((float)_z[cell], 25f);
            return ocv + (HysteresisV * _h[cell]) + (_r0[cell] * currentA) + (R1 * _iR1[cell]) + (R2 * _iR2[cell]);
        }

        public double MaxCellVoltage()
        {
            double v = 0;
            for (int i = 0; i < Cells; i++)
            {
                v = Math.Max(v, TrueVoltage(i, CurrentA));
            }

            return v;
        }

        public double MinCellVoltage()
        {
            double v = 10;
            for (int i = 0; i < Cells; i++)
            {
                v = Math.Min(v, TrueVoltage(i, CurrentA));
            }

            return v;
        }

        /// <summary>Current that puts the highest cell exactly at the limit (a CV charger), clamped to [0, max].</summary>
        public double CvCurrent(double limitV, double maxA)
        {
            double best = maxA;
            for (int i = 0; i < Cells; i++)
            {
                double rest = TrueVoltage(i, 0.0);
                best = Math.Min(best, (limitV - rest) / _r0[i]);
            }

            return Math.Max(0.0, best);
        }

        public void Step(double currentA, double dtS)
        {
            CurrentA = currentA;
            double f1 = Math.Exp(-dtS / Tau1S);
            double f2 = Math.Exp(-dtS / Tau2S);
            for (int i = 0; i < Cells; i++)
            {
                double dz = (currentA > 0 ? Eta : 1.0) * currentA * dtS / (3600.0 * _capacityAh[i]);
                _z[i] = Math.Clamp(_z[i] + dz, 0.0, 1.0);
                _iR1[i] = (f1 * _iR1[i]) + ((1 - f1) * currentA);
                _iR2[i] = (f2 * _iR2[i]) + ((1 - f2) * currentA);
                double a = Math.Exp(-Math.Abs(dz) * HysteresisRate);
                _h[i] = (a * _h[i]) + ((1 - a) * Math.Sign(currentA));
            }

            _timeMs += (long)Math.Round(dtS * 1000.0);
            Fill(currentA);
        }

        private void Fill(double currentA)
        {
            ModuleStatus s = Status;
            int sum = 0;
            for (int i = 0; i < Cells; i++)
            {
                double v = TrueVoltage(i, currentA) + _voltageOffsetV[i] + (Gaussian() * VoltageNoiseV);
                s.CellVoltageMv[i] = (int)Math.Round(v * 1000.0);
                sum += s.CellVoltageMv[i];
            }

            for (int g = 0; g < 8; g++)
            {
                s.TemperatureDeciC[g] = 250;
            }

            s.SumOfCellsMv = sum;
            s.ModuleVoltageMv = sum;
            s.PackCurrentMa = (int)Math.Round(((currentA * (1.0 + GainError)) + OffsetA) * 1000.0);
            s.TimeMs = _timeMs;
            s.MeasurementValid = true;
        }

        private double Uniform() => (_rng.NextDouble() * 2.0) - 1.0;

        private double Gaussian()
        {
            double u1 = 1.0 - _rng.NextDouble();
            double u2 = _rng.NextDouble();
            return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        }
    }
}
