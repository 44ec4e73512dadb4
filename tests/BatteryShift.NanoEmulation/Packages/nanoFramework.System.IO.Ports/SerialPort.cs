// EMULATION of nanoFramework.System.IO.Ports 1.1.139, System.IO.Ports/SerialPort.cs (one instance per port name,
// ArgumentException for a second; Open twice is InvalidOperationException; ReadTimeout and WriteTimeout default to
// Timeout.Infinite and accept Infinite or >= 0), with the native side of nf-interpreter
// targets/ESP32/_nanoCLR/System.IO.Ports/sys_io_ser_native_System_IO_Ports_SerialPort.cpp:
//  - NativeInit refuses COM1 while the debugger uses it (CLR_E_INVALID_PARAMETER) and routes the UART to the pins in the
//    device map (Configuration.SetPinFunction; COM2 has none by default: see Configuration);
//  - Read blocks until count bytes are in the driver's ring buffer, up to ReadTimeout, then CLR_E_TIMEOUT
//    (TimeoutException); offset or count beyond the buffer is CLR_E_INVALID_OPERATION, offset + count beyond it
//    CLR_E_INVALID_PARAMETER;
//  - Write puts what fits into the 128-byte hardware FIFO at once (uart_tx_chars), hands the rest to the TX task and
//    waits for it up to WriteTimeout, then CLR_E_TIMEOUT: the TX task goes on sending the rest after the timeout.
using System.Collections;
using System.Threading;
using BatteryShift.NanoEmulation.Native;

namespace System.IO.Ports
{
    /// <summary>A UART.</summary>
    public sealed class SerialPort : IDisposable
    {
        private const int HardwareFifoBytes = 128;
        private static ArrayList s_devices = new ArrayList();

        private readonly string _portName;
        private readonly int _portIndex;
        private readonly int _baudRate;
        private readonly byte[] _ring = new byte[256];
        private int _ringHead;
        private int _ringCount;
        private int _readTimeout = Timeout.Infinite;
        private int _writeTimeout = Timeout.Infinite;
        private bool _opened;
        private bool _disposed;
        private int _txGpio = -1;
        private int _rxGpio = -1;
        private long _lineBusyUntilTicks;

        /// <summary>Creates the port object (nothing is opened).</summary>
        /// <param name="portName">"COM1".."COM3".</param>
        /// <param name="baudRate">Baud rate.</param>
        /// <param name="parity">Parity.</param>
        /// <param name="dataBits">Data bits.</param>
        /// <param name="stopBits">Stop bits.</param>
        /// <exception cref="ArgumentException">A SerialPort for this port already exists.</exception>
        public SerialPort(string portName, int baudRate = 9600, Parity parity = Parity.None, int dataBits = 8, StopBits stopBits = StopBits.One)
        {
            _portIndex = portName[3] - 48;
            for (int i = 0; i < s_devices.Count; i++)
            {
                if (((SerialPort)s_devices[i])._portIndex == _portIndex)
                {
                    throw new ArgumentException();
                }
            }

            _portName = portName;
            _baudRate = baudRate;
            s_devices.Add(this);
        }

        /// <summary>The port name.</summary>
        public string PortName
        {
            get { return _portName; }
        }

        /// <summary>Baud rate.</summary>
        public int BaudRate
        {
            get { return _baudRate; }
        }

        /// <summary>True once opened.</summary>
        public bool IsOpen
        {
            get { return _opened; }
        }

        /// <summary>Read timeout, ms (Timeout.Infinite by default).</summary>
        /// <exception cref="ArgumentOutOfRangeException">Negative and not Timeout.Infinite.</exception>
        public int ReadTimeout
        {
            get
            {
                return _readTimeout;
            }

            set
            {
                if (value < 0 && value != Timeout.Infinite)
                {
                    throw new ArgumentOutOfRangeException();
                }

                _readTimeout = value;
            }
        }

        /// <summary>Write timeout, ms (Timeout.Infinite by default).</summary>
        /// <exception cref="ArgumentOutOfRangeException">Negative and not Timeout.Infinite.</exception>
        public int WriteTimeout
        {
            get
            {
                return _writeTimeout;
            }

            set
            {
                if (value < 0 && value != Timeout.Infinite)
                {
                    throw new ArgumentOutOfRangeException();
                }

                _writeTimeout = value;
            }
        }

        /// <summary>Bytes in the driver's receive buffer (native).</summary>
        /// <exception cref="ObjectDisposedException">The port is disposed.</exception>
        public int BytesToRead
        {
            get
            {
                EmulatedEsp32.EnterNative();
                CheckUsable();
                Pump();
                return _ringCount;
            }
        }

        internal int TxGpio
        {
            get { return _txGpio; }
        }

        /// <summary>Opens the port: installs the UART driver and routes it to the mapped pins.</summary>
        /// <exception cref="InvalidOperationException">Already open.</exception>
        /// <exception cref="ArgumentException">COM1 (the debugger's) or no such UART.</exception>
        public void Open()
        {
            if (_opened)
            {
                throw new InvalidOperationException();
            }

            _disposed = false;
            EmulatedEsp32.EnterNative();
            int uart = _portIndex - 1;
            if (uart <= 0 || uart > 2)
            {
                throw new ArgumentException();
            }

            _txGpio = nanoFramework.Hardware.Esp32.Configuration.SerialPin(uart, 0);
            _rxGpio = nanoFramework.Hardware.Esp32.Configuration.SerialPin(uart, 1);
            _opened = true;
        }

        /// <summary>Closes the port.</summary>
        public void Close()
        {
            _opened = false;
        }

        /// <summary>Closes the port and releases the UART.</summary>
        public void Dispose()
        {
            if (!_disposed)
            {
                _opened = false;
                _disposed = true;
                s_devices.Remove(this);
            }
        }

        /// <summary>Reads exactly <paramref name="count"/> bytes, waiting up to <see cref="ReadTimeout"/> for them.</summary>
        /// <param name="buffer">Destination.</param>
        /// <param name="offset">First index.</param>
        /// <param name="count">Bytes.</param>
        /// <returns>Bytes read (count).</returns>
        /// <exception cref="TimeoutException">Fewer bytes arrived within the timeout.</exception>
        public int Read(byte[] buffer, int offset, int count)
        {
            EmulatedEsp32.EnterNative();
            CheckUsable();
            CheckRange(buffer, offset, count);
            long deadline = _readTimeout == Timeout.Infinite ? long.MaxValue : DateTime.UtcNow.Ticks + (_readTimeout * TimeSpan.TicksPerMillisecond);
            while (true)
            {
                Pump();
                if (_ringCount >= count)
                {
                    for (int i = 0; i < count; i++)
                    {
                        buffer[offset + i] = _ring[_ringHead];
                        _ringHead = (_ringHead + 1) % _ring.Length;
                    }

                    _ringCount -= count;
                    return count;
                }

                if (DateTime.UtcNow.Ticks >= deadline)
                {
                    throw new TimeoutException();
                }

                Thread.Sleep(1);
                EmulatedEsp32.EnterNative();
            }
        }

        /// <summary>Sends bytes, waiting up to <see cref="WriteTimeout"/> for what does not fit the hardware FIFO.</summary>
        /// <param name="buffer">Source.</param>
        /// <param name="offset">First byte.</param>
        /// <param name="count">Bytes.</param>
        /// <exception cref="TimeoutException">The bytes beyond the FIFO did not go out within the timeout (they are still
        /// being sent).</exception>
        public void Write(byte[] buffer, int offset, int count)
        {
            EmulatedEsp32.EnterNative();
            CheckUsable();
            CheckRange(buffer, offset, count);
            long now = DateTime.UtcNow.Ticks;
            long ticksPerByte = 10L * TimeSpan.TicksPerSecond / _baudRate;
            long pending = _lineBusyUntilTicks > now ? (_lineBusyUntilTicks - now) / ticksPerByte : 0;
            long start = _lineBusyUntilTicks > now ? _lineBusyUntilTicks : now;
            _lineBusyUntilTicks = start + (count * ticksPerByte);
            EmulatedEsp32.Board.UartTransmit(_portIndex - 1, _txGpio, buffer, offset, count);
            long beyondFifo = pending + count - HardwareFifoBytes;
            if (beyondFifo <= 0)
            {
                return;
            }

            // the TX task is done when all but a FIFO's worth has left the line
            long doneAt = _lineBusyUntilTicks - (HardwareFifoBytes * ticksPerByte);
            long waitTicks = doneAt - now;
            if (_writeTimeout != Timeout.Infinite && waitTicks > _writeTimeout * TimeSpan.TicksPerMillisecond)
            {
                Thread.Sleep(_writeTimeout);
                throw new TimeoutException();
            }

            Thread.Sleep((int)((waitTicks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond));
        }

        internal static void ResetStatics()
        {
            s_devices = new ArrayList();
        }

        [BatteryShift.NanoEmulation.EmulatesNative]
        private static void CheckRange(byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException();
            }

            if (offset > buffer.Length || count > buffer.Length)
            {
                throw new InvalidOperationException();
            }

            if (offset + count > buffer.Length)
            {
                throw new ArgumentException();
            }
        }

        [BatteryShift.NanoEmulation.EmulatesNative]
        private void CheckUsable()
        {
            if (_disposed)
            {
                throw new ObjectDisposedException("SerialPort");
            }

            // a port that is not open has no PAL UART: CLR_E_INVALID_PARAMETER
            if (!_opened)
            {
                throw new ArgumentException();
            }
        }

        // the UART driver moves received bytes into the ring buffer; what does not fit is lost
        [BatteryShift.NanoEmulation.EmulatesNative]
        private void Pump()
        {
            int waiting = EmulatedEsp32.Board.UartAvailable(_portIndex - 1, _rxGpio);
            while (waiting > 0)
            {
                byte[] one = new byte[1];
                if (EmulatedEsp32.Board.UartReceive(_portIndex - 1, _rxGpio, one, 0, 1) != 1)
                {
                    return;
                }

                waiting--;
                if (_ringCount < _ring.Length)
                {
                    _ring[(_ringHead + _ringCount) % _ring.Length] = one[0];
                    _ringCount++;
                }
            }
        }
    }
}
