using BatteryShift.Hal;

namespace BatteryShift.Differential.Board
{
    /// <summary>The ESP32 converter of the scripted board.</summary>
    public sealed class ScriptAdc : IAdc
    {
        private readonly ScriptBoard _board;

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
            return _board.Convert(channel);
        }
    }
}
