namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// The bleed resistors as wired: the current each bleeder draws from its cell (its resistor and FET, the sense
    /// wires it shares with its neighbours, an open tap that puts two cells in series with two bleeders) and the
    /// board's supply current, and the heat and charge they take each physics step.
    /// </summary>
    internal sealed class BleedCircuit
    {
        private readonly int _n;
        private readonly BoardParameters _board;
        private readonly FrontEndErrors _errors;

        internal BleedCircuit(int cellCount, BoardParameters board, FrontEndErrors errors)
        {
            _n = cellCount;
            _board = board;
            _errors = errors;
            BleedA = new double[cellCount];
            ExternalA = new double[cellCount];
        }

        /// <summary>Bleed current per cell, A.</summary>
        internal double[] BleedA { get; }

        /// <summary>Current drawn from each cell besides the module current (bleed and board supply), A.</summary>
        internal double[] ExternalA { get; }

        /// <summary>
        /// Recomputes the bleed currents.
        /// </summary>
        /// <param name="bleedMask">Bleeders switched on, bit n is cell n+1.</param>
        /// <param name="openWire">Open sense taps.</param>
        /// <param name="terminalV">Cell terminal voltages, V.</param>
        internal void Update(int bleedMask, bool[] openWire, double[] terminalV)
        {
            double r = _board.BleedResistorOhm + _board.BleedFetOhm;
            double rw = _errors.SenseWireDrop ? 2 * _board.SenseWireOhm : 0;
            for (int k = 0; k < _n; k++)
            {
                double i = 0;
                if ((bleedMask >> k & 1) != 0)
                {
                    bool lowOpen = k > 0 && openWire[k];
                    bool highOpen = openWire[k + 1];
                    if (!lowOpen && !highOpen)
                    {
                        i = terminalV[k] / (r + rw);
                    }
                    else if (highOpen && k + 1 < _n && (bleedMask >> (k + 1) & 1) != 0)
                    {
                        i = (terminalV[k] + terminalV[k + 1]) / (2 * r + rw);
                    }
                    else if (lowOpen && (bleedMask >> (k - 1) & 1) != 0)
                    {
                        i = (terminalV[k] + terminalV[k - 1]) / (2 * r + rw);
                    }
                }

                BleedA[k] = i;
                ExternalA[k] = _board.BoardSupplyCurrentA + i;
            }
        }

        /// <summary>
        /// Adds one step's bled charge per cell to the truth and returns the bleed resistors' power.
        /// </summary>
        /// <param name="bledAh">Charge bled per cell so far, Ah (updated).</param>
        /// <param name="dt">Step, s.</param>
        /// <returns>Power in the bleed resistors, W.</returns>
        internal double Accumulate(double[] bledAh, double dt)
        {
            double bleedPower = 0;
            double rb = _board.BleedResistorOhm;
            for (int k = 0; k < _n; k++)
            {
                double ib = BleedA[k];
                if (ib != 0)
                {
                    bleedPower += ib * ib * rb;
                    bledAh[k] += ib * dt / 3600.0;
                }
            }

            return bleedPower;
        }
    }
}
