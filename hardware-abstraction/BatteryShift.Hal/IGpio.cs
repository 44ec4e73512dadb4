namespace BatteryShift.Hal
{
    /// <summary>
    /// The controller's digital pins, addressed by GPIO number (ESP32 numbering).
    /// </summary>
    public interface IGpio
    {
        /// <summary>
        /// Makes a pin an output and drives it to <paramref name="initialHigh"/> in the same step,
        /// so that an output is never left floating or at the wrong level while it is opened.
        /// </summary>
        /// <param name="pin">GPIO number.</param>
        /// <param name="initialHigh">Level driven from the moment the pin becomes an output.</param>
        void OpenOutput(int pin, bool initialHigh);

        /// <summary>
        /// Makes a pin an input with the given internal pull.
        /// </summary>
        /// <param name="pin">GPIO number.</param>
        /// <param name="pull">Internal pull resistor.</param>
        void OpenInput(int pin, PinPull pull);

        /// <summary>
        /// Drives an output pin.
        /// </summary>
        /// <param name="pin">GPIO number of a pin opened with <see cref="OpenOutput"/>.</param>
        /// <param name="high">True for logic high.</param>
        void Write(int pin, bool high);

        /// <summary>
        /// Reads the level of a pin.
        /// </summary>
        /// <param name="pin">GPIO number.</param>
        /// <returns>True when the pin is at logic high.</returns>
        bool Read(int pin);
    }
}
