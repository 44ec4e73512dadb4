using BatteryShift.Bms.Util;

namespace BatteryShift.Bms.Telemetry
{
    /// <summary>
    /// Writes compact JSON into one byte buffer made at start-up and reused for every message. Numbers are
    /// written digit by digit (fixed-point values as a scaled integer and a decimal count), text byte by
    /// byte with JSON escaping, so nothing is allocated per value or per message. When the buffer is full
    /// the writer stops, sets <see cref="Overflowed"/> and ignores the rest of the message.
    /// </summary>
    public sealed class JsonWriter
    {
        private const int MaxDepth = 8;

        private static readonly byte[] s_hex = new byte[]
        {
            (byte)'0', (byte)'1', (byte)'2', (byte)'3', (byte)'4', (byte)'5', (byte)'6', (byte)'7',
            (byte)'8', (byte)'9', (byte)'a', (byte)'b', (byte)'c', (byte)'d', (byte)'e', (byte)'f',
        };

        private readonly byte[] _buffer;
        private readonly TelemetryRecord _record;
        private readonly bool[] _hasItem = new bool[MaxDepth];
        private readonly byte[] _digits = new byte[20];
        private int _length;
        private int _depth;
        private bool _overflowed;

        /// <summary>
        /// Makes a writer over a new buffer, with a <see cref="Record"/> for messages captured before they are written.
        /// </summary>
        /// <param name="capacityBytes">Largest message, bytes.</param>
        public JsonWriter(int capacityBytes)
            : this(capacityBytes, true)
        {
        }

        /// <summary>
        /// Makes a writer over a new buffer; without a record for a writer that writes its messages directly (the limits
        /// message), which then does not hold the record's buffer (<see cref="TelemetryRecord.Capacity"/> bytes).
        /// </summary>
        /// <param name="capacityBytes">Largest message, bytes.</param>
        /// <param name="withRecord">True to make the <see cref="Record"/>; false leaves it null.</param>
        public JsonWriter(int capacityBytes, bool withRecord)
        {
            _buffer = new byte[capacityBytes];
            _record = withRecord ? new TelemetryRecord() : null;
        }

        /// <summary>The buffer holding the message (valid up to <see cref="Length"/>).</summary>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>
        /// The record of the values of one message, captured before its JSON is written from it
        /// (<see cref="TelemetryEncoder"/>); one per writer, reused; null for a writer made without one.
        /// </summary>
        public TelemetryRecord Record
        {
            get { return _record; }
        }

        /// <summary>Bytes written.</summary>
        public int Length
        {
            get { return _length; }
        }

        /// <summary>True when the message did not fit: it is incomplete and must not be sent.</summary>
        public bool Overflowed
        {
            get { return _overflowed; }
        }

        /// <summary>
        /// Starts a new message.
        /// </summary>
        public void Reset()
        {
            _length = 0;
            _depth = 0;
            _hasItem[0] = false;
            _overflowed = false;
        }

        /// <summary>Opens the top-level object or an object value inside an array.</summary>
        public void BeginObject()
        {
            Separator();
            Open((byte)'{');
        }

        /// <summary>Opens an object member holding an object.</summary>
        /// <param name="name">Member name (plain ASCII, no escaping needed).</param>
        public void BeginObject(string name)
        {
            Name(name);
            Open((byte)'{');
        }

        /// <summary>Closes the innermost object.</summary>
        public void EndObject()
        {
            Close((byte)'}');
        }

        /// <summary>Opens an object member holding an array.</summary>
        /// <param name="name">Member name.</param>
        public void BeginArray(string name)
        {
            Name(name);
            Open((byte)'[');
        }

        /// <summary>Closes the innermost array.</summary>
        public void EndArray()
        {
            Close((byte)']');
        }

        /// <summary>Writes an integer member.</summary>
        /// <param name="name">Member name.</param>
        /// <param name="value">Value.</param>
        public void Integer(string name, long value)
        {
            Name(name);
            WriteInteger(value);
        }

        /// <summary>Writes a fixed-point member: <paramref name="scaled"/> / 10^<paramref name="decimals"/>.</summary>
        /// <param name="name">Member name.</param>
        /// <param name="scaled">Value times 10^decimals (for example millivolts with 3 decimals gives volts).</param>
        /// <param name="decimals">Digits after the point, 0..6.</param>
        public void Fixed(string name, long scaled, int decimals)
        {
            Name(name);
            WriteFixed(scaled, decimals);
        }

        /// <summary>Writes a float member rounded to a number of decimals; NaN and infinities as null.</summary>
        /// <param name="name">Member name.</param>
        /// <param name="value">Value.</param>
        /// <param name="decimals">Digits after the point, 0..6.</param>
        public void Float(string name, float value, int decimals)
        {
            Name(name);
            WriteFloat(value, decimals);
        }

        /// <summary>Writes a float member already rounded to a scaled integer (<see cref="TelemetryRecord.PutFloat"/>);
        /// <see cref="TelemetryRecord.NotANumber"/> as null.</summary>
        /// <param name="name">Member name.</param>
        /// <param name="scaled">Value times 10^decimals.</param>
        /// <param name="decimals">Digits after the point, 0..6.</param>
        public void ScaledFloat(string name, long scaled, int decimals)
        {
            Name(name);
            WriteScaledFloat(scaled, decimals);
        }

        /// <summary>Writes a boolean member.</summary>
        /// <param name="name">Member name.</param>
        /// <param name="value">Value.</param>
        public void Boolean(string name, bool value)
        {
            Name(name);
            WriteBoolean(value);
        }

        /// <summary>Writes a text member, escaped.</summary>
        /// <param name="name">Member name.</param>
        /// <param name="value">Text; null is written as an empty string.</param>
        public void Text(string name, string value)
        {
            Name(name);
            WriteText(value);
        }

        /// <summary>Writes a text member from bytes, escaped (non-ASCII bytes become \u00XX).</summary>
        /// <param name="name">Member name.</param>
        /// <param name="value">Bytes.</param>
        /// <param name="length">Bytes of <paramref name="value"/> to write.</param>
        public void Text(string name, byte[] value, int length)
        {
            Name(name);
            Put((byte)'"');
            for (int i = 0; i < length; i++)
            {
                PutEscaped(value[i]);
            }

            Put((byte)'"');
        }

        /// <summary>Opens a text member whose value is then written in parts (<see cref="TextPart(string)"/>).</summary>
        /// <param name="name">Member name.</param>
        public void BeginText(string name)
        {
            Name(name);
            Put((byte)'"');
        }

        /// <summary>Appends escaped text to the open text member.</summary>
        /// <param name="part">Text.</param>
        public void TextPart(string part)
        {
            PutEscapedText(part);
        }

        /// <summary>Appends part of a text, escaped, to the open text member.</summary>
        /// <param name="text">Text.</param>
        /// <param name="start">First character.</param>
        /// <param name="count">Characters.</param>
        public void TextPart(string text, int start, int count)
        {
            PutEscapedText(text, start, count);
        }

        /// <summary>Appends an integer, as digits, to the open text member.</summary>
        /// <param name="value">Value.</param>
        public void TextPart(long value)
        {
            WriteInteger(value);
        }

        /// <summary>Closes the open text member.</summary>
        public void EndText()
        {
            Put((byte)'"');
        }

        /// <summary>Writes an integer array element.</summary>
        /// <param name="value">Value.</param>
        public void IntegerItem(long value)
        {
            Separator();
            WriteInteger(value);
        }

        /// <summary>Writes a fixed-point array element.</summary>
        /// <param name="scaled">Value times 10^decimals.</param>
        /// <param name="decimals">Digits after the point, 0..6.</param>
        public void FixedItem(long scaled, int decimals)
        {
            Separator();
            WriteFixed(scaled, decimals);
        }

        /// <summary>Writes a float array element.</summary>
        /// <param name="value">Value.</param>
        /// <param name="decimals">Digits after the point, 0..6.</param>
        public void FloatItem(float value, int decimals)
        {
            Separator();
            WriteFloat(value, decimals);
        }

        /// <summary>Writes a float array element already rounded to a scaled integer; <see cref="TelemetryRecord.NotANumber"/> as null.</summary>
        /// <param name="scaled">Value times 10^decimals.</param>
        /// <param name="decimals">Digits after the point, 0..6.</param>
        public void ScaledFloatItem(long scaled, int decimals)
        {
            Separator();
            WriteScaledFloat(scaled, decimals);
        }

        /// <summary>
        /// Marks the message unusable (as when it did not fit), for a message whose values could not be read.
        /// </summary>
        public void Abandon()
        {
            _overflowed = true;
        }

        /// <summary>Writes a boolean array element.</summary>
        /// <param name="value">Value.</param>
        public void BooleanItem(bool value)
        {
            Separator();
            WriteBoolean(value);
        }

        /// <summary>Writes a text array element.</summary>
        /// <param name="value">Text.</param>
        public void TextItem(string value)
        {
            Separator();
            WriteText(value);
        }

        private void WriteFloat(float value, int decimals)
        {
            if (!(value >= -3.0e38f && value <= 3.0e38f))
            {
                PutAscii("null");
                return;
            }

            WriteFixed(FloatMath.Scale(value, decimals), decimals);
        }

        private void WriteScaledFloat(long scaled, int decimals)
        {
            if (scaled == TelemetryRecord.NotANumber)
            {
                PutAscii("null");
                return;
            }

            WriteFixed(scaled, decimals);
        }

        private void WriteBoolean(bool value)
        {
            PutAscii(value ? "true" : "false");
        }

        private void WriteText(string value)
        {
            Put((byte)'"');
            PutEscapedText(value);
            Put((byte)'"');
        }

        private void Name(string name)
        {
            Separator();
            Put((byte)'"');
            PutAscii(name);
            Put((byte)'"');
            Put((byte)':');
        }

        private void Separator()
        {
            if (_hasItem[_depth])
            {
                Put((byte)',');
            }

            _hasItem[_depth] = true;
        }

        private void Open(byte bracket)
        {
            Put(bracket);
            if (_depth < MaxDepth - 1)
            {
                _depth++;
                _hasItem[_depth] = false;
            }
            else
            {
                _overflowed = true;
            }
        }

        private void Close(byte bracket)
        {
            Put(bracket);
            if (_depth > 0)
            {
                _depth--;
            }
        }

        private void WriteInteger(long value)
        {
            WriteFixed(value, 0);
        }

        private void WriteFixed(long scaled, int decimals)
        {
            if (decimals < 0)
            {
                decimals = 0;
            }
            else if (decimals > 6)
            {
                decimals = 6;
            }

            bool negative = scaled < 0;
            ulong magnitude = negative ? (ulong)(-(scaled + 1)) + 1UL : (ulong)scaled;
            int count = 0;
            do
            {
                _digits[count++] = (byte)('0' + (int)(magnitude % 10UL));
                magnitude /= 10UL;
            }
            while (magnitude != 0UL || count <= decimals);

            if (negative)
            {
                Put((byte)'-');
            }

            for (int i = count - 1; i >= 0; i--)
            {
                Put(_digits[i]);
                if (i == decimals && decimals > 0)
                {
                    Put((byte)'.');
                }
            }
        }

        private void PutEscapedText(string value)
        {
            if (value == null)
            {
                return;
            }

            PutEscapedText(value, 0, value.Length);
        }

        private void PutEscapedText(string value, int start, int count)
        {
            for (int i = start; i < start + count; i++)
            {
                char c = value[i];
                if (c < 0x7f)
                {
                    PutEscaped((byte)c);
                }
                else
                {
                    Put((byte)'\\');
                    Put((byte)'u');
                    Put(s_hex[(c >> 12) & 0x0f]);
                    Put(s_hex[(c >> 8) & 0x0f]);
                    Put(s_hex[(c >> 4) & 0x0f]);
                    Put(s_hex[c & 0x0f]);
                }
            }
        }

        private void PutEscaped(byte b)
        {
            if (b == (byte)'"' || b == (byte)'\\')
            {
                Put((byte)'\\');
                Put(b);
            }
            else if (b == (byte)'\n')
            {
                Put((byte)'\\');
                Put((byte)'n');
            }
            else if (b == (byte)'\r')
            {
                Put((byte)'\\');
                Put((byte)'r');
            }
            else if (b == (byte)'\t')
            {
                Put((byte)'\\');
                Put((byte)'t');
            }
            else if (b < 0x20 || b >= 0x7f)
            {
                Put((byte)'\\');
                Put((byte)'u');
                Put((byte)'0');
                Put((byte)'0');
                Put(s_hex[b >> 4]);
                Put(s_hex[b & 0x0f]);
            }
            else
            {
                Put(b);
            }
        }

        private void PutAscii(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                Put((byte)text[i]);
            }
        }

        private void Put(byte b)
        {
            if (_length < _buffer.Length)
            {
                _buffer[_length++] = b;
            }
            else
            {
                _overflowed = true;
            }
        }
    }
}
