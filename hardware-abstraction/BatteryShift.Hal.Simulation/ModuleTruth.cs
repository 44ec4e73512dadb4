using BatteryShift.Bms.Board;
using System;
using System.Collections.Generic;

namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// Ground truth of the virtual module, for tests, oracles and benchmarks only (the firmware sees pins and ADC
    /// counts). Reads the live state: no copies, no allocation. Cell indexes are 0-based. Current is positive into
    /// the module (charging).
    /// </summary>
    public sealed class ModuleTruth
    {
        private readonly VirtualModule _module;
        private readonly CellBank _cells;

        internal ModuleTruth(VirtualModule module, CellBank cells)
        {
            _module = module;
            _cells = cells;
            BledAh = new double[cells.Count];
        }

        /// <summary>Simulated time, s.</summary>
        public double TimeSeconds => _module.TimeSeconds;

        /// <summary>Cells in series.</summary>
        public int CellCount => _cells.Count;

        /// <summary>True state of charge per cell, fraction 0..1 (may leave the range when abused).</summary>
        public IReadOnlyList<double> Soc => _cells.Soc;

        /// <summary>Open-circuit voltage per cell at its temperature, V.</summary>
        public IReadOnlyList<double> OcvV => _cells.OcvV;

        /// <summary>Terminal voltage per cell at its tabs, V.</summary>
        public IReadOnlyList<double> CellVoltageV => _cells.TerminalV;

        /// <summary>Temperature per cell, C.</summary>
        public IReadOnlyList<double> CellTemperatureC => _cells.TemperatureC;

        /// <summary>Capacity per cell (with spread), Ah.</summary>
        public IReadOnlyList<double> CapacityAh => _cells.CapacityAh;

        /// <summary>Hysteresis state per cell, -1..1.</summary>
        public IReadOnlyList<double> Hysteresis => _cells.H;

        /// <summary>Cell current per cell, A, positive into the cell (pack current minus bleed and board supply).</summary>
        public double CellCurrentA(int cell) => -_cells.CurrentA[cell];

        /// <summary>Internal leak of a cell (self-discharge plus soft short), A.</summary>
        public double LeakA(int cell) => _cells.LeakA[cell];

        /// <summary>Charge bled per cell since the start, Ah.</summary>
        public double[] BledAh { get; }

        /// <summary>Present bleed current per cell, A.</summary>
        public IReadOnlyList<double> BleedCurrentA => _module.BleedCurrents;

        /// <summary>Module current, A, positive into the module (charging).</summary>
        public double PackCurrentA => _module.PackCurrentA;

        /// <summary>Module voltage (sum of terminal voltages), V.</summary>
        public double PackVoltageV
        {
            get
            {
                double v = 0;
                double[] t = _cells.TerminalV;
                for (int k = 0; k < t.Length; k++)
                {
                    v += t[k];
                }

                return v;
            }
        }

        /// <summary>Mean SOC, %.</summary>
        public double MeanSocPct
        {
            get
            {
                double s = 0;
                for (int k = 0; k < _cells.Count; k++)
                {
                    s += _cells.Soc[k];
                }

                return s / _cells.Count * 100.0;
            }
        }

        /// <summary>
        /// Module SOC as a BMS defines it, %: the charge the module can still deliver over that plus the charge it can
        /// still take, each limited by its weakest cell (remaining / (remaining + to-full)).
        /// </summary>
        public double ModuleSocPct
        {
            get
            {
                double remaining = double.MaxValue;
                double toFull = double.MaxValue;
                for (int i = 0; i < _cells.Count; i++)
                {
                    double z = Math.Clamp(_cells.Soc[i], 0.0, 1.0);
                    remaining = Math.Min(remaining, z * _cells.CapacityAh[i]);
                    toFull = Math.Min(toFull, (1.0 - z) * _cells.CapacityAh[i]);
                }

                return 100.0 * remaining / (remaining + toFull);
            }
        }

        /// <summary>Board temperature (bleed resistors), C.</summary>
        public double BoardTemperatureC => _module.BoardTemperatureC;

        /// <summary>Shunt temperature, C.</summary>
        public double ShuntTemperatureC => _module.ShuntTemperatureC;

        /// <summary>Ambient, C.</summary>
        public double AmbientC => _module.AmbientC;

        /// <summary>Charge FET conducting.</summary>
        public bool ChargeFetOn => _module.ChargeFetOn;

        /// <summary>Discharge FET conducting.</summary>
        public bool DischargeFetOn => _module.DischargeFetOn;

        /// <summary>Bleeders switched on at the resistors (bit n = cell n+1): latched pattern while OE is low.</summary>
        public int BleedMask => _module.BleedMask;

        /// <summary>Charge into the module since the start, Ah (discharge counts negative).</summary>
        public double NetChargeAh { get; private set; }

        /// <summary>Charge into the module, Ah.</summary>
        public double ChargeInAh { get; private set; }

        /// <summary>Charge out of the module, Ah.</summary>
        public double ChargeOutAh { get; private set; }

        /// <summary>Energy into the module, Wh.</summary>
        public double EnergyInWh { get; private set; }

        /// <summary>Energy out of the module, Wh.</summary>
        public double EnergyOutWh { get; private set; }

        /// <summary>Energy burnt in the bleed resistors, Wh.</summary>
        public double BleedEnergyWh { get; private set; }

        /// <summary>
        /// Temperature at a cell-group NTC (0..7): mean of the cells it sits on (the board's topology,
        /// <see cref="Bmu16.FirstCellOfNtc"/>), C.
        /// </summary>
        /// <param name="index">NTC 0..7 (8: shunt, 9: board).</param>
        /// <returns>C.</returns>
        public double NtcTemperatureC(int index)
        {
            if (index == Bmu16.AuxNtcShunt)
            {
                return ShuntTemperatureC;
            }

            if (index == Bmu16.AuxNtcBoard)
            {
                return BoardTemperatureC;
            }

            int n = _cells.Count;
            int a = Bmu16.FirstCellOfNtc(index, n);
            int b = Bmu16.LastCellOfNtc(index, n);

            double s = 0;
            for (int k = a; k <= b; k++)
            {
                s += _cells.TemperatureC[k];
            }

            return s / (b - a + 1);
        }

        /// <summary>Lowest and highest cell SOC, fraction.</summary>
        /// <returns>(min, max).</returns>
        public (double Min, double Max) SocRange()
        {
            double min = double.MaxValue;
            double max = double.MinValue;
            for (int k = 0; k < _cells.Count; k++)
            {
                min = Math.Min(min, _cells.Soc[k]);
                max = Math.Max(max, _cells.Soc[k]);
            }

            return (min, max);
        }

        internal void Accumulate(double currentA, double packVoltageV, double bleedPowerW, double dt)
        {
            if (bleedPowerW != 0)
            {
                BleedEnergyWh += bleedPowerW * dt / 3600.0;
            }

            if (currentA == 0)
            {
                return;
            }

            double ah = currentA * dt / 3600.0;
            NetChargeAh += ah;
            double wh = ah * packVoltageV;
            if (currentA > 0)
            {
                ChargeInAh += ah;
                EnergyInWh += wh;
            }
            else if (currentA < 0)
            {
                ChargeOutAh -= ah;
                EnergyOutWh -= wh;
            }
        }
    }
}
