namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// Switches for each modelled error of the front end and the ESP32 ADC. <see cref="Ideal"/> leaves only
    /// 12-bit quantisation and clipping to 0..4095 (full scale 3.1 V, zero offset): for tests of logic that
    /// should not depend on calibration.
    /// </summary>
    public sealed class FrontEndErrors
    {
        /// <summary>Per-chip ESP32 gain (Vref 1000-1200 mV).</summary>
        public bool AdcGain { get; set; } = true;

        /// <summary>Per-chip ADC zero offset.</summary>
        public bool AdcOffset { get; set; } = true;

        /// <summary>Smooth INL bow.</summary>
        public bool AdcInl { get; set; } = true;

        /// <summary>Per-code DNL.</summary>
        public bool AdcDnl { get; set; } = true;

        /// <summary>Conversion noise.</summary>
        public bool AdcNoise { get; set; } = true;

        /// <summary>Compression above about 2.45 V at 12 dB.</summary>
        public bool AdcCompression { get; set; } = true;

        /// <summary>Per-channel cell amplifier gain tolerance and buffer offsets.</summary>
        public bool AmplifierTolerance { get; set; } = true;

        /// <summary>Reference, divider, rail and NTC tolerances.</summary>
        public bool ComponentTolerance { get; set; } = true;

        /// <summary>Current amplifier offset and gain error.</summary>
        public bool CurrentAmplifier { get; set; } = true;

        /// <summary>Bleed current dropping across the sense wires.</summary>
        public bool SenseWireDrop { get; set; } = true;

        /// <summary>Mux output settling after a select change.</summary>
        public bool MuxSettling { get; set; } = true;

        /// <summary>Every error modelled (the default).</summary>
        public static FrontEndErrors Realistic => new FrontEndErrors();

        /// <summary>No error but quantisation and clipping.</summary>
        public static FrontEndErrors Ideal => new FrontEndErrors
        {
            AdcGain = false,
            AdcOffset = false,
            AdcInl = false,
            AdcDnl = false,
            AdcNoise = false,
            AdcCompression = false,
            AmplifierTolerance = false,
            ComponentTolerance = false,
            CurrentAmplifier = false,
            SenseWireDrop = false,
            MuxSettling = false,
        };

        /// <summary>A copy.</summary>
        /// <returns>The copy.</returns>
        public FrontEndErrors Clone()
        {
            return (FrontEndErrors)MemberwiseClone();
        }
    }
}
