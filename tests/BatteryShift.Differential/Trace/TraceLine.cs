namespace BatteryShift.Differential.Trace
{
    /// <summary>
    /// Builds one trace line in a reused character buffer with its own integer and byte formatting, so the trace
    /// reads the same on every runtime whatever its number formatting does.
    /// </summary>
    public sealed class TraceLine
    {
        private const string Hex = "0123456789ABCDEF";
        private readonly char[] _chars = new char[24576];
        private readonly char[] _digits = new char[20];
        private int _length;

        /// <summary>Starts a new line.</summary>
        public TraceLine Begin(char kind)
        {
            _length = 0;
            _chars[_length++] = kind;
            return this;
        }

        /// <summary>Appends a space and the text.</summary>
        public TraceLine Add(string text)
        {
            Put(' ');
            for (int i = 0; i < text.Length; i++)
            {
                Put(text[i]);
            }

            return this;
        }

        /// <summary>Appends a space and a decimal number.</summary>
        public TraceLine Add(long value)
        {
            Put(' ');
            if (value < 0)
            {
                Put('-');
                value = -value;
            }

            int n = 0;
            do
            {
                _digits[n++] = (char)('0' + (int)(value % 10));
                value /= 10;
            }
            while (value > 0);
            while (n > 0)
            {
                Put(_digits[--n]);
            }

            return this;
        }

        /// <summary>Appends a space and a number in hexadecimal.</summary>
        public TraceLine AddHex(int value)
        {
            Put(' ');
            for (int shift = 28; shift >= 0; shift -= 4)
            {
                Put(Hex[(value >> shift) & 0xF]);
            }

            return this;
        }

        /// <summary>Appends a space and bytes as text: printable ASCII as is, backslash and the rest as \xHH.</summary>
        public TraceLine AddBytes(byte[] data, int start, int count)
        {
            Put(' ');
            for (int i = start; i < start + count; i++)
            {
                int b = data[i];
                if (b >= 32 && b < 127 && b != '\\')
                {
                    Put((char)b);
                }
                else
                {
                    Put('\\');
                    Put('x');
                    Put(Hex[b >> 4]);
                    Put(Hex[b & 0xF]);
                }
            }

            return this;
        }

        /// <summary>Appends a space and bytes in hexadecimal.</summary>
        public TraceLine AddHexBytes(byte[] data, int start, int count)
        {
            Put(' ');
            for (int i = start; i < start + count; i++)
            {
                Put(Hex[data[i] >> 4]);
                Put(Hex[data[i] & 0xF]);
            }

            return this;
        }

        /// <summary>The line built.</summary>
        public override string ToString()
        {
            return new string(_chars, 0, _length);
        }

        private void Put(char c)
        {
            if (_length < _chars.Length)
            {
                _chars[_length++] = c;
            }
        }
    }
}
