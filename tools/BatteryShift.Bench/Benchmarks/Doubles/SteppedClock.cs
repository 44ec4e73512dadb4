using BatteryShift.Hal;

namespace BatteryShift.Bench.Benchmarks.Doubles
{
    /// <summary>A clock the benchmark sets by hand; delays return at once.</summary>
    internal sealed class SteppedClock : IClock
    {
        public long NowMs { get; set; }

        public void DelayMicroseconds(int microseconds)
        {
        }
    }
}
