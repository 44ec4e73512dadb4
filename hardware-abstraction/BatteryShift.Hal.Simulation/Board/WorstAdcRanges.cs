namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// The ranges the worst-case ADC (<see cref="AdcGrade.Worst"/>) draws its per-chip and per-board terms from, each
    /// at the limit of its published source (docs/adc-model.md gives the source of every figure). A chip is drawn
    /// uniformly inside each range; a corner chip (<see cref="SimulationOptions.AdcCorner"/>) takes every magnitude
    /// at its limit with the signs the corner index picks.
    /// </summary>
    public sealed class WorstAdcRanges
    {
        /// <summary>Largest step at the major bit carries (codes that are multiples of 512, 1024, 2048), +- LSB.</summary>
        public double DnlMajorCarryLsb { get; set; } = 7.0;

        /// <summary>Largest step at the minor carries (multiples of 32 to 256), +- LSB.</summary>
        public double DnlMinorCarryLsb { get; set; } = 2.0;

        /// <summary>Random per-code DNL on top of the carries, +- LSB (peak, uniform).</summary>
        public double DnlRandomLsb { get; set; } = 1.0;

        /// <summary>Largest smooth INL bow, +- LSB (quadratic plus a cubic part).</summary>
        public double InlBowLsb { get; set; } = 12.0;

        /// <summary>Largest non-smooth INL part, +- LSB (piecewise linear between random knots).</summary>
        public double InlRoughLsb { get; set; } = 4.0;

        /// <summary>Spacing of the non-smooth INL knots, counts.</summary>
        public int InlRoughKnotCounts { get; set; } = 128;

        /// <summary>Lowest conversion noise, LSB rms (tails and spikes excluded).</summary>
        public double NoiseMinLsb { get; set; } = 2.0;

        /// <summary>Highest conversion noise, LSB rms (tails and spikes excluded).</summary>
        public double NoiseMaxLsb { get; set; } = 6.0;

        /// <summary>Share of conversions drawn from the wide part of the noise (heavy tail).</summary>
        public double NoiseTailFraction { get; set; } = 0.05;

        /// <summary>Width of the tail relative to the core.</summary>
        public double NoiseTailScale { get; set; } = 4.0;

        /// <summary>Highest probability of a spike per conversion (Wi-Fi transmit bursts).</summary>
        public double SpikeProbabilityMax { get; set; } = 2e-3;

        /// <summary>Smallest spike, LSB.</summary>
        public double SpikeMinLsb { get; set; } = 30;

        /// <summary>Largest spike, LSB.</summary>
        public double SpikeMaxLsb { get; set; } = 400;

        /// <summary>Raw count above which the 11/12 dB range compresses (Espressif's calibration treats it apart).</summary>
        public double CompressionStartCounts { get; set; } = 2880;

        /// <summary>Lowest slope above <see cref="CompressionStartCounts"/>, relative to the linear range.</summary>
        public double CompressionSlopeMin { get; set; } = 0.75;

        /// <summary>Highest slope above <see cref="CompressionStartCounts"/>.</summary>
        public double CompressionSlopeMax { get; set; } = 0.95;

        /// <summary>Largest ADC gain temperature coefficient (Vref and attenuator), +- ppm/K.</summary>
        public double AdcGainTempcoPpmPerK { get; set; } = 150;

        /// <summary>Largest ADC offset temperature coefficient, +- uV/K.</summary>
        public double AdcOffsetTempcoUvPerK { get; set; } = 100;

        /// <summary>Largest reference temperature coefficient (REF3020, REF3012), +- ppm/K.</summary>
        public double ReferenceTempcoPpmPerK { get; set; } = 50;

        /// <summary>Largest tempco of the REF_LO divider's ratio, +- ppm/K (two 25 ppm/K resistors).</summary>
        public double RefLowDividerTempcoPpmPerK { get; set; } = 30;

        /// <summary>Largest cell channel gain tempco (INA149 plus its 0.6 divider), +- ppm/K.</summary>
        public double CellAmpGainTempcoPpmPerK { get; set; } = 30;

        /// <summary>Lowest common-mode rejection of a cell amplifier, dB.</summary>
        public double CellAmpCmrrDb { get; set; } = 90;

        /// <summary>Largest mux buffer offset, +- V (MCP6002).</summary>
        public double BufferOffsetV { get; set; } = 4.5e-3;

        /// <summary>Largest mux buffer offset drift, +- uV/K.</summary>
        public double BufferOffsetTempcoUvPerK { get; set; } = 6;

        /// <summary>Largest current amplifier gain drift (INA240), +- ppm/K.</summary>
        public double CurrentAmpGainTempcoPpmPerK { get; set; } = 2.5;

        /// <summary>Largest current amplifier input offset drift (INA240), +- uV/K.</summary>
        public double CurrentAmpOffsetTempcoUvPerK { get; set; } = 0.25;

        /// <summary>A copy.</summary>
        /// <returns>The copy.</returns>
        public WorstAdcRanges Clone()
        {
            return (WorstAdcRanges)MemberwiseClone();
        }
    }
}
