using System;
using System.Text;

namespace BatteryShift.Monitor.Sources
{
    /// <summary>Cuts a byte stream into lines at LF (a CR before it is dropped).</summary>
    public sealed class LineSplitter
    {
        private readonly StringBuilder _line = new();
        private readonly int _maxLength;

        /// <summary>Makes a splitter.</summary>
        /// <param name="maxLength">Longer lines are cut here (the board never writes more than 120).</param>
        public LineSplitter(int maxLength = 1024)
        {
            _maxLength = maxLength;
        }

        /// <summary>Feeds bytes; calls <paramref name="onLine"/> for each complete line.</summary>
        /// <param name="buffer">Bytes.</param>
        /// <param name="count">Bytes valid.</param>
        /// <param name="onLine">Receives each line without its line end.</param>
        public void Feed(byte[] buffer, int count, Action<string> onLine)
        {
            for (int i = 0; i < count; i++)
            {
                char c = (char)buffer[i];
                if (c == '\n')
                {
                    if (_line.Length > 0 && _line[^1] == '\r')
                    {
                        _line.Length--;
                    }

                    onLine(_line.ToString());
                    _line.Clear();
                }
                else if (_line.Length < _maxLength)
                {
                    _line.Append(c);
                }
            }
        }
    }
}
