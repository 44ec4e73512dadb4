using System;
using System.Threading;

namespace BatteryShift.Hal.Esp32
{
    /// <summary>
    /// <see cref="IClock"/> from the system clock's 100 ns ticks (<see cref="DateTime.UtcNow"/>), made monotonic:
    /// the wall clock is set by SNTP once Wi-Fi is up, and such a step (backwards, or forwards by more than
    /// <see cref="MaxStepMs"/>) is not counted as elapsed time. The control loop reads the clock every tick
    /// (100..1000 ms, ModuleKeys.TickPeriodMs), far below that limit, so real time is never dropped.
    /// </summary>
    public sealed class Esp32Clock : IClock
    {
        /// <summary>Largest step between two readings counted as elapsed time, ms.</summary>
        public const long MaxStepMs = 10000;

        private const long MaxStepTicks = MaxStepMs * TimeSpan.TicksPerMillisecond;
        private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

        private readonly object _sync = new object();
        private long _lastTicks;
        private long _elapsedTicks;

        /// <summary>
        /// Starts the clock at zero.
        /// </summary>
        public Esp32Clock()
        {
            _lastTicks = DateTime.UtcNow.Ticks;
        }

        /// <inheritdoc/>
        public long NowMs
        {
            get
            {
                long nowTicks = DateTime.UtcNow.Ticks;
                lock (_sync)
                {
                    long stepTicks = nowTicks - _lastTicks;
                    if (stepTicks > 0 && stepTicks <= MaxStepTicks)
                    {
                        _elapsedTicks += stepTicks;
                    }

                    _lastTicks = nowTicks;
                    return _elapsedTicks / TimeSpan.TicksPerMillisecond;
                }
            }
        }

        /// <summary>
        /// Waits at least the given time: a spin on the system clock below a millisecond (longer by up to one
        /// step of the clock's resolution), a sleep (which yields to the other threads) from a millisecond up.
        /// </summary>
        /// <param name="microseconds">Time to wait.</param>
        public void DelayMicroseconds(int microseconds)
        {
            if (microseconds <= 0)
            {
                return;
            }

            if (microseconds >= 1000)
            {
                Thread.Sleep((microseconds + 999) / 1000);
                return;
            }

            // start on a change of the clock's reading: the first reading may be late in its resolution step,
            // and measuring from it could end the wait early by up to one step
            long firstTicks = DateTime.UtcNow.Ticks;
            long startTicks = firstTicks;
            while (startTicks == firstTicks)
            {
                startTicks = DateTime.UtcNow.Ticks;
            }

            long waitTicks = microseconds * TicksPerMicrosecond;
            while (true)
            {
                long nowTicks = DateTime.UtcNow.Ticks;
                if (nowTicks < startTicks)
                {
                    // the wall clock was set backwards: measure from here
                    startTicks = nowTicks;
                }
                else if (nowTicks - startTicks >= waitTicks)
                {
                    return;
                }
            }
        }
    }
}
