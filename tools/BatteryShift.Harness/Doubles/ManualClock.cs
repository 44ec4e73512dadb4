using BatteryShift.Hal;

namespace BatteryShift.Harness.Doubles
{
    /// <summary>A clock the test or benchmark sets by hand; delays return at once.</summary>
    public sealed class ManualClock : IClock
    {
        /// <summary>Uptime, ms, as set.</summary>
        public long NowMs { get; set; }

        /// <summary>Returns at once.</summary>
        /// <param name="microseconds">Ignored.</param>
        public void DelayMicroseconds(int microseconds)
        {
        }

        /// <summary>Moves the clock on.</summary>
        /// <param name="ms">Milliseconds.</param>
        public void Advance(long ms)
        {
            NowMs += ms;
        }
    }
}
