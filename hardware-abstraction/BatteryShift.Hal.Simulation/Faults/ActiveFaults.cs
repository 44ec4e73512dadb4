using System;
using System.Collections.Generic;
using BatteryShift.Bms.Board;

namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// What the scheduled faults active now do to the module (<see cref="FaultSchedule.Active"/>): open sense wires,
    /// open or shorted NTCs, stuck ADC inputs, soft shorts and heating in the cells, a drifting current sensor, a
    /// charger that overshoots, a lost network, an asserted external stop. Rebuilt whenever the active set changes.
    /// </summary>
    internal sealed class ActiveFaults
    {
        internal ActiveFaults(int cellCount)
        {
            OpenWire = new bool[cellCount + 1];
            Array.Fill(AdcStuck, -1);
        }

        /// <summary>Open sense taps 0..cells (tap n between cell n and n+1, counted from 1).</summary>
        internal bool[] OpenWire { get; }

        /// <summary>Open NTCs by mux B channel.</summary>
        internal bool[] NtcOpen { get; } = new bool[Bmu16.TemperatureCount];

        /// <summary>Shorted NTCs by mux B channel.</summary>
        internal bool[] NtcShort { get; } = new bool[Bmu16.TemperatureCount];

        /// <summary>Stuck code per ADC1 channel, -1 when not stuck.</summary>
        internal int[] AdcStuck { get; } = new int[8];

        /// <summary>Current sensor offset drift, A per hour.</summary>
        internal double DriftRateAPerHour { get; private set; }

        /// <summary>When the drift started, simulated s.</summary>
        internal double DriftStartS { get; private set; }

        /// <summary>Per-cell voltage a faulty charger drives to, V (0: none).</summary>
        internal double ChargerOvervoltageCellV { get; private set; }

        /// <summary>The network is lost.</summary>
        internal bool NetworkLoss { get; private set; }

        /// <summary>The external stop input is pulled low.</summary>
        internal bool ExternalStop { get; private set; }

        /// <summary>
        /// Rebuilds the state from the active faults; the cells' soft shorts and extra heat are set in place.
        /// </summary>
        /// <param name="active">The faults active now.</param>
        /// <param name="cells">The cells.</param>
        /// <param name="cellCount">Cells in series.</param>
        internal void Apply(IEnumerable<Fault> active, CellBank cells, int cellCount)
        {
            Array.Clear(OpenWire);
            Array.Clear(NtcOpen);
            Array.Clear(NtcShort);
            Array.Fill(AdcStuck, -1);
            Array.Clear(cells.SoftShortOhm);
            Array.Clear(cells.ExtraHeatW);
            double driftRate = 0;
            double driftStart = 0;
            ChargerOvervoltageCellV = 0;
            NetworkLoss = false;
            ExternalStop = false;
            foreach (Fault f in active)
            {
                int t = f.Target;
                switch (f.Kind)
                {
                    case FaultKind.OpenSenseWire:
                        if (t >= 0 && t <= cellCount)
                        {
                            OpenWire[t] = true;
                        }

                        break;
                    case FaultKind.NtcOpen:
                        NtcOpen[t] = true;
                        break;
                    case FaultKind.NtcShort:
                        NtcShort[t] = true;
                        break;
                    case FaultKind.AdcStuck:
                        AdcStuck[t] = (int)Math.Clamp(f.Value, 0, Bmu16.MaxAdcCount);
                        break;
                    case FaultKind.SoftShort:
                        cells.SoftShortOhm[t] = f.Value;
                        break;
                    case FaultKind.CellHeating:
                        cells.ExtraHeatW[t] += f.Value;
                        break;
                    case FaultKind.CurrentOffsetDrift:
                        driftRate = f.Value;
                        driftStart = f.StartSeconds;
                        break;
                    case FaultKind.ChargerOvervoltage:
                        ChargerOvervoltageCellV = f.Value;
                        break;
                    case FaultKind.NetworkLoss:
                        NetworkLoss = true;
                        break;
                    case FaultKind.ExternalStop:
                        ExternalStop = true;
                        break;
                }
            }

            DriftRateAPerHour = driftRate;
            DriftStartS = driftStart;
        }
    }
}
