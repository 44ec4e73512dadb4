namespace BatteryShift.Hal
{
    /// <summary>
    /// Internal pull resistor of an input pin.
    /// </summary>
    public enum PinPull
    {
        /// <summary>No internal pull.</summary>
        None = 0,

        /// <summary>Pull-up to 3.3 V.</summary>
        Up = 1,

        /// <summary>Pull-down to ground.</summary>
        Down = 2,
    }
}
