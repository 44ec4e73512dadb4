namespace BatteryShift.Hal
{
    /// <summary>
    /// Monotonic time since start-up.
    /// </summary>
    public interface IClock
    {
        /// <summary>
        /// Milliseconds since start-up; never goes backwards.
        /// </summary>
        long NowMs { get; }

        /// <summary>
        /// Waits a short time, for analog settling after a multiplexer switch. The device may wait longer
        /// than asked, never shorter.
        /// </summary>
        /// <param name="microseconds">Time to wait.</param>
        void DelayMicroseconds(int microseconds);
    }
}
