using BatteryShift.Bms.Board;

namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// The front end's temperature coefficients and the cell amplifiers' common-mode error on a worst-case board
    /// (<see cref="AdcGrade.Worst"/>; docs/adc-model.md): each reference, each cell channel's gain, each mux buffer's
    /// offset and the current amplifier drift with the board temperature away from 25 C, and each cell amplifier
    /// passes a share of its common-mode voltage (1 / CMRR, signed per channel). Drawn per board.
    /// </summary>
    public sealed class FrontEndDrift
    {
        private readonly double[] _cellGainTempco = new double[Bmu16.MaxCells];
        private readonly double[] _cellCommonMode = new double[Bmu16.MaxCells];
        private readonly double[] _bufferTempcoV = new double[2];

        internal FrontEndDrift(WorstAdcRanges ranges, FrontEndErrors errors, TermDraw draw)
        {
            bool comp = errors.ComponentTolerance;
            bool amp = errors.AmplifierTolerance;
            bool cur = errors.CurrentAmplifier;
            double refHigh = draw.Signed(ranges.ReferenceTempcoPpmPerK, 2) * 1e-6;
            double refMid = draw.Signed(ranges.ReferenceTempcoPpmPerK, 3) * 1e-6;
            double divider = draw.Signed(ranges.RefLowDividerTempcoPpmPerK, 0) * 1e-6;
            RefHighTempcoPerK = comp ? refHigh : 0;
            RefMidTempcoPerK = comp ? refMid : 0;
            RefLowTempcoPerK = comp ? refMid + divider : 0;
            double cm = System.Math.Pow(10, -ranges.CellAmpCmrrDb / 20.0);
            for (int k = 0; k < Bmu16.MaxCells; k++)
            {
                double g = draw.Signed(ranges.CellAmpGainTempcoPpmPerK, k) * 1e-6;
                double c = draw.Scattered(cm);
                _cellGainTempco[k] = amp ? g : 0;
                _cellCommonMode[k] = amp ? c : 0;
            }

            for (int m = 0; m < 2; m++)
            {
                double b = draw.Signed(ranges.BufferOffsetTempcoUvPerK, m + 1) * 1e-6;
                _bufferTempcoV[m] = amp ? b : 0;
            }

            double cg = draw.Signed(ranges.CurrentAmpGainTempcoPpmPerK, 1) * 1e-6;
            double co = draw.Signed(ranges.CurrentAmpOffsetTempcoUvPerK, 2) * 1e-6;
            CurrentGainTempcoPerK = cur ? cg : 0;
            CurrentOffsetTempcoVPerK = cur ? co : 0;
        }

        /// <summary>REF_HI change per kelvin, fraction.</summary>
        public double RefHighTempcoPerK { get; }

        /// <summary>REF_MID change per kelvin, fraction.</summary>
        public double RefMidTempcoPerK { get; }

        /// <summary>REF_LO change per kelvin (REF_MID and its divider), fraction.</summary>
        public double RefLowTempcoPerK { get; }

        /// <summary>Current amplifier gain change per kelvin, fraction.</summary>
        public double CurrentGainTempcoPerK { get; }

        /// <summary>Current amplifier input offset change per kelvin, V.</summary>
        public double CurrentOffsetTempcoVPerK { get; }

        /// <summary>A cell channel's gain change per kelvin, fraction.</summary>
        /// <param name="channel">Mux A channel.</param>
        /// <returns>Fraction per K.</returns>
        public double CellGainTempcoPerK(int channel) => _cellGainTempco[channel];

        /// <summary>A cell amplifier's output per volt of input common mode (signed 1 / CMRR).</summary>
        /// <param name="channel">Mux A channel.</param>
        /// <returns>V/V.</returns>
        public double CellCommonModeGain(int channel) => _cellCommonMode[channel];

        /// <summary>A mux buffer's offset change per kelvin, V.</summary>
        /// <param name="mux">0 = mux A, 1 = mux B.</param>
        /// <returns>V per K.</returns>
        public double BufferOffsetTempcoVPerK(int mux) => _bufferTempcoV[mux];
    }
}
