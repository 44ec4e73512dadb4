using System;
using BatteryShift.Hal;

namespace BatteryShift.Differential.Board
{
    /// <summary>COM2 of the scripted board: typed lines wait in an input buffer, written bytes are kept until taken.</summary>
    public sealed class ScriptSerialPort : ISerialPort
    {
        private readonly byte[] _input = new byte[512];
        private readonly byte[] _output = new byte[16384];
        private int _inputStart;
        private int _inputEnd;
        private int _outputLength;

        /// <inheritdoc/>
        public int BytesToRead
        {
            get { return _inputEnd - _inputStart; }
        }

        /// <summary>Bytes written since the last <see cref="TakeOutput"/>.</summary>
        public int OutputLength
        {
            get { return _outputLength; }
        }

        /// <summary>The written bytes (valid up to <see cref="OutputLength"/>).</summary>
        public byte[] Output
        {
            get { return _output; }
        }

        /// <summary>Types a line (ASCII) followed by CR.</summary>
        public void Type(string line)
        {
            if (_inputStart == _inputEnd)
            {
                _inputStart = 0;
                _inputEnd = 0;
            }

            for (int i = 0; i < line.Length && _inputEnd < _input.Length - 1; i++)
            {
                _input[_inputEnd++] = (byte)line[i];
            }

            _input[_inputEnd++] = 13;
        }

        /// <inheritdoc/>
        public int Read(byte[] buffer, int offset, int count)
        {
            int n = 0;
            while (n < count && _inputStart < _inputEnd)
            {
                buffer[offset + n] = _input[_inputStart++];
                n++;
            }

            return n;
        }

        /// <inheritdoc/>
        public void Write(byte[] buffer, int offset, int count)
        {
            if (_outputLength + count > _output.Length)
            {
                throw new InvalidOperationException("serial output overflow in one tick");
            }

            Array.Copy(buffer, offset, _output, _outputLength, count);
            _outputLength += count;
        }

        /// <summary>Forgets the bytes written so far.</summary>
        public void TakeOutput()
        {
            _outputLength = 0;
        }
    }
}
