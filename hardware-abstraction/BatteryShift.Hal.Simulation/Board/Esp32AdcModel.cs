using System;
using BatteryShift.Bms.Board;

namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// The ESP32 SAR ADC at 12 dB attenuation as nanoFramework returns it: raw, uncalibrated 12-bit counts
    /// (docs/hardware.md, ESP32 datasheet v4.9 tables 4-3/4-4). Per-chip values drawn from the seed:
    /// gain from Vref (1000-1200 mV: full scale about 3.1 V x Vref / 1.1 V), a zero offset (input below which it
    /// reads 0), a smooth INL bow (quadratic plus a smaller cubic part, at most +-12 LSB), a per-code DNL table;
    /// per-conversion noise; compression above about 2.45 V; quantisation and clipping to 0..4095. A worst-case chip
    /// (<see cref="AdcGrade.Worst"/>) draws its bow, tempcos and the terms of <see cref="Esp32AdcWorstTerms"/> across
    /// the ranges of <see cref="WorstAdcRanges"/> instead (docs/adc-model.md).
    /// </summary>
    public sealed class Esp32AdcModel
    {
        private readonly double[] _dnl;
        private double _countsPerVolt;
        private readonly FrontEndErrors _errors;
        private double _noiseLsb;
        private readonly double _linearTopV;
        private double _compression;
        private readonly Esp32AdcWorstTerms? _worst;

        /// <summary>Draws one chip.</summary>
        /// <param name="board">Ranges.</param>
        /// <param name="errors">Which errors are on.</param>
        /// <param name="random">Seeded generator.</param>
        public Esp32AdcModel(BoardParameters board, FrontEndErrors errors, SimRandom random)
        {
            _errors = errors;
            VrefMv = random.Uniform(board.AdcVrefMinMv, board.AdcVrefMaxMv);
            OffsetV = random.Uniform(board.AdcOffsetMinV, board.AdcOffsetMaxV);
            double inl = random.Uniform(0.5, 1.0) * board.AdcInlMaxLsb;
            InlQuadraticLsb = (random.NextDouble() < 0.5 ? -1 : 1) * inl * 0.8;
            InlCubicLsb = random.NextSigned() * inl * 0.2;
            _dnl = new double[Bmu16.MaxAdcCount + 2];
            for (int i = 0; i < _dnl.Length; i++)
            {
                _dnl[i] = random.NextSigned() * board.AdcDnlLsb;
            }

            if (!errors.AdcGain)
            {
                VrefMv = 1100;
            }

            if (!errors.AdcOffset)
            {
                OffsetV = 0;
            }

            if (!errors.AdcInl)
            {
                InlQuadraticLsb = 0;
                InlCubicLsb = 0;
            }

            FullScaleV = board.AdcFullScaleAtNominalV * VrefMv / 1100.0;
            _countsPerVolt = Bmu16.MaxAdcCount / FullScaleV;
            _noiseLsb = errors.AdcNoise ? board.AdcNoiseLsb : 0;
            _linearTopV = board.AdcLinearTopV;
            _compression = errors.AdcCompression ? board.AdcCompressionSlope : 1.0;
            GainTempcoPerK = errors.AdcGain ? random.NextSigned() * board.AdcGainTempcoPpmPerK * 1e-6 : 0;
            OffsetTempcoVPerK = errors.AdcOffset ? random.NextSigned() * board.AdcOffsetTempcoUvPerK * 1e-6 : 0;
        }

        /// <summary>Draws one worst-case chip: the typical draws first (so a seed's other streams stay), then the worst terms.</summary>
        /// <param name="board">Ranges of the typical terms (Vref, offset).</param>
        /// <param name="errors">Which errors are on.</param>
        /// <param name="random">Seeded generator of the typical terms.</param>
        /// <param name="ranges">Ranges of the worst-case terms.</param>
        /// <param name="worstRandom">Seeded generator of the worst-case terms.</param>
        /// <param name="corner">Corner chip 0..15 (every magnitude at its limit), or -1 for a drawn chip.</param>
        public Esp32AdcModel(BoardParameters board, FrontEndErrors errors, SimRandom random, WorstAdcRanges ranges, SimRandom worstRandom, int corner)
            : this(board, errors, random)
        {
            var draw = new TermDraw(worstRandom, corner);
            double vref = draw.Range(board.AdcVrefMinMv, board.AdcVrefMaxMv, (corner & 1) != 0 ? board.AdcVrefMinMv : board.AdcVrefMaxMv);
            double offset = draw.Range(board.AdcOffsetMinV, board.AdcOffsetMaxV, board.AdcOffsetMaxV);
            if (draw.IsCorner && errors.AdcGain)
            {
                VrefMv = vref;
                FullScaleV = board.AdcFullScaleAtNominalV * VrefMv / 1100.0;
                _countsPerVolt = Bmu16.MaxAdcCount / FullScaleV;
            }

            if (draw.IsCorner && errors.AdcOffset)
            {
                OffsetV = offset;
            }

            _worst = new Esp32AdcWorstTerms(ranges, errors, draw);
            InlQuadraticLsb = _worst.BowLsb * (1 - _worst.BowCubicShare);
            InlCubicLsb = _worst.BowLsb * _worst.BowCubicShare;
            _noiseLsb = _worst.NoiseLsb;
            _compression = 1.0;
            double gain = draw.Signed(ranges.AdcGainTempcoPpmPerK, 2) * 1e-6;
            double off = draw.Signed(ranges.AdcOffsetTempcoUvPerK, 2) * 1e-6;
            GainTempcoPerK = errors.AdcGain ? gain : 0;
            OffsetTempcoVPerK = errors.AdcOffset ? off : 0;
        }

        /// <summary>The worst-case terms (null on a typical or ideal chip).</summary>
        public Esp32AdcWorstTerms? Worst => _worst;

        /// <summary>Gain change per kelvin of die (board) temperature away from 25 C, fraction.</summary>
        public double GainTempcoPerK { get; private set; }

        /// <summary>Offset change per kelvin, V.</summary>
        public double OffsetTempcoVPerK { get; private set; }

        /// <summary>This chip's Vref, mV.</summary>
        public double VrefMv { get; private set; }

        /// <summary>Input giving count 0 (before the bow), V.</summary>
        public double OffsetV { get; private set; }

        /// <summary>Full scale (count 4095 without bow), V.</summary>
        public double FullScaleV { get; private set; }

        /// <summary>Quadratic bow amplitude at mid-scale, LSB.</summary>
        public double InlQuadraticLsb { get; private set; }

        /// <summary>Cubic bow amplitude, LSB.</summary>
        public double InlCubicLsb { get; private set; }

        /// <summary>Noise, LSB rms.</summary>
        public double NoiseLsb => _noiseLsb;

        /// <summary>
        /// The chip's mean transfer (no noise, no DNL, no quantisation), counts, not clipped.
        /// </summary>
        /// <param name="volts">Input, V.</param>
        /// <returns>Counts.</returns>
        public double MeanCounts(double volts)
        {
            return MeanCounts(volts, 25.0);
        }

        /// <summary>
        /// The chip's mean transfer at a die temperature (gain and offset drift), counts, not clipped.
        /// </summary>
        /// <param name="volts">Input, V.</param>
        /// <param name="dieC">Die temperature, C.</param>
        /// <returns>Counts.</returns>
        public double MeanCounts(double volts, double dieC)
        {
            double v = volts;
            if (v > _linearTopV)
            {
                v = _linearTopV + (v - _linearTopV) * _compression;
            }

            double dt = dieC - 25.0;
            double c = (v - OffsetV - OffsetTempcoVPerK * dt) * _countsPerVolt * (1.0 - GainTempcoPerK * dt);
            if (_worst != null)
            {
                c = _worst.Compress(c) + _worst.RoughInlLsb(c);
            }

            double u = c / Bmu16.MaxAdcCount;
            if (u > 0 && u < 1)
            {
                double w = u * (1 - u);
                c += InlQuadraticLsb * 4.0 * w + InlCubicLsb * 10.392304845413264 * w * (2 * u - 1);
            }

            return c;
        }

        /// <summary>One conversion.</summary>
        /// <param name="volts">Input, V.</param>
        /// <param name="random">Noise source.</param>
        /// <returns>Counts 0..4095.</returns>
        public int Convert(double volts, SimRandom random)
        {
            return Convert(volts, 25.0, random);
        }

        /// <summary>One conversion at a die temperature.</summary>
        /// <param name="volts">Input, V.</param>
        /// <param name="dieC">Die temperature, C.</param>
        /// <param name="random">Noise source.</param>
        /// <returns>Counts 0..4095.</returns>
        public int Convert(double volts, double dieC, SimRandom random)
        {
            return ConvertMean(MeanCounts(volts, dieC), random);
        }

        /// <summary>One conversion of an input whose mean transfer is already known (noise, DNL, quantisation).</summary>
        /// <param name="meanCounts">Result of <see cref="MeanCounts(double, double)"/>.</param>
        /// <param name="random">Noise source.</param>
        /// <returns>Counts 0..4095.</returns>
        public int ConvertMean(double meanCounts, SimRandom random)
        {
            double c = meanCounts;
            if (_worst != null)
            {
                return _worst.Quantise(c + _worst.Noise(random));
            }

            if (_noiseLsb > 0)
            {
                c += _noiseLsb * random.NextNoise();
            }

            if (c <= 0)
            {
                return 0;
            }

            if (c >= Bmu16.MaxAdcCount)
            {
                return Bmu16.MaxAdcCount;
            }

            if (_errors.AdcDnl)
            {
                c += _dnl[(int)c];
            }

            int counts = (int)Math.Round(c, MidpointRounding.AwayFromZero);
            return counts < 0 ? 0 : (counts > Bmu16.MaxAdcCount ? Bmu16.MaxAdcCount : counts);
        }
    }
}
