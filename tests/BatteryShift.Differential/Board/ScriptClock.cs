using BatteryShift.Hal;

namespace BatteryShift.Differential.Board
{
    /// <summary>A clock the scenario steps; the core's settling delays advance it.</summary>
    public sealed class ScriptClock : IClock
    {
        private long _microseconds;

        /// <inheritdoc/>
        public long NowMs
        {
            get { return _microseconds / 1000; }
        }

        /// <summary>Time in microseconds.</summary>
        public long NowMicroseconds
        {
            get { return _microseconds; }
        }

        /// <inheritdoc/>
        public void DelayMicroseconds(int microseconds)
        {
            if (microseconds > 0)
            {
                _microseconds += microseconds;
            }
        }

        /// <summary>Moves the clock to an absolute time (never backwards).</summary>
        public void AdvanceTo(long microseconds)
        {
            if (microseconds > _microseconds)
            {
                _microseconds = microseconds;
            }
        }
    }
}
