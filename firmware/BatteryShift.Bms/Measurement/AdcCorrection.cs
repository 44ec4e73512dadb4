using BatteryShift.Bms.Board;

namespace BatteryShift.Bms.Measurement
{
    /// <summary>
    /// Per-scan correction of the ESP32 ADC (gain, offset and quadratic bow) from the three precision
    /// references on mux B: REF_LO 0.500 V, REF_MID 1.250 V, REF_HI 2.048 V (docs/hardware.md). The quadratic
    /// through the three (counts, mV) points maps any later reading of the same converter to millivolts.
    /// A set of references that fails the plausibility window is refused and the last good fit stays.
    /// </summary>
    public sealed class AdcCorrection
    {
        /// <summary>Nominal full scale of the ESP32 ADC at 12 dB for Vref 1100 mV, mV (per code: 3100/4095).</summary>
        public const float NominalFullScaleMv = 3100f;

        /// <summary>Smallest plausible slope, mV per count (Vref 1000 mV and margin).</summary>
        public const float MinSlopeMvPerCount = 0.55f;

        /// <summary>Largest plausible slope, mV per count (Vref 1200 mV and margin).</summary>
        public const float MaxSlopeMvPerCount = 1.0f;

        private float _lowCounts;
        private float _midCounts;
        private float _slopeLow;
        private float _curvature;
        private bool _valid;

        /// <summary>
        /// Starts with the nominal transfer (no offset, 3100 mV full scale).
        /// </summary>
        public AdcCorrection()
        {
            Reset();
        }

        /// <summary>Apply the correction in <see cref="Convert"/> (off only to measure what it gains): true by default.</summary>
        public bool Enabled { get; set; } = true;

        /// <summary>True when the last fit came from references that passed the window.</summary>
        public bool Valid
        {
            get { return _valid; }
        }

        /// <summary>Mux B channel of the reference that failed the last check, or -1.</summary>
        public int FailedReference { get; private set; }

        /// <summary>True when the last references showed no spread at all (converter stuck).</summary>
        public bool Stuck { get; private set; }

        /// <summary>Slope at REF_LO, mV per count, of the fit in use.</summary>
        public float SlopeMvPerCount
        {
            get { return _slopeLow; }
        }

        /// <summary>
        /// Back to the nominal transfer, without correction.
        /// </summary>
        public void Reset()
        {
            _slopeLow = NominalFullScaleMv / Bmu16.MaxAdcCount;
            _lowCounts = Bmu16.RefLowMv / _slopeLow;
            _midCounts = Bmu16.RefMidMv / _slopeLow;
            _curvature = 0f;
            _valid = false;
            FailedReference = -1;
            Stuck = false;
        }

        /// <summary>
        /// Fits the correction to a new reading of the references. Refused (last fit kept) when the references
        /// fall outside the window a healthy converter and healthy references produce.
        /// </summary>
        /// <param name="lowCounts">REF_LO, mean counts.</param>
        /// <param name="midCounts">REF_MID, mean counts.</param>
        /// <param name="highCounts">REF_HI, mean counts.</param>
        /// <returns>True when accepted.</returns>
        public bool Update(float lowCounts, float midCounts, float highCounts)
        {
            Stuck = false;
            FailedReference = -1;
            float span = highCounts - lowCounts;
            if (span < 0f)
            {
                span = -span;
            }

            if (span < 50f)
            {
                Stuck = true;
                return false;
            }

            // each reference alone must sit where some converter of the modelled spread would put it:
            // counts = (mV - offset) / slope, offset 0..150 mV
            if (!Plausible(Bmu16.RefLowMv, lowCounts))
            {
                FailedReference = Bmu16.AuxRefLow;
                return false;
            }

            if (!Plausible(Bmu16.RefMidMv, midCounts))
            {
                FailedReference = Bmu16.AuxRefMid;
                return false;
            }

            if (!Plausible(Bmu16.RefHighMv, highCounts))
            {
                FailedReference = Bmu16.AuxRefHigh;
                return false;
            }

            float slope1 = (Bmu16.RefMidMv - Bmu16.RefLowMv) / (midCounts - lowCounts);
            float slope2 = (Bmu16.RefHighMv - Bmu16.RefMidMv) / (highCounts - midCounts);

            // the two slopes differ only by the bow (+-12 LSB, docs/hardware.md): a few percent at most
            float ratio = slope2 / slope1;
            if (ratio < 0.94f || ratio > 1.06f || slope1 < MinSlopeMvPerCount || slope1 > MaxSlopeMvPerCount)
            {
                FailedReference = ratio < 1f ? Bmu16.AuxRefHigh : Bmu16.AuxRefMid;
                return false;
            }

            _lowCounts = lowCounts;
            _midCounts = midCounts;
            _slopeLow = slope1;
            _curvature = (slope2 - slope1) / (highCounts - lowCounts);
            _valid = true;
            return true;
        }

        /// <summary>
        /// Millivolts at the ADC pin for a mean reading.
        /// </summary>
        /// <param name="counts">Mean counts.</param>
        /// <returns>mV.</returns>
        public float ToMv(float counts)
        {
            float dx = counts - _lowCounts;
            return Bmu16.RefLowMv + (_slopeLow * dx) + (_curvature * dx * (counts - _midCounts));
        }

        /// <summary>
        /// Millivolts of a reading as the measurement uses it: corrected by the fit in use while <see cref="Enabled"/>,
        /// else by the nominal transfer.
        /// </summary>
        /// <param name="counts">Mean counts.</param>
        /// <returns>mV.</returns>
        public float Convert(float counts)
        {
            return Enabled ? ToMv(counts) : NominalMv(counts);
        }

        /// <summary>
        /// Millivolts by the nominal transfer (3100 mV full scale, no offset): what an uncorrected reading shows.
        /// </summary>
        /// <param name="counts">Mean counts.</param>
        /// <returns>mV.</returns>
        public static float NominalMv(float counts)
        {
            return counts * (NominalFullScaleMv / Bmu16.MaxAdcCount);
        }

        private static bool Plausible(int mv, float counts)
        {
            float lowest = (mv - 150f) / MaxSlopeMvPerCount;
            float highest = mv / MinSlopeMvPerCount;
            return counts >= lowest && counts <= highest;
        }
    }
}
