namespace BatteryShift.Hal
{
    /// <summary>
    /// The ESP32's ADC1 as nanoFramework exposes it: raw, uncalibrated counts at 12 dB attenuation.
    /// Calibration is the portable core's job (see docs/hardware.md).
    /// </summary>
    public interface IAdc
    {
        /// <summary>
        /// Largest raw count (4095 for the ESP32's 12-bit converter).
        /// </summary>
        int MaxCount { get; }

        /// <summary>
        /// Opens a channel once at start-up.
        /// </summary>
        /// <param name="channel">nanoFramework ADC channel number (0..7 is ADC1).</param>
        void OpenChannel(int channel);

        /// <summary>
        /// Takes one conversion.
        /// </summary>
        /// <param name="channel">A channel opened with <see cref="OpenChannel"/>.</param>
        /// <returns>Raw counts, 0..<see cref="MaxCount"/>.</returns>
        int Read(int channel);
    }
}
