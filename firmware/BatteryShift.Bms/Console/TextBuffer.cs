using BatteryShift.Bms.Util;

namespace BatteryShift.Bms.Console
{
    /// <summary>
    /// ASCII text written into a byte buffer made once and reused: numbers are formatted digit by digit,
    /// so writing a line allocates nothing. What does not fit is cut off and
    /// <see cref="Overflowed"/> is set; the buffer never grows.
    /// </summary>
    public sealed class TextBuffer
    {
        private readonly byte[] _bytes;
        private readonly byte[] _digits = new byte[20];
        private int _length;

        /// <summary>
        /// Makes the buffer.
        /// </summary>
        /// <param name="capacity">Most bytes held.</param>
        public TextBuffer(int capacity)
        {
            _bytes = new byte[capacity];
        }

        /// <summary>The bytes; the first <see cref="Length"/> are the text.</summary>
        public byte[] Bytes
        {
            get { return _bytes; }
        }

        /// <summary>Bytes written since the last <see cref="Clear"/>.</summary>
        public int Length
        {
            get { return _length; }
        }

        /// <summary>True when something written since the last <see cref="Clear"/> did not fit.</summary>
        public bool Overflowed { get; private set; }

        /// <summary>
        /// Empties the buffer.
        /// </summary>
        public void Clear()
        {
            _length = 0;
            Overflowed = false;
        }

        /// <summary>
        /// Cuts the text back to a length written earlier.
        /// </summary>
        /// <param name="length">New length, not more than <see cref="Length"/>.</param>
        public void Truncate(int length)
        {
            if (length >= 0 && length < _length)
            {
                _length = length;
            }
        }

        /// <summary>
        /// Appends one character (non-ASCII becomes '?').
        /// </summary>
        /// <param name="c">Character.</param>
        public void Append(char c)
        {
            if (_length < _bytes.Length)
            {
                _bytes[_length++] = c < 128 ? (byte)c : (byte)'?';
            }
            else
            {
                Overflowed = true;
            }
        }

        /// <summary>
        /// Appends a string (a constant or a cached name; never one built per value).
        /// </summary>
        /// <param name="text">Text; null appends nothing.</param>
        public void Append(string text)
        {
            if (text == null)
            {
                return;
            }

            for (int i = 0; i < text.Length; i++)
            {
                Append(text[i]);
            }
        }

        /// <summary>
        /// Appends bytes as they are.
        /// </summary>
        /// <param name="source">Source.</param>
        /// <param name="offset">First index.</param>
        /// <param name="count">Bytes.</param>
        public void Append(byte[] source, int offset, int count)
        {
            for (int i = 0; i < count; i++)
            {
                if (_length >= _bytes.Length)
                {
                    Overflowed = true;
                    return;
                }

                _bytes[_length++] = source[offset + i];
            }
        }

        /// <summary>
        /// Appends an integer in decimal.
        /// </summary>
        /// <param name="value">Value.</param>
        public void AppendInt(long value)
        {
            AppendPadded(value, 0, ' ');
        }

        /// <summary>
        /// Appends an integer in decimal, right-aligned in a field.
        /// </summary>
        /// <param name="value">Value.</param>
        /// <param name="width">Field width; shorter numbers are padded on the left.</param>
        /// <param name="pad">Pad character (' ' or '0').</param>
        public void AppendPadded(long value, int width, char pad)
        {
            bool negative = value < 0;
            int n = 0;
            do
            {
                long digit = value % 10;
                _digits[n++] = (byte)('0' + (digit < 0 ? -digit : digit));
                value /= 10;
            }
            while (value != 0);

            int used = n + (negative ? 1 : 0);
            if (negative && pad == '0')
            {
                Append('-');
            }

            for (int i = used; i < width; i++)
            {
                Append(pad);
            }

            if (negative && pad != '0')
            {
                Append('-');
            }

            while (n > 0)
            {
                Append((char)_digits[--n]);
            }
        }

        /// <summary>
        /// Appends a scaled integer as a decimal fraction: 51234 with 3 decimals is "51.234",
        /// -5 with 1 decimal is "-0.5".
        /// </summary>
        /// <param name="scaled">Value times 10^decimals.</param>
        /// <param name="decimals">Digits after the point (0..9).</param>
        public void AppendFixed(long scaled, int decimals)
        {
            AppendFixedPadded(scaled, decimals, 0);
        }

        /// <summary>
        /// Appends a scaled integer as a decimal fraction, right-aligned in a field.
        /// </summary>
        /// <param name="scaled">Value times 10^decimals.</param>
        /// <param name="decimals">Digits after the point (0..9).</param>
        /// <param name="width">Field width.</param>
        public void AppendFixedPadded(long scaled, int decimals, int width)
        {
            long divisor = 1;
            for (int i = 0; i < decimals; i++)
            {
                divisor *= 10;
            }

            bool negative = scaled < 0;
            long magnitude = negative ? -scaled : scaled;
            long whole = magnitude / divisor;
            long fraction = magnitude % divisor;
            int wholeDigits = 1;
            for (long w = whole; w >= 10; w /= 10)
            {
                wholeDigits++;
            }

            int used = wholeDigits + (negative ? 1 : 0) + (decimals > 0 ? decimals + 1 : 0);
            for (int i = used; i < width; i++)
            {
                Append(' ');
            }

            if (negative)
            {
                Append('-');
            }

            AppendPadded(whole, 0, ' ');
            if (decimals > 0)
            {
                Append('.');
                AppendPadded(fraction, decimals, '0');
            }
        }

        /// <summary>
        /// Appends a float rounded to a number of decimals (no custom numeric formats on the device).
        /// </summary>
        /// <param name="value">Value.</param>
        /// <param name="decimals">Digits after the point (0..6).</param>
        public void AppendFloat(float value, int decimals)
        {
            AppendFixed(FloatMath.Scale(value, decimals), decimals);
        }

        /// <summary>
        /// Appends an integer in upper-case hexadecimal with at least <paramref name="digits"/> digits.
        /// </summary>
        /// <param name="value">Value (treated as unsigned 32-bit).</param>
        /// <param name="digits">Minimum digits (1..8).</param>
        public void AppendHex(int value, int digits)
        {
            uint v = (uint)value;
            int n = 0;
            do
            {
                int nibble = (int)(v & 0xF);
                _digits[n++] = (byte)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10);
                v >>= 4;
            }
            while (v != 0 || n < digits);

            while (n > 0)
            {
                Append((char)_digits[--n]);
            }
        }

        /// <summary>
        /// Appends an uptime as "d hh:mm:ss" (days omitted below one day).
        /// </summary>
        /// <param name="timeMs">Milliseconds since start-up.</param>
        public void AppendUptime(long timeMs)
        {
            long seconds = timeMs / 1000;
            long days = seconds / 86400;
            seconds -= days * 86400;
            if (days > 0)
            {
                AppendInt(days);
                Append('d');
            }

            AppendPadded(seconds / 3600, 2, '0');
            Append(':');
            AppendPadded((seconds / 60) % 60, 2, '0');
            Append(':');
            AppendPadded(seconds % 60, 2, '0');
        }

        /// <summary>
        /// Appends the line end of a serial terminal (CR LF).
        /// </summary>
        public void NewLine()
        {
            Append('\r');
            Append('\n');
        }
    }
}
