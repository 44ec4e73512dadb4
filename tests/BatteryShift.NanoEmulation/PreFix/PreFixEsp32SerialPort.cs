// FIXTURE: the code of hardware-abstraction/BatteryShift.Hal.Esp32/Serial/Esp32SerialPort.cs before issue 15, kept unchanged so that
// the emulation's tests show what the real packages do to it (see ../README.md). Never built for a device.
using System;
using System.IO.Ports;
using nanoFramework.Hardware.Esp32;

namespace BatteryShift.Hal.Esp32
{
    /// <summary>
    /// <see cref="ISerialPort"/> on the ESP32's COM2 (COM1 belongs to nanoFramework's debugger). The TX and RX
    /// pins are routed to COM2 with <see cref="Configuration.SetPinFunction"/> before the port opens. Reads take
    /// only what the driver has buffered; a write waits at most <see cref="WriteTimeoutMs"/> for room in the
    /// driver's transmit buffer and otherwise drops the bytes and counts them.
    /// </summary>
    public sealed class Esp32SerialPort : ISerialPort
    {
        /// <summary>Longest wait for room in the transmit buffer, ms.</summary>
        public const int WriteTimeoutMs = 20;

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
            if (count <= 0)
            {
                return;
            }

            try
            {
                _port.Write(buffer, offset, count);
            }
            catch (Exception)
            {
                _droppedBytes += count;
            }
        }
    }
}
