using BatteryShift.Bms.Util;

namespace BatteryShift.Bms.Telemetry
{
    /// <summary>
    /// The values of one state, cells or event message in a compact record: each value a zigzag variable-length
    /// integer (1 byte for -64..63, 2 for -8192..8191, at most 10), in the order the message writes them. This is
    /// what the store-and-forward ring holds; the JSON is written from it when the message is sent
    /// (<see cref="TelemetryEncoder"/>), so a queued message is about a sixth of its JSON size and its bytes on
    /// the wire are the same. One buffer made at start-up, reused for every message.
    /// </summary>
    public sealed class TelemetryRecord
    {
        /// <summary>
        /// Bytes of a record buffer: a 16-cell cells record is about 130 bytes and at most 16 x 25 + 60 (every
        /// value at its longest encoding); a state record about 110, at most 42 x 10.
        /// </summary>
        public const int Capacity = 512;

        /// <summary>Scaled value standing for a float that is not a number (written as JSON null).</summary>
        public const long NotANumber = long.MinValue;

        private readonly byte[] _bytes = new byte[Capacity];
        private int _length;
        private int _read;
        private bool _overflowed;

        /// <summary>The record bytes (valid up to <see cref="Length"/>).</summary>
        public byte[] Buffer
        {
            get { return _bytes; }
        }

        /// <summary>Bytes written.</summary>
        public int Length
        {
            get { return _length; }
        }

        /// <summary>True when a value did not fit, or a read ran past the end: the record must not be used.</summary>
        public bool Overflowed
        {
            get { return _overflowed; }
        }

        /// <summary>Starts a new record.</summary>
        public void Clear()
        {
            _length = 0;
            _read = 0;
            _overflowed = false;
        }

        /// <summary>Reads again from the first value.</summary>
        public void Rewind()
        {
            _read = 0;
        }

        /// <summary>
        /// Loads a stored record for reading.
        /// </summary>
        /// <param name="source">Bytes of the record.</param>
        /// <param name="length">Record length.</param>
        /// <returns>False when the record is longer than <see cref="Capacity"/>.</returns>
        public bool Load(byte[] source, int length)
        {
            Clear();
            if (length < 0 || length > _bytes.Length)
            {
                _overflowed = true;
                return false;
            }

            for (int i = 0; i < length; i++)
            {
                _bytes[i] = source[i];
            }

            _length = length;
            return true;
        }

        /// <summary>Appends a value.</summary>
        /// <param name="value">Value.</param>
        public void Put(long value)
        {
            ulong zigzag = (ulong)((value << 1) ^ (value >> 63));
            while (zigzag >= 0x80)
            {
                PutByte((byte)(zigzag | 0x80));
                zigzag >>= 7;
            }

            PutByte((byte)zigzag);
        }

        /// <summary>Appends a boolean as 1 or 0.</summary>
        /// <param name="value">Value.</param>
        public void Put(bool value)
        {
            Put(value ? 1L : 0L);
        }

        /// <summary>
        /// Appends a float as the JSON writer rounds it (<see cref="FloatMath.Scale"/>), or
        /// <see cref="NotANumber"/> for NaN and infinities.
        /// </summary>
        /// <param name="value">Value.</param>
        /// <param name="decimals">Digits after the point, 0..6.</param>
        public void PutFloat(float value, int decimals)
        {
            Put(value >= -3.0e38f && value <= 3.0e38f ? FloatMath.Scale(value, decimals) : NotANumber);
        }

        /// <summary>Reads the next value.</summary>
        /// <returns>The value; 0 past the end (and <see cref="Overflowed"/> is set).</returns>
        public long Next()
        {
            ulong zigzag = 0;
            int shift = 0;
            while (true)
            {
                if (_read >= _length || shift > 63)
                {
                    _overflowed = true;
                    return 0;
                }

                byte b = _bytes[_read++];
                zigzag |= (ulong)(b & 0x7f) << shift;
                if (b < 0x80)
                {
                    break;
                }

                shift += 7;
            }

            return (long)(zigzag >> 1) ^ -(long)(zigzag & 1);
        }

        /// <summary>Reads the next value as an int.</summary>
        /// <returns>The value.</returns>
        public int NextInt()
        {
            return (int)Next();
        }

        /// <summary>Reads the next value as a boolean.</summary>
        /// <returns>True for a non-zero value.</returns>
        public bool NextBool()
        {
            return Next() != 0;
        }

        private void PutByte(byte value)
        {
            if (_length >= _bytes.Length)
            {
                _overflowed = true;
                return;
            }

            _bytes[_length++] = value;
        }
    }
}
