using System;

namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// The cells of the module, stored as arrays (one entry per cell) and stepped together. Each cell is Plett's
    /// enhanced self-correcting model (docs/references.md): SOC by coulomb counting with coulombic
    /// efficiency, two RC pairs with exact zero-order-hold factors, dynamic and instantaneous hysteresis, series
    /// resistance with Arrhenius temperature dependence, self-discharge (Arrhenius) and a lumped thermal node per
    /// cell coupled to its neighbours and the ambient. Cell current here is positive on discharge (Plett's sign).
    /// </summary>
    internal sealed class CellBank
    {
        private const double GasConstant = 8.314462618;
        private const double KelvinOffset = 273.15;
        private const double ReferenceK = 298.15;

        private readonly CellParameters _p;
        private readonly OcvTable _ocv;
        private readonly double _dt;
        private readonly double _f1;
        private readonly double _f2;
        private readonly double[] _tNew;
        private readonly double[] _heatSum;
        private readonly int _thermalEvery;
        private int _thermalCount;

        public CellBank(int count, CellParameters parameters, double stepSeconds, double initialSocPct, double socSpreadPct, double ambientC, SimRandom random)
        {
            Count = count;
            _p = parameters;
            _ocv = parameters.Ocv;
            _dt = stepSeconds;
            _f1 = Math.Exp(-stepSeconds / parameters.Tau1S);
            _f2 = Math.Exp(-stepSeconds / parameters.Tau2S);
            Soc = new double[count];
            IR1 = new double[count];
            IR2 = new double[count];
            H = new double[count];
            S = new double[count];
            TemperatureC = new double[count];
            _tNew = new double[count];
            _heatSum = new double[count];
            _thermalEvery = Math.Max(1, (int)Math.Round(1.0 / stepSeconds));
            CapacityAh = new double[count];
            R0 = new double[count];
            R1 = new double[count];
            R2 = new double[count];
            ResistanceFactor = new double[count];
            _lastFactorT = new double[count];
            SelfDischargeA = new double[count];
            SelfDischargeFactor = new double[count];
            HysteresisCoef = new double[count];
            SocCoefDischarge = new double[count];
            OcvV = new double[count];
            SourceV = new double[count];
            TerminalV = new double[count];
            CurrentA = new double[count];
            LeakA = new double[count];
            ExtraHeatW = new double[count];
            SoftShortOhm = new double[count];
            HeatW = new double[count];

            for (int i = 0; i < count; i++)
            {
                double capacity = parameters.CapacityAh * (1.0 + parameters.CapacitySpreadPct / 100.0 * Clamp3(random.NextGaussian()));
                double rScale = 1.0 + parameters.ResistanceSpreadPct / 100.0 * Clamp3(random.NextGaussian());
                double sdScale = Math.Max(0.0, 1.0 + parameters.SelfDischargeSpreadPct / 100.0 * Clamp3(random.NextGaussian()));
                double soc = initialSocPct / 100.0 + socSpreadPct / 100.0 * Clamp3(random.NextGaussian());
                CapacityAh[i] = capacity;
                R0[i] = parameters.R0Ohm * rScale;
                R1[i] = parameters.R1Ohm * rScale;
                R2[i] = parameters.R2Ohm * rScale;
                SelfDischargeA[i] = parameters.SelfDischargePctPerMonth / 100.0 * capacity / (30.0 * 24.0) * sdScale;
                Soc[i] = Math.Clamp(soc, 0.0, 1.0);
                TemperatureC[i] = ambientC;
                SocCoefDischarge[i] = stepSeconds / (3600.0 * capacity);
                HysteresisCoef[i] = parameters.HysteresisRate * stepSeconds / (3600.0 * capacity);
                UpdateTemperatureFactors(i);
            }

            for (int i = 0; i < count; i++)
            {
                OcvV[i] = _ocv.Ocv(Soc[i], TemperatureC[i]);
                SourceV[i] = OcvV[i];
                TerminalV[i] = OcvV[i];
            }

            RefreshSums();
        }

        private readonly double[] _lastFactorT;

        public int Count { get; }

        public double[] Soc { get; }

        public double[] IR1 { get; }

        public double[] IR2 { get; }

        public double[] H { get; }

        public double[] S { get; }

        public double[] TemperatureC { get; }

        public double[] CapacityAh { get; }

        public double[] R0 { get; }

        public double[] R1 { get; }

        public double[] R2 { get; }

        public double[] ResistanceFactor { get; }

        public double[] SelfDischargeA { get; }

        public double[] SelfDischargeFactor { get; }

        public double[] HysteresisCoef { get; }

        public double[] SocCoefDischarge { get; }

        public double[] OcvV { get; }

        /// <summary>Voltage behind the series resistance (OCV, hysteresis, RC drops).</summary>
        public double[] SourceV { get; }

        public double[] TerminalV { get; }

        /// <summary>External current of the cell last step, A, positive on discharge (pack, bleed, board supply).</summary>
        public double[] CurrentA { get; }

        /// <summary>Internal leak last step (self-discharge plus soft short), A.</summary>
        public double[] LeakA { get; }

        /// <summary>Fault heat, W.</summary>
        public double[] ExtraHeatW { get; }

        /// <summary>Soft-short resistance, ohm (0: none).</summary>
        public double[] SoftShortOhm { get; }

        /// <summary>Mean heat over the last thermal update, W.</summary>
        public double[] HeatW { get; }

        public CellParameters Parameters => _p;

        /// <summary>
        /// One step: every cell carries <paramref name="packChargeA"/> (positive into the module) plus its own
        /// external discharge currents.
        /// </summary>
        public void Step(double packChargeA, double[] externalDischargeA, double ambientC)
        {
            int n = Count;
            double f1 = _f1;
            double f2 = _f2;
            double m0 = _p.InstantHysteresisV;
            double m = _p.HysteresisV;
            double eta = _p.CoulombicEfficiency;
            double sumSource = 0;
            double sumTerminal = 0;
            double sumR0 = 0;
            double[] socs = Soc;
            double[] heat = _heatSum;
            for (int k = 0; k < n; k++)
            {
                double i = externalDischargeA[k] - packChargeA;
                CurrentA[k] = i;
                double rf = ResistanceFactor[k];
                double leak = SelfDischargeA[k] * SelfDischargeFactor[k];
                double rs = SoftShortOhm[k];
                if (rs > 0)
                {
                    leak += TerminalV[k] / rs;
                }

                LeakA[k] = leak;
                double soc = socs[k] - ((i < 0 ? eta * i : i) + leak) * SocCoefDischarge[k];
                socs[k] = soc;

                double ir1 = f1 * IR1[k] + (1.0 - f1) * i;
                double ir2 = f2 * IR2[k] + (1.0 - f2) * i;
                IR1[k] = ir1;
                IR2[k] = ir2;

                double hk = H[k];
                double sk = S[k];
                if (i != 0)
                {
                    double ai = i < 0 ? -i : i;
                    double x = ai * HysteresisCoef[k];
                    double a = x < 1e-3 ? 1.0 - x + 0.5 * x * x : Math.Exp(-x);
                    double sg = i > 0 ? 1.0 : -1.0;
                    hk = a * hk - (1.0 - a) * sg;
                    H[k] = hk;
                    if (ai > 0.05)
                    {
                        sk = -sg;
                        S[k] = sk;
                    }
                }

                double r0 = R0[k] * rf;
                double r1 = R1[k] * rf;
                double r2 = R2[k] * rf;
                heat[k] += i * i * r0 + ir1 * ir1 * r1 + ir2 * ir2 * r2;
                double ocv = _ocv.Ocv(soc, TemperatureC[k]);
                OcvV[k] = ocv;
                double src = ocv + m0 * sk + m * hk - r1 * ir1 - r2 * ir2;
                double term = src - r0 * i;
                SourceV[k] = src;
                TerminalV[k] = term;
                sumSource += src;
                sumTerminal += term;
                sumR0 += r0;
            }

            SumSourceV = sumSource;
            SumTerminalV = sumTerminal;
            SumSeriesOhm = sumR0;

            _thermalCount++;
            if (_thermalCount >= _thermalEvery)
            {
                StepThermal(ambientC);
            }
        }

        /// <summary>Sum of the cells' source voltages after the last step, V.</summary>
        public double SumSourceV { get; private set; }

        /// <summary>Sum of the terminal voltages after the last step, V.</summary>
        public double SumTerminalV { get; private set; }

        /// <summary>Sum of the series resistances after the last step, ohm.</summary>
        public double SumSeriesOhm { get; private set; }

        /// <summary>
        /// Thermal update over the steps since the last one, with the mean heat of those steps (thermal time
        /// constants are minutes to hours; the update runs about once a simulated second).
        /// </summary>
        private void StepThermal(double ambientC)
        {
            int n = Count;
            double steps = _thermalCount;
            double dt = _dt * steps;
            _thermalCount = 0;
            double c = _p.HeatCapacityJPerK;
            double gA = _p.AmbientConductanceWPerK;
            double gN = _p.NeighbourConductanceWPerK;
            for (int k = 0; k < n; k++)
            {
                double t = TemperatureC[k];
                double p = _heatSum[k] / steps + ExtraHeatW[k];
                HeatW[k] = p;
                _heatSum[k] = 0;
                double flow = p + gA * (ambientC - t);
                if (k > 0)
                {
                    flow += gN * (TemperatureC[k - 1] - t);
                }

                if (k < n - 1)
                {
                    flow += gN * (TemperatureC[k + 1] - t);
                }

                _tNew[k] = t + flow * dt / c;
            }

            for (int k = 0; k < n; k++)
            {
                double t = _tNew[k];
                TemperatureC[k] = t;
                double d = t - _lastFactorT[k];
                if (d > 0.05 || d < -0.05)
                {
                    UpdateTemperatureFactors(k);
                }
            }
        }

        /// <summary>Terminal voltage of a cell for a given external discharge current (for chargers in CV).</summary>
        public double SeriesResistance(int k)
        {
            return R0[k] * ResistanceFactor[k];
        }

        /// <summary>Recomputes the SOC-dependent outputs after a state change from outside (tests, faults).</summary>
        public void Refresh(int k)
        {
            RefreshOne(k);
            RefreshSums();
        }

        private void RefreshSums()
        {
            double src = 0;
            double term = 0;
            double r = 0;
            for (int k = 0; k < Count; k++)
            {
                src += SourceV[k];
                term += TerminalV[k];
                r += R0[k] * ResistanceFactor[k];
            }

            SumSourceV = src;
            SumTerminalV = term;
            SumSeriesOhm = r;
        }

        private void RefreshOne(int k)
        {
            double rf = ResistanceFactor[k];
            double ocv = _ocv.Ocv(Soc[k], TemperatureC[k]);
            OcvV[k] = ocv;
            double src = ocv + _p.InstantHysteresisV * S[k] + _p.HysteresisV * H[k] - R1[k] * rf * IR1[k] - R2[k] * rf * IR2[k];
            SourceV[k] = src;
            TerminalV[k] = src - R0[k] * rf * CurrentA[k];
        }

        private void UpdateTemperatureFactors(int k)
        {
            double t = TemperatureC[k];
            double invT = 1.0 / (t + KelvinOffset);
            ResistanceFactor[k] = Math.Exp(_p.ActivationEnergyJPerMol / GasConstant * (invT - 1.0 / ReferenceK));
            SelfDischargeFactor[k] = Math.Exp(_p.SelfDischargeActivationJPerMol / GasConstant * (1.0 / ReferenceK - invT));
            _lastFactorT[k] = t;
        }

        private static double Clamp3(double g)
        {
            return g > 3 ? 3 : (g < -3 ? -3 : g);
        }
    }
}
