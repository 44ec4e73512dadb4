using System.Diagnostics;
using BatteryShift.Hal.Esp32;
using Xunit;

namespace BatteryShift.Tests.DeviceGate
{
    /// <summary>
    /// The ESP32 clock's source (linked here; it uses only DateTime, TimeSpan and Thread, which desktop .NET
    /// shares with nanoFramework): time never goes backwards and a delay is never shorter than asked.
    /// </summary>
    public sealed class Esp32ClockTests
    {
        [Fact]
        public void NowNeverGoesBackwardsAndFollowsRealTime()
        {
            var watch = Stopwatch.StartNew();
            double t0 = watch.Elapsed.TotalMilliseconds;
            var clock = new Esp32Clock();
            double t1 = watch.Elapsed.TotalMilliseconds;
            long last = clock.NowMs;
            while (watch.ElapsedMilliseconds < 60)
            {
                long now = clock.NowMs;
                Assert.True(now >= last, $"{now} after {last}");
                last = now;
            }

            // bracketed by the stopwatch, so a stall of this process cannot fail it
            double t2 = watch.Elapsed.TotalMilliseconds;
            long end = clock.NowMs;
            double t3 = watch.Elapsed.TotalMilliseconds;
            Assert.InRange(end, (long)(t2 - t1) - 2, (long)(t3 - t0) + 2);
        }

        [Theory]
        [InlineData(50)]
        [InlineData(400)]
        [InlineData(2500)]
        public void ADelayIsNeverShorterThanAsked(int microseconds)
        {
            var clock = new Esp32Clock();
            for (int i = 0; i < 5; i++)
            {
                long start = Stopwatch.GetTimestamp();
                clock.DelayMicroseconds(microseconds);
                double elapsedUs = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
                Assert.True(elapsedUs >= microseconds, $"{elapsedUs:F0} us for {microseconds} us");
            }
        }
    }
}
