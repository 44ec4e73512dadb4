using BatteryShift.Hal;

namespace BatteryShift.Differential.Board
{
    /// <summary>The ESP32 converter of the scripted board.</summary>
    public sealed class ScriptAdc : IAdc
    {
        private readonly ScriptBoard _board;
        private int[] _recorded;
        private int _next;
        private bool _replaying;

        /// <summary>Binds the converter to a board.</summary>
        public ScriptAdc(ScriptBoard board)
        {
            _board = board;
        }

        /// <inheritdoc/>
        public int MaxCount
        {
            get { return ScriptBoard.MaxCount; }
        }

        /// <summary>Conversions made so far.</summary>
        public int Conversions { get; private set; }

        /// <inheritdoc/>
        public void OpenChannel(int channel)
        {
        }

        /// <inheritdoc/>
        public int Read(int channel)
        {
            Conversions++;
            if (_replaying)
            {
                int value = _recorded[_next];
                _next = _next + 1 == _recorded.Length ? 0 : _next + 1;
                return value;
            }

            int counts = _board.Convert(channel);
            if (_recorded != null && _next < _recorded.Length)
            {
                _recorded[_next++] = counts;
            }

            return counts;
        }

        /// <summary>Keeps the next conversions' results (for timing the core without the board's arithmetic).</summary>
        public void Record(int conversions)
        {
            _recorded = new int[conversions];
            _next = 0;
            _replaying = false;
        }

        /// <summary>From now on returns the recorded results again, in a loop, instead of converting.</summary>
        public void Replay()
        {
            _next = 0;
            _replaying = true;
        }
    }
}
