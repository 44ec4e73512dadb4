using System;
using System.Collections.Generic;
using System.Text;
using BatteryShift.Bms.Board;

namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// COM2 in memory. The firmware side is <see cref="ISerialPort"/>; the host side types input
    /// (<see cref="TypeText"/>) and takes what the firmware wrote (<see cref="TakeOutputText"/>). The transmit
    /// buffer drains at the baud rate (115200 8N1: 11520 bytes/s) as simulated time passes; bytes that do not fit
    /// are dropped and counted, as the device does.
    /// </summary>
    public sealed class VirtualSerialPort : ISerialPort
    {
        private readonly VirtualModule _module;
        private readonly Queue<byte> _rx = new Queue<byte>();
        private readonly List<byte> _host = new List<byte>();
        private readonly object _gate = new object();
        private long _txBacklog;
        private long _drainedAtUs;

        internal VirtualSerialPort(VirtualModule module, int transmitBufferBytes)
        {
            _module = module;
            TransmitBufferBytes = transmitBufferBytes;
        }

        /// <summary>Transmit buffer size, bytes.</summary>
        public int TransmitBufferBytes { get; }

        /// <summary>Bytes dropped because the transmit buffer was full.</summary>
        public long DroppedBytes { get; private set; }

        /// <summary>Bytes accepted from the firmware since the start.</summary>
        public long WrittenBytes { get; private set; }

        /// <inheritdoc />
        public int BytesToRead
        {
            get
            {
                lock (_gate)
                {
                    return _rx.Count;
                }
            }
        }

        /// <inheritdoc />
        public int Read(byte[] buffer, int offset, int count)
        {
            lock (_gate)
            {
                int n = 0;
                while (n < count && _rx.Count > 0)
                {
                    buffer[offset + n] = _rx.Dequeue();
                    n++;
                }

                return n;
            }
        }

        /// <inheritdoc />
        public void Write(byte[] buffer, int offset, int count)
        {
            if (_module.RestartPending)
            {
                return;
            }

            lock (_gate)
            {
                Drain();
                long room = TransmitBufferBytes - _txBacklog;
                int accepted = (int)Math.Min(room, count);
                if (accepted < 0)
                {
                    accepted = 0;
                }

                for (int i = 0; i < accepted; i++)
                {
                    _host.Add(buffer[offset + i]);
                }

                _txBacklog += accepted;
                WrittenBytes += accepted;
                DroppedBytes += count - accepted;
            }
        }

        /// <summary>Host side: queues bytes as if typed on the terminal.</summary>
        /// <param name="bytes">Bytes.</param>
        public void Type(byte[] bytes)
        {
            lock (_gate)
            {
                foreach (byte b in bytes)
                {
                    _rx.Enqueue(b);
                }
            }
        }

        /// <summary>Host side: queues text (ASCII/UTF-8) as if typed.</summary>
        /// <param name="text">Text, e.g. "status\r\n".</param>
        public void TypeText(string text)
        {
            Type(Encoding.UTF8.GetBytes(text));
        }

        /// <summary>Host side: takes the bytes the firmware wrote since the last take.</summary>
        /// <returns>Bytes.</returns>
        public byte[] TakeOutput()
        {
            lock (_gate)
            {
                byte[] result = _host.ToArray();
                _host.Clear();
                return result;
            }
        }

        /// <summary>Host side: takes the output as text.</summary>
        /// <returns>Text.</returns>
        public string TakeOutputText()
        {
            return Encoding.UTF8.GetString(TakeOutput());
        }

        internal void PowerCycle()
        {
            lock (_gate)
            {
                _rx.Clear();
                _txBacklog = 0;
            }
        }

        private void Drain()
        {
            long now = _module.TimeMicroseconds;
            long elapsed = now - _drainedAtUs;
            long bytes = elapsed * (Bmu16.SerialBaud / 10) / 1000000;
            if (bytes > 0)
            {
                _txBacklog = Math.Max(0, _txBacklog - bytes);
                _drainedAtUs = now;
            }
        }
    }
}
