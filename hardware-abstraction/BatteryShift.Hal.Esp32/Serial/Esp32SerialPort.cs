using System;
using System.IO.Ports;
using nanoFramework.Hardware.Esp32;

namespace BatteryShift.Hal.Esp32
{
    /// <summary>
    /// <see cref="ISerialPort"/> on the ESP32's COM2 (COM1 belongs to nanoFramework's debugger). The TX and RX
    /// pins are routed to COM2 with <see cref="Configuration.SetPinFunction"/> before the port opens (without it the
    /// port opens and nothing reaches the pins). Reads take only what the driver has buffered (the driver's Read
    /// waits for the full count, with no timeout by default). Writes are handed to the driver in pieces of at most
    /// <see cref="FifoBytes"/>, the UART's hardware FIFO: the driver's Write returns once a piece is in the FIFO, and a
    /// piece that does not fit within <see cref="WriteTimeoutMs"/> throws TimeoutException while the driver's TX task
    /// goes on sending it from the caller's buffer; in pieces that fit, that never happens. A piece that fails is
    /// counted as dropped.
    /// </summary>
    public sealed class Esp32SerialPort : ISerialPort
    {
        /// <summary>Longest wait for room in the transmit buffer, ms.</summary>
        public const int WriteTimeoutMs = 20;

        /// <summary>Bytes of the ESP32 UART's hardware transmit FIFO.</summary>
        public const int FifoBytes = 128;

        private readonly SerialPort _port;
        private int _droppedBytes;

        /// <summary>
        /// Routes the pins to COM2 and opens it at 8N1.
        /// </summary>
        /// <param name="txPin">GPIO for COM2 TX.</param>
        /// <param name="rxPin">GPIO for COM2 RX.</param>
        /// <param name="baudRate">Baud rate.</param>
        public Esp32SerialPort(int txPin, int rxPin, int baudRate)
        {
            Configuration.SetPinFunction(txPin, DeviceFunction.COM2_TX);
            Configuration.SetPinFunction(rxPin, DeviceFunction.COM2_RX);
            _port = new SerialPort("COM2", baudRate);
            _port.WriteTimeout = WriteTimeoutMs;
            _port.Open();
        }

        /// <summary>Bytes dropped because the transmit buffer stayed full.</summary>
        public int DroppedBytes
        {
            get { return _droppedBytes; }
        }

        /// <inheritdoc/>
        public int BytesToRead
        {
            get { return _port.BytesToRead; }
        }

        /// <inheritdoc/>
        public int Read(byte[] buffer, int offset, int count)
        {
            int waiting = _port.BytesToRead;
            if (waiting <= 0 || count <= 0)
            {
                return 0;
            }

            // the driver blocks (and then throws) when asked for more than it holds
            return _port.Read(buffer, offset, waiting < count ? waiting : count);
        }

        /// <inheritdoc/>
        public void Write(byte[] buffer, int offset, int count)
        {
            while (count > 0)
            {
                int piece = count < FifoBytes ? count : FifoBytes;
                try
                {
                    _port.Write(buffer, offset, piece);
                }
                catch (Exception)
                {
                    _droppedBytes += piece;
                }

                offset += piece;
                count -= piece;
            }
        }
    }
}
