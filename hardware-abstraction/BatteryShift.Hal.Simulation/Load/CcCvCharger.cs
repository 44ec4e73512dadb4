namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// A CC/CV charger on the module terminals: constant current until the stack reaches the CV setpoint, then
    /// constant voltage until the current tapers below the cut-off; it restarts when the stack falls below the
    /// restart voltage. It obeys the charge enable (it stops when the charge FET enable is low). The
    /// charger-overvoltage fault replaces the setpoint and makes it ignore the enable and the cut-off (it keeps
    /// pushing); the charge FET still stops the current physically.
    /// </summary>
    public sealed class CcCvCharger : LoadProfile
    {
        private bool _complete;

        /// <summary>Makes a charger.</summary>
        /// <param name="constantCurrentA">CC current, A.</param>
        /// <param name="cvCellV">CV setpoint per cell, V (x cell count).</param>
        /// <param name="cutoffA">Taper cut-off, A.</param>
        /// <param name="restartCellV">Restart below this stack voltage per cell, V.</param>
        public CcCvCharger(double constantCurrentA = 140, double cvCellV = 3.45, double cutoffA = 5, double restartCellV = 3.30)
        {
            ConstantCurrentA = constantCurrentA;
            CvCellV = cvCellV;
            CutoffA = cutoffA;
            RestartCellV = restartCellV;
        }

        /// <summary>CC current, A.</summary>
        public double ConstantCurrentA { get; set; }

        /// <summary>CV setpoint per cell, V.</summary>
        public double CvCellV { get; set; }

        /// <summary>Taper cut-off, A (0: float forever).</summary>
        public double CutoffA { get; set; }

        /// <summary>Restart threshold per cell, V.</summary>
        public double RestartCellV { get; set; }

        /// <summary>Only charge between these times of each day (seconds since midnight); both 0 = always.</summary>
        public double WindowStartSeconds { get; set; }

        /// <summary>End of the daily window, s.</summary>
        public double WindowEndSeconds { get; set; }

        /// <summary>True after the taper cut-off, until the restart voltage.</summary>
        public bool Complete => _complete;

        /// <summary>True while the charger is in CV.</summary>
        public bool InConstantVoltage { get; private set; }

        /// <inheritdoc />
        public override double CurrentA(in PackView pack)
        {
            bool fault = pack.ChargerOvervoltageCellV > 0;
            if (!fault)
            {
                if (!pack.ChargeEnable)
                {
                    InConstantVoltage = false;
                    return 0.0;
                }

                if (WindowEndSeconds > WindowStartSeconds)
                {
                    double tod = pack.TimeSeconds % 86400.0;
                    if (tod < WindowStartSeconds || tod >= WindowEndSeconds)
                    {
                        return 0.0;
                    }
                }

                if (_complete)
                {
                    if (pack.TerminalVoltageV < RestartCellV * pack.CellCount)
                    {
                        _complete = false;
                    }
                    else
                    {
                        return 0.0;
                    }
                }
            }

            double cv = (fault ? pack.ChargerOvervoltageCellV : CvCellV) * pack.CellCount;
            double i = pack.CurrentForVoltage(cv);
            if (i >= ConstantCurrentA)
            {
                InConstantVoltage = false;
                return ConstantCurrentA;
            }

            InConstantVoltage = true;
            if (i < 0)
            {
                i = 0;
            }

            if (!fault && CutoffA > 0 && i < CutoffA)
            {
                _complete = true;
                return 0.0;
            }

            return i;
        }
    }
}
