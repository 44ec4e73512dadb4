using BatteryShift.Bms.Board;
using BatteryShift.Bms.Util;

namespace BatteryShift.Bms.Measurement
{
    /// <summary>
    /// The cell voltages of a scan: reads the sixteen difference amplifiers through mux A, converts them to
    /// millivolts (ADC correction, amplifier gain, per-channel calibration), finds the extremes the limits compare
    /// and flags implausible readings (an open sense wire, a stuck converter input). Keeps each channel's
    /// uncalibrated average for the two-point calibration. Allocates nothing.
    /// </summary>
    public sealed class CellChannels
    {
        /// <summary>A cell reading below this is not a cell but an open sense wire, mV.</summary>
        public const int OpenWireLowMv = 1000;

        /// <summary>A cell reading above this is not a cell but an open sense wire, mV.</summary>
        public const int OpenWireHighMv = 4300;

        /// <summary>Cell amplifier gain, V/V.</summary>
        public const float AmpGain = Bmu16.CellAmpGainE4 / 10000f;

        private readonly int[] _sums = new int[Bmu16.MaxCells];
        private readonly float[] _rawMv = new float[Bmu16.MaxCells];
        private readonly float[] _rawAverageMv = new float[Bmu16.MaxCells];
        private bool _averageSeeded;

        /// <summary>
        /// A cell's reading of this scan after ADC correction and before calibration, mV.
        /// </summary>
        /// <param name="cell">Cell index.</param>
        /// <returns>mV.</returns>
        public float RawMv(int cell)
        {
            return _rawMv[cell];
        }

        /// <summary>
        /// A cell's reading after ADC correction and before calibration, averaged over recent scans, mV
        /// (what a multimeter reading is compared with).
        /// </summary>
        /// <param name="cell">Cell index.</param>
        /// <returns>mV.</returns>
        public float RawAverageMv(int cell)
        {
            return _rawAverageMv[cell];
        }

        /// <summary>
        /// Reads every cell channel (the bleeders are already paused by the bleed driver).
        /// </summary>
        /// <param name="mux">Mux scanner.</param>
        /// <param name="cells">Cells in series.</param>
        public void Read(MuxScanner mux, int cells)
        {
            for (int ch = 0; ch < cells; ch++)
            {
                _sums[ch] = mux.ReadSum(Bmu16.AdcMuxCells, ch);
            }
        }

        /// <summary>
        /// Converts the cells read into <see cref="ModuleStatus.CellVoltageMv"/>, the extremes and
        /// <see cref="ModuleStatus.MeasurementValid"/>; flags an open sense wire or a stuck converter input.
        /// </summary>
        /// <param name="cells">Cells in series.</param>
        /// <param name="n">Conversions summed per reading.</param>
        /// <param name="adc">ADC correction.</param>
        /// <param name="calibration">Calibration constants, applied when <paramref name="useCalibration"/>.</param>
        /// <param name="useCalibration">Apply the per-channel calibration.</param>
        /// <param name="status">Module status (its module voltage of this scan is read, the cells written).</param>
        /// <param name="faults">Sensor faults of this scan.</param>
        public void Convert(int cells, float n, AdcCorrection adc, Calibration calibration, bool useCalibration, ModuleStatus status, SensorFaultDebounce faults)
        {
            int sum = 0;
            int min = int.MaxValue;
            int max = int.MinValue;
            int minIndex = 0;
            int maxIndex = 0;
            bool allEqual = true;
            int implausible = -1;
            for (int i = 0; i < cells; i++)
            {
                float raw = adc.Convert(_sums[i] / n) / AmpGain;
                _rawMv[i] = raw;
                float step = raw - _rawAverageMv[i];
                _rawAverageMv[i] = _averageSeeded && step < 20f && step > -20f ? _rawAverageMv[i] + (step * 0.125f) : raw;
                float calibrated = useCalibration ? calibration.Apply(i, raw) : raw;
                int mv = FloatMath.Round(calibrated);
                status.CellVoltageMv[i] = mv;
                sum += mv;
                if (i > 0 && _sums[i] != _sums[0])
                {
                    allEqual = false;
                }

                if (mv < OpenWireLowMv || mv > OpenWireHighMv)
                {
                    // not a cell voltage: a sensor fault, kept out of the extremes the limits compare
                    implausible = implausible < 0 ? i : implausible;
                    continue;
                }

                if (mv < min)
                {
                    min = mv;
                    minIndex = i;
                }

                if (mv > max)
                {
                    max = mv;
                    maxIndex = i;
                }
            }

            _averageSeeded = true;
            FlagImplausible(cells, allEqual, implausible, status, faults);
            status.SumOfCellsMv = sum;
            if (min > max)
            {
                // no plausible cell at all: nothing for the cell limits to compare
                status.MeasurementValid = false;
                return;
            }

            status.MinCellMv = min;
            status.MaxCellMv = max;
            status.MinCellIndex = minIndex;
            status.MaxCellIndex = maxIndex;
            status.MeasurementValid = true;
        }

        private static void FlagImplausible(int cells, bool allEqual, int implausible, ModuleStatus status, SensorFaultDebounce faults)
        {
            // every cell channel returning the same code while the divider says otherwise: mux A's converter
            // input is stuck (identical healthy cells read the same too, but then they agree with the divider)
            int perCellMv = status.ModuleVoltageMv / cells;
            int firstMv = status.CellVoltageMv[0];
            if (allEqual && cells > 1 && (perCellMv - firstMv > 200 || firstMv - perCellMv > 200))
            {
                faults.Flag(SensorFaultIds.AdcStuck, Bmu16.AdcMuxCells);
            }
            else if (implausible >= 0)
            {
                // a cell far outside any cell voltage: the tap above it is open (the top tap reads the top cell
                // as 0 V); value = tap number, tap n between cell n and n+1 counted from 1
                faults.Flag(SensorFaultIds.OpenSenseWire, implausible + 1);
            }
        }
    }
}
