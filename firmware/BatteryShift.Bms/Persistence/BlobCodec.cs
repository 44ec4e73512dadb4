namespace BatteryShift.Bms.Persistence
{
    /// <summary>
    /// Little-endian integers in byte buffers and the CRC-32 (IEEE 802.3, reflected 0xEDB88320) that seals
    /// every stored blob. Table-free (a bit loop): blobs are written seldom and the table would cost RAM.
    /// </summary>
    public static class BlobCodec
    {
        /// <summary>
        /// Writes a 32-bit value.
        /// </summary>
        /// <param name="buffer">Destination.</param>
        /// <param name="offset">First byte.</param>
        /// <param name="value">Value.</param>
        public static void PutInt(byte[] buffer, int offset, int value)
        {
            buffer[offset] = (byte)value;
            buffer[offset + 1] = (byte)(value >> 8);
            buffer[offset + 2] = (byte)(value >> 16);
            buffer[offset + 3] = (byte)(value >> 24);
        }

        /// <summary>
        /// Reads a 32-bit value.
        /// </summary>
        /// <param name="buffer">Source.</param>
        /// <param name="offset">First byte.</param>
        /// <returns>Value.</returns>
        public static int GetInt(byte[] buffer, int offset)
        {
            return buffer[offset] | (buffer[offset + 1] << 8) | (buffer[offset + 2] << 16) | (buffer[offset + 3] << 24);
        }

        /// <summary>
        /// Writes a 64-bit value.
        /// </summary>
        /// <param name="buffer">Destination.</param>
        /// <param name="offset">First byte.</param>
        /// <param name="value">Value.</param>
        public static void PutLong(byte[] buffer, int offset, long value)
        {
            PutInt(buffer, offset, (int)value);
            PutInt(buffer, offset + 4, (int)(value >> 32));
        }

        /// <summary>
        /// Reads a 64-bit value.
        /// </summary>
        /// <param name="buffer">Source.</param>
        /// <param name="offset">First byte.</param>
        /// <returns>Value.</returns>
        public static long GetLong(byte[] buffer, int offset)
        {
            return (uint)GetInt(buffer, offset) | ((long)GetInt(buffer, offset + 4) << 32);
        }

        /// <summary>
        /// CRC-32 of a range.
        /// </summary>
        /// <param name="buffer">Data.</param>
        /// <param name="offset">First byte.</param>
        /// <param name="length">Bytes.</param>
        /// <returns>The CRC.</returns>
        public static int Crc32(byte[] buffer, int offset, int length)
        {
            uint crc = 0xFFFFFFFF;
            for (int i = offset; i < offset + length; i++)
            {
                crc ^= buffer[i];
                for (int bit = 0; bit < 8; bit++)
                {
                    crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
                }
            }

            return (int)~crc;
        }

        /// <summary>
        /// Appends the CRC of bytes 0..length-1 at length.
        /// </summary>
        /// <param name="buffer">Blob.</param>
        /// <param name="length">Payload length.</param>
        /// <returns>Total length with the CRC.</returns>
        public static int Seal(byte[] buffer, int length)
        {
            PutInt(buffer, length, Crc32(buffer, 0, length));
            return length + 4;
        }

        /// <summary>
        /// Checks a sealed blob: at least a header, CRC of all but the last four bytes equal to them.
        /// </summary>
        /// <param name="buffer">Blob.</param>
        /// <param name="length">Total length read.</param>
        /// <param name="magic">Expected first four bytes as an integer.</param>
        /// <returns>True when intact.</returns>
        public static bool Intact(byte[] buffer, int length, int magic)
        {
            return length >= 12 && GetInt(buffer, 0) == magic && GetInt(buffer, length - 4) == Crc32(buffer, 0, length - 4);
        }
    }
}
