using BatteryShift.Bms.Board;

namespace BatteryShift.Bms.Measurement
{
    /// <summary>
    /// Per-channel calibration constants entered from a multimeter: for each cell channel a gain and an
    /// offset applied after the per-scan ADC correction (they take out the difference-amplifier tolerance and
    /// the mux offset, docs/hardware.md "accuracy chain"), and a gain for the current channel. A first point sets
    /// the offset alone; a second point at least <see cref="MinPointSpanMv"/> away sets gain and offset.
    /// </summary>
    public sealed class Calibration
    {
        /// <summary>Smallest distance between the two points of a two-point calibration, mV.</summary>
        public const int MinPointSpanMv = 100;

        /// <summary>Gain scale of the stored integers (1000000 = 1.0).</summary>
        public const int GainScale = 1000000;

        /// <summary>Largest accepted gain deviation from 1 (amplifier tolerance is about 1 %).</summary>
        public const float MaxGainDeviation = 0.05f;

        /// <summary>Largest accepted cell offset, mV.</summary>
        public const int MaxOffsetMv = 100;

        private readonly float[] _gain = new float[Bmu16.MaxCells];
        private readonly float[] _offsetMv = new float[Bmu16.MaxCells];
        private readonly float[] _pointRawMv = new float[Bmu16.MaxCells];
        private readonly float[] _pointTrueMv = new float[Bmu16.MaxCells];
        private readonly bool[] _hasPoint = new bool[Bmu16.MaxCells];
        private readonly bool[] _twoPoint = new bool[Bmu16.MaxCells];

        /// <summary>
        /// Identity calibration.
        /// </summary>
        public Calibration()
        {
            Reset();
        }

        /// <summary>Gain of the current channel (1.0 = nominal 2 mV/A).</summary>
        public float CurrentGain { get; private set; }

        /// <summary>
        /// Back to identity.
        /// </summary>
        public void Reset()
        {
            for (int i = 0; i < Bmu16.MaxCells; i++)
            {
                _gain[i] = 1f;
                _offsetMv[i] = 0f;
                _hasPoint[i] = false;
                _twoPoint[i] = false;
            }

            CurrentGain = 1f;
        }

        /// <summary>
        /// Takes every constant, pending point and flag of another calibration (the guard works on a copy).
        /// </summary>
        /// <param name="other">The calibration to copy.</param>
        public void CopyFrom(Calibration other)
        {
            for (int i = 0; i < Bmu16.MaxCells; i++)
            {
                _gain[i] = other._gain[i];
                _offsetMv[i] = other._offsetMv[i];
                _pointRawMv[i] = other._pointRawMv[i];
                _pointTrueMv[i] = other._pointTrueMv[i];
                _hasPoint[i] = other._hasPoint[i];
                _twoPoint[i] = other._twoPoint[i];
            }

            CurrentGain = other.CurrentGain;
        }

        /// <summary>
        /// Calibrated cell voltage.
        /// </summary>
        /// <param name="cell">Cell index 0..15.</param>
        /// <param name="rawMv">Reading after the ADC correction, mV.</param>
        /// <returns>mV.</returns>
        public float Apply(int cell, float rawMv)
        {
            return (_gain[cell] * rawMv) + _offsetMv[cell];
        }

        /// <summary>Gain of a cell channel.</summary>
        /// <param name="cell">Cell index.</param>
        /// <returns>Gain (1.0 nominal).</returns>
        public float Gain(int cell)
        {
            return _gain[cell];
        }

        /// <summary>Offset of a cell channel, mV.</summary>
        /// <param name="cell">Cell index.</param>
        /// <returns>Offset, mV.</returns>
        public float OffsetMv(int cell)
        {
            return _offsetMv[cell];
        }

        /// <summary>
        /// True when the channel's gain and offset come from a completed two-point calibration (entered or
        /// loaded from the store); a later single point only moves the offset and keeps this.
        /// </summary>
        /// <param name="cell">Cell index.</param>
        /// <returns>True when calibrated with two points.</returns>
        public bool IsTwoPoint(int cell)
        {
            return _twoPoint[cell];
        }

        /// <summary>Bit n set when cell n+1 is calibrated with two points (<see cref="IsTwoPoint"/>).</summary>
        public int TwoPointMask
        {
            get
            {
                int mask = 0;
                for (int i = 0; i < Bmu16.MaxCells; i++)
                {
                    if (_twoPoint[i])
                    {
                        mask |= 1 << i;
                    }
                }

                return mask;
            }
        }

        /// <summary>
        /// Marks the channels whose constants came from a two-point calibration (used by the store).
        /// </summary>
        /// <param name="mask">Bit n for cell n+1.</param>
        public void LoadTwoPointMask(int mask)
        {
            for (int i = 0; i < Bmu16.MaxCells; i++)
            {
                _twoPoint[i] = ((mask >> i) & 1) != 0;
            }
        }

        /// <summary>True when a first point is waiting for its second.</summary>
        /// <param name="cell">Cell index.</param>
        /// <returns>True when pending.</returns>
        public bool HasFirstPoint(int cell)
        {
            return _hasPoint[cell];
        }

        /// <summary>
        /// Takes a multimeter reading of a cell. The first point (or one too close to the pending point) sets
        /// the offset with the gain kept; the second sets gain and offset through both points.
        /// </summary>
        /// <param name="cell">Cell index 0..15.</param>
        /// <param name="rawMv">The channel's reading after ADC correction, averaged, mV.</param>
        /// <param name="trueMv">Multimeter reading, mV.</param>
        /// <returns>A <see cref="ResultCode"/>; OutOfRange leaves the constants unchanged.</returns>
        public int AddPoint(int cell, float rawMv, int trueMv)
        {
            if (_hasPoint[cell])
            {
                float span = rawMv - _pointRawMv[cell];
                if (span >= MinPointSpanMv || span <= -MinPointSpanMv)
                {
                    float gain = (trueMv - _pointTrueMv[cell]) / span;
                    float offset = trueMv - (gain * rawMv);
                    if (gain < 1f - MaxGainDeviation || gain > 1f + MaxGainDeviation || offset > MaxOffsetMv * 2 || offset < -MaxOffsetMv * 2)
                    {
                        return ResultCode.OutOfRange;
                    }

                    _gain[cell] = gain;
                    _offsetMv[cell] = offset;
                    _hasPoint[cell] = false;
                    _twoPoint[cell] = true;
                    return ResultCode.Ok;
                }
            }

            float newOffset = trueMv - (_gain[cell] * rawMv);
            if (newOffset > MaxOffsetMv || newOffset < -MaxOffsetMv)
            {
                return ResultCode.OutOfRange;
            }

            _offsetMv[cell] = newOffset;
            _pointRawMv[cell] = rawMv;
            _pointTrueMv[cell] = trueMv;
            _hasPoint[cell] = true;
            return ResultCode.Ok;
        }

        /// <summary>
        /// Sets the current gain from a clamp-meter reading against the uncalibrated (offset-free) reading.
        /// </summary>
        /// <param name="rawMa">Reading with gain 1, mA (at least 10 A in magnitude).</param>
        /// <param name="trueMa">Reference reading, mA.</param>
        /// <returns>A <see cref="ResultCode"/>.</returns>
        public int SetCurrentGain(float rawMa, int trueMa)
        {
            if (rawMa < 10000f && rawMa > -10000f)
            {
                return ResultCode.BadArgument;
            }

            float gain = trueMa / rawMa;
            if (gain < 1f - MaxGainDeviation || gain > 1f + MaxGainDeviation)
            {
                return ResultCode.OutOfRange;
            }

            CurrentGain = gain;
            return ResultCode.Ok;
        }

        /// <summary>
        /// Loads stored constants (no plausibility check beyond the limits; used by the store).
        /// </summary>
        /// <param name="cell">Cell index.</param>
        /// <param name="gainE6">Gain x 1e6.</param>
        /// <param name="offsetUv">Offset, microvolts.</param>
        /// <returns>True when within the accepted limits.</returns>
        public bool Load(int cell, int gainE6, int offsetUv)
        {
            if (!IsPlausible(gainE6, offsetUv))
            {
                return false;
            }

            _gain[cell] = gainE6 / (float)GainScale;
            _offsetMv[cell] = offsetUv / 1000f;
            return true;
        }

        /// <summary>
        /// True when stored constants of a cell channel are within the accepted limits (what <see cref="Load"/>
        /// accepts), checked without loading them.
        /// </summary>
        /// <param name="gainE6">Gain x 1e6.</param>
        /// <param name="offsetUv">Offset, microvolts.</param>
        /// <returns>True when plausible.</returns>
        public static bool IsPlausible(int gainE6, int offsetUv)
        {
            float gain = gainE6 / (float)GainScale;
            float offset = offsetUv / 1000f;
            return !(gain < 1f - MaxGainDeviation || gain > 1f + MaxGainDeviation || offset > MaxOffsetMv * 2 || offset < -MaxOffsetMv * 2);
        }

        /// <summary>
        /// Loads a stored current gain.
        /// </summary>
        /// <param name="gainE6">Gain x 1e6.</param>
        /// <returns>True when within the accepted limits.</returns>
        public bool LoadCurrentGain(int gainE6)
        {
            if (!IsPlausibleCurrentGain(gainE6))
            {
                return false;
            }

            CurrentGain = gainE6 / (float)GainScale;
            return true;
        }

        /// <summary>
        /// True when a stored current gain is within the accepted limits (what <see cref="LoadCurrentGain"/> accepts).
        /// </summary>
        /// <param name="gainE6">Gain x 1e6.</param>
        /// <returns>True when plausible.</returns>
        public static bool IsPlausibleCurrentGain(int gainE6)
        {
            float gain = gainE6 / (float)GainScale;
            return !(gain < 1f - MaxGainDeviation || gain > 1f + MaxGainDeviation);
        }
    }
}
