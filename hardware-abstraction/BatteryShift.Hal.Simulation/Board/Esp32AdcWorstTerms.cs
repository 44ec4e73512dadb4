using System;
using BatteryShift.Bms.Board;

namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// The terms of a worst-case ESP32 ADC chip beyond gain, offset and bow (docs/adc-model.md), each with a closed
    /// form the tests check alone:
    /// <list type="bullet">
    /// <item>Structured DNL: the SAR's capacitor mismatch as a weight error per bit, solved from a drawn step at each
    /// bit carry (the code below a multiple of 2^b is 1 + s_b wide; a negative s_b skips codes), the linear part
    /// removed end to end, plus a random per-code part. <see cref="TransitionCounts"/> is the input at which a code
    /// begins.</item>
    /// <item>Non-smooth INL: piecewise linear between random knots every <see cref="WorstAdcRanges.InlRoughKnotCounts"/>.</item>
    /// <item>Compression above raw <see cref="CompressionStartCounts"/> with a drawn slope.</item>
    /// <item>Noise: a core with a heavy tail (a share of conversions several times wider) and rare spikes.</item>
    /// </list>
    /// </summary>
    public sealed class Esp32AdcWorstTerms
    {
        private const int Bits = 12;
        private readonly double[] _transition = new double[Bmu16.MaxAdcCount + 2];
        private readonly double[] _carryStepLsb = new double[Bits];
        private readonly double[] _knotLsb;
        private readonly int _knotCounts;
        private readonly double _coreLsb;
        private readonly double _tailFraction;
        private readonly double _tailScale;
        private readonly double _spikeMinLsb;
        private readonly double _spikeMaxLsb;

        internal Esp32AdcWorstTerms(WorstAdcRanges ranges, FrontEndErrors errors, TermDraw draw)
        {
            // DNL: a step per carry, solved into per-bit weight errors e_b = s_b + sum_{j<b} e_j
            double[] weightError = new double[Bits];
            double below = 0;
            for (int b = 0; b < Bits; b++)
            {
                double limit = b >= 9 ? ranges.DnlMajorCarryLsb : (b >= 5 ? ranges.DnlMinorCarryLsb : 0);
                double s = draw.Signed(limit, b + 3);
                _carryStepLsb[b] = errors.AdcDnl ? s : 0;
                weightError[b] = _carryStepLsb[b] + below;
                below += weightError[b];
            }

            double total = below;
            _transition[0] = double.NegativeInfinity;
            for (int k = 1; k <= Bmu16.MaxAdcCount + 1; k++)
            {
                double w = 0;
                for (int b = 0; b < Bits; b++)
                {
                    if (((k >> b) & 1) != 0)
                    {
                        w += weightError[b];
                    }
                }

                double r = draw.Scattered(0.5 * ranges.DnlRandomLsb);
                double t = k - 0.5 + w - (k * total / Bmu16.MaxAdcCount) + (errors.AdcDnl ? r : 0);
                _transition[k] = k > 1 && t < _transition[k - 1] ? _transition[k - 1] : t;
            }

            BowLsb = errors.AdcInl ? draw.Signed(ranges.InlBowLsb, 1) : 0;
            BowCubicShare = draw.Range(0, 0.5, 0.2);
            _knotCounts = ranges.InlRoughKnotCounts;
            _knotLsb = new double[(Bmu16.MaxAdcCount / _knotCounts) + 2];
            for (int i = 0; i < _knotLsb.Length; i++)
            {
                double v = draw.Scattered(ranges.InlRoughLsb);
                _knotLsb[i] = errors.AdcInl ? v : 0;
            }

            CompressionStartCounts = ranges.CompressionStartCounts;
            double slope = draw.Range(ranges.CompressionSlopeMin, ranges.CompressionSlopeMax, ranges.CompressionSlopeMin);
            CompressionSlope = errors.AdcCompression ? slope : 1.0;

            double rms = draw.Range(ranges.NoiseMinLsb, ranges.NoiseMaxLsb, ranges.NoiseMaxLsb);
            double spike = draw.Range(0, ranges.SpikeProbabilityMax, ranges.SpikeProbabilityMax);
            NoiseLsb = errors.AdcNoise ? rms : 0;
            SpikeProbability = errors.AdcNoise ? spike : 0;
            _tailFraction = ranges.NoiseTailFraction;
            _tailScale = ranges.NoiseTailScale;
            _coreLsb = NoiseLsb / Math.Sqrt(1 - _tailFraction + (_tailFraction * _tailScale * _tailScale));
            _spikeMinLsb = ranges.SpikeMinLsb;
            _spikeMaxLsb = ranges.SpikeMaxLsb;
        }

        /// <summary>Smooth bow amplitude, LSB (signed).</summary>
        public double BowLsb { get; }

        /// <summary>Share of the bow that is cubic (the rest quadratic).</summary>
        public double BowCubicShare { get; }

        /// <summary>Raw count above which the range compresses.</summary>
        public double CompressionStartCounts { get; }

        /// <summary>Slope above <see cref="CompressionStartCounts"/> (1: none).</summary>
        public double CompressionSlope { get; }

        /// <summary>Noise rms without spikes, LSB (core and tail together).</summary>
        public double NoiseLsb { get; }

        /// <summary>Probability of a spike per conversion.</summary>
        public double SpikeProbability { get; }

        /// <summary>Mean square of a spike, LSB^2 (uniform magnitude between the smallest and largest).</summary>
        public double SpikeMeanSquareLsb2 =>
            ((_spikeMaxLsb * _spikeMaxLsb) + (_spikeMaxLsb * _spikeMinLsb) + (_spikeMinLsb * _spikeMinLsb)) / 3.0;

        /// <summary>Drawn step at the carry into bit <paramref name="bit"/>, LSB.</summary>
        /// <param name="bit">0..11.</param>
        /// <returns>LSB.</returns>
        public double CarryStepLsb(int bit) => _carryStepLsb[bit];

        /// <summary>The input (ideal counts) at which <paramref name="code"/> begins; code 0 begins at minus infinity.</summary>
        /// <param name="code">0..4096.</param>
        /// <returns>Counts.</returns>
        public double TransitionCounts(int code) => _transition[code];

        /// <summary>Width of a code, LSB (1 + DNL; 0 for a missing code).</summary>
        /// <param name="code">1..4094.</param>
        /// <returns>LSB.</returns>
        public double CodeWidthLsb(int code) => _transition[code + 1] - _transition[code];

        /// <summary>The non-smooth INL at an input, LSB.</summary>
        /// <param name="counts">Input, counts.</param>
        /// <returns>LSB.</returns>
        public double RoughInlLsb(double counts)
        {
            double x = counts / _knotCounts;
            if (x <= 0)
            {
                return _knotLsb[0];
            }

            int i = (int)x;
            if (i >= _knotLsb.Length - 1)
            {
                return _knotLsb[_knotLsb.Length - 1];
            }

            double f = x - i;
            return _knotLsb[i] + (f * (_knotLsb[i + 1] - _knotLsb[i]));
        }

        /// <summary>The compression of the top of the range applied to linear counts.</summary>
        /// <param name="counts">Linear counts.</param>
        /// <returns>Counts.</returns>
        public double Compress(double counts)
        {
            return counts > CompressionStartCounts ? CompressionStartCounts + ((counts - CompressionStartCounts) * CompressionSlope) : counts;
        }

        /// <summary>The code a noiseless input lands on (the transitions; clipped to 0..4095).</summary>
        /// <param name="counts">Input, counts.</param>
        /// <returns>Code.</returns>
        public int Quantise(double counts)
        {
            if (double.IsNaN(counts) || counts <= _transition[1])
            {
                return 0;
            }

            int k = counts >= Bmu16.MaxAdcCount ? Bmu16.MaxAdcCount : (int)counts;
            while (k > 0 && _transition[k] > counts)
            {
                k--;
            }

            while (k < Bmu16.MaxAdcCount && _transition[k + 1] <= counts)
            {
                k++;
            }

            return k;
        }

        /// <summary>One draw of the conversion noise, spikes included, LSB.</summary>
        /// <param name="random">Noise source.</param>
        /// <returns>LSB.</returns>
        public double Noise(SimRandom random)
        {
            if (NoiseLsb <= 0 && SpikeProbability <= 0)
            {
                return 0;
            }

            double n = _coreLsb * random.NextNoise();
            ulong bits = random.NextUInt64();
            double u = (bits >> 11) * (1.0 / 9007199254740992.0);
            if (u < _tailFraction)
            {
                n *= _tailScale;
            }

            if (SpikeProbability > 0)
            {
                double v = random.NextDouble();
                if (v < SpikeProbability)
                {
                    double size = _spikeMinLsb + ((_spikeMaxLsb - _spikeMinLsb) * (v / SpikeProbability));
                    n += (bits & 1) != 0 ? size : -size;
                }
            }

            return n;
        }
    }
}
