using BatteryShift.Hal;

namespace BatteryShift.Bms.Estimation
{
    /// <summary>
    /// A fixed buffer for the estimator's persisted state: little-endian integers written and read in
    /// order, closed by a CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320) over everything before it.
    /// A blob whose CRC, length or version does not match is ignored. No allocation after construction.
    /// </summary>
    public sealed class EstimatorRecord
    {
        /// <summary>Largest record, bytes.</summary>
        public const int Capacity = 1024;

        private readonly byte[] _buffer;
        private int _position;
        private int _length;

        /// <summary>Makes a record with a buffer of its own.</summary>
        public EstimatorRecord()
            : this(new byte[Capacity])
        {
        }

        /// <summary>
        /// Makes a record over a buffer it may share: the buffer holds the record only within one save or one
        /// restore of the estimator.
        /// </summary>
        /// <param name="buffer">At least <see cref="Capacity"/> bytes.</param>
        public EstimatorRecord(byte[] buffer)
        {
            if (buffer == null || buffer.Length < Capacity)
            {
                throw new System.ArgumentException();
            }

            _buffer = buffer;
        }

        /// <summary>Bytes written or loaded.</summary>
        public int Length
        {
            get { return _length; }
        }

        /// <summary>The underlying buffer (for tests that corrupt a stored blob).</summary>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>Starts writing.</summary>
        public void BeginWrite()
        {
            _position = 0;
        }

        /// <summary>Appends a 32-bit integer.</summary>
        /// <param name="value">Value.</param>
        public void PutInt(int value)
        {
            _buffer[_position] = (byte)value;
            _buffer[_position + 1] = (byte)(value >> 8);
            _buffer[_position + 2] = (byte)(value >> 16);
            _buffer[_position + 3] = (byte)(value >> 24);
            _position += 4;
        }

        /// <summary>Appends a 64-bit integer.</summary>
        /// <param name="value">Value.</param>
        public void PutLong(long value)
        {
            PutInt((int)value);
            PutInt((int)(value >> 32));
        }

        /// <summary>
        /// Appends the CRC and replaces the blob in the store.
        /// </summary>
        /// <param name="store">Store.</param>
        /// <param name="key">Key.</param>
        /// <returns>True when stored.</returns>
        public bool Save(IBlobStore store, string key)
        {
            uint crc = Crc32(_buffer, _position);
            PutInt((int)crc);
            _length = _position;
            return store.Replace(key, _buffer, _length);
        }

        /// <summary>
        /// Reads the blob and checks its CRC; reading then starts at the beginning.
        /// </summary>
        /// <param name="store">Store.</param>
        /// <param name="key">Key.</param>
        /// <returns>True when a blob with a good CRC was read.</returns>
        public bool Load(IBlobStore store, string key)
        {
            _position = 0;
            _length = 0;
            int n = store.Read(key, _buffer);
            if (n < 8)
            {
                return false;
            }

            _position = n - 4;
            uint stored = (uint)GetInt();
            if (stored != Crc32(_buffer, n - 4))
            {
                _position = 0;
                return false;
            }

            _length = n;
            _position = 0;
            return true;
        }

        /// <summary>Bytes of a loaded record still to read before its CRC.</summary>
        public int Remaining
        {
            get { return _length - 4 - _position; }
        }

        /// <summary>Reads the next 32-bit integer (0 past the end).</summary>
        /// <returns>Value.</returns>
        public int GetInt()
        {
            if (_position + 4 > Capacity)
            {
                return 0;
            }

            int v = _buffer[_position] | (_buffer[_position + 1] << 8) | (_buffer[_position + 2] << 16) | (_buffer[_position + 3] << 24);
            _position += 4;
            return v;
        }

        /// <summary>Reads the next 64-bit integer.</summary>
        /// <returns>Value.</returns>
        public long GetLong()
        {
            long lo = (uint)GetInt();
            long hi = GetInt();
            return lo | (hi << 32);
        }

        /// <summary>
        /// CRC-32 (IEEE) of a buffer prefix.
        /// </summary>
        /// <param name="data">Data.</param>
        /// <param name="length">Bytes.</param>
        /// <returns>The CRC.</returns>
        public static uint Crc32(byte[] data, int length)
        {
            uint crc = 0xFFFFFFFFu;
            for (int i = 0; i < length; i++)
            {
                crc ^= data[i];
                for (int b = 0; b < 8; b++)
                {
                    crc = (crc & 1u) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
                }
            }

            return ~crc;
        }
    }
}
