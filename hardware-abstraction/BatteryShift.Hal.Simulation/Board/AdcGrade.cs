namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// Which ESP32 ADC the simulated board carries (docs/adc-model.md). <see cref="Typical"/> is the default of the
    /// simulator and the tests: the per-chip errors of a middling chip. <see cref="Worst"/> draws every error term
    /// across the whole published range, corners included, with calibration at 25 C and use at 0-45 C in mind.
    /// <see cref="Ideal"/> switches the ADC's own errors off (quantisation and clipping stay; the front end keeps
    /// its tolerances).
    /// </summary>
    public enum AdcGrade
    {
        /// <summary>12-bit quantisation and clipping only: 3.1 V full scale, no offset, no INL, DNL or noise.</summary>
        Ideal,

        /// <summary>The chip the firmware was first tuned on (<see cref="BoardParameters"/> ranges).</summary>
        Typical,

        /// <summary>Every term across the datasheet's and measured chips' range (<see cref="WorstAdcRanges"/>).</summary>
        Worst,
    }
}
