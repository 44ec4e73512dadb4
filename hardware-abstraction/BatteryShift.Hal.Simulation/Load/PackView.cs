namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// What load and charger equipment outside the module can see of it at one step: time, its terminal voltage and
    /// the Thevenin model of the cell stack (for a charger in constant-voltage mode), and the FET enable pins.
    /// </summary>
    public readonly struct PackView
    {
        /// <summary>Makes a view.</summary>
        /// <param name="timeSeconds">Simulated time, s.</param>
        /// <param name="cellCount">Cells in series.</param>
        /// <param name="terminalVoltageV">Stack voltage last step, V.</param>
        /// <param name="sourceVoltageV">Stack voltage behind the series resistance, V.</param>
        /// <param name="resistanceOhm">Series resistance of the stack plus the external circuit, ohm.</param>
        /// <param name="chargeEnable">Charge FET enable pin level.</param>
        /// <param name="dischargeEnable">Discharge FET enable pin level.</param>
        /// <param name="chargerOvervoltageCellV">When non-zero: the charger-overvoltage fault's per-cell setpoint, V.</param>
        public PackView(double timeSeconds, int cellCount, double terminalVoltageV, double sourceVoltageV, double resistanceOhm, bool chargeEnable, bool dischargeEnable, double chargerOvervoltageCellV)
        {
            TimeSeconds = timeSeconds;
            CellCount = cellCount;
            TerminalVoltageV = terminalVoltageV;
            SourceVoltageV = sourceVoltageV;
            ResistanceOhm = resistanceOhm;
            ChargeEnable = chargeEnable;
            DischargeEnable = dischargeEnable;
            ChargerOvervoltageCellV = chargerOvervoltageCellV;
        }

        /// <summary>Simulated time, s.</summary>
        public double TimeSeconds { get; }

        /// <summary>Cells in series.</summary>
        public int CellCount { get; }

        /// <summary>Stack voltage last step, V.</summary>
        public double TerminalVoltageV { get; }

        /// <summary>Stack voltage behind the series resistance, V.</summary>
        public double SourceVoltageV { get; }

        /// <summary>Series resistance of the stack plus external circuit, ohm.</summary>
        public double ResistanceOhm { get; }

        /// <summary>Charge FET enable pin level (a charger that obeys it stops when low).</summary>
        public bool ChargeEnable { get; }

        /// <summary>Discharge FET enable pin level.</summary>
        public bool DischargeEnable { get; }

        /// <summary>Charger-overvoltage fault: per-cell CV setpoint, V; 0 when inactive.</summary>
        public double ChargerOvervoltageCellV { get; }

        /// <summary>
        /// Current a constant-voltage source of <paramref name="volts"/> pushes into the stack (positive = charging).
        /// </summary>
        /// <param name="volts">Source voltage, V.</param>
        /// <returns>Amperes.</returns>
        public double CurrentForVoltage(double volts)
        {
            return (volts - SourceVoltageV) / ResistanceOhm;
        }
    }
}
