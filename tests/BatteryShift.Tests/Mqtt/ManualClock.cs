using BatteryShift.Hal;

namespace BatteryShift.Tests.Mqtt
{
    /// <summary>A clock the test moves by hand.</summary>
    public sealed class ManualClock : IClock
    {
        public long NowMs { get; set; }

        public void DelayMicroseconds(int microseconds)
        {
        }
    }
}
