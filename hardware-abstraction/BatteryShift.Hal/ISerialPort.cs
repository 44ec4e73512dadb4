namespace BatteryShift.Hal
{
    /// <summary>
    /// A byte-oriented serial port (COM2 on the board: 115200 8N1). Neither call blocks.
    /// </summary>
    public interface ISerialPort
    {
        /// <summary>
        /// Bytes received and not yet read.
        /// </summary>
        int BytesToRead { get; }

        /// <summary>
        /// Reads what has been received, up to <paramref name="count"/> bytes, without waiting.
        /// </summary>
        /// <param name="buffer">Destination.</param>
        /// <param name="offset">First index written.</param>
        /// <param name="count">Most bytes to read.</param>
        /// <returns>Bytes read; 0 when nothing is waiting.</returns>
        int Read(byte[] buffer, int offset, int count);

        /// <summary>
        /// Queues bytes for transmission. Bytes that do not fit the transmit buffer are dropped and
        /// counted by the implementation rather than blocking the caller.
        /// </summary>
        /// <param name="buffer">Source.</param>
        /// <param name="offset">First index sent.</param>
        /// <param name="count">Bytes to send.</param>
        void Write(byte[] buffer, int offset, int count);
    }
}
