using System;
using System.IO;
using System.IO.Ports;
using System.Text;
using System.Threading;

namespace BatteryShift.Monitor.Sources
{
    /// <summary>
    /// Reads lines from a serial port or a pseudo-terminal at 115200 8N1 (System.IO.Ports) on a background
    /// thread, and writes command lines to it.
    /// </summary>
    public sealed class SerialLineSource : IDisposable
    {
        private readonly SerialPort _port;
        private readonly Thread _reader;
        private readonly LineSplitter _splitter = new();
        private readonly Action<string> _onLine;
        private volatile bool _stop;

        /// <summary>Opens the port and starts reading.</summary>
        /// <param name="portName">Device path (/dev/ttyUSB0, /dev/pts/3, a socat link) or COMn.</param>
        /// <param name="onLine">Receives each line (on the reader thread).</param>
        /// <param name="baud">Baud rate (the board: 115200).</param>
        public SerialLineSource(string portName, Action<string> onLine, int baud = 115200)
        {
            _onLine = onLine;
            _port = new SerialPort(portName, baud, Parity.None, 8, StopBits.One)
            {
                ReadTimeout = 200,
                WriteTimeout = 1000,
                Encoding = Encoding.ASCII,
            };
            _port.Open();
            _reader = new Thread(ReadLoop) { IsBackground = true, Name = "serial-reader" };
            _reader.Start();
        }

        /// <summary>Bytes received.</summary>
        public long BytesRead { get; private set; }

        /// <summary>Sends one command line (CR LF appended).</summary>
        /// <param name="line">Command.</param>
        public void SendLine(string line)
        {
            byte[] bytes = Encoding.ASCII.GetBytes(line + "\r\n");
            _port.Write(bytes, 0, bytes.Length);
        }

        /// <inheritdoc />
        public void Dispose()
        {
            _stop = true;
            _reader.Join(1000);
            _port.Dispose();
        }

        private void ReadLoop()
        {
            byte[] buffer = new byte[4096];
            while (!_stop)
            {
                int n;
                try
                {
                    n = _port.BaseStream.Read(buffer, 0, buffer.Length);
                }
                catch (TimeoutException)
                {
                    continue;
                }
                catch (IOException) when (_stop)
                {
                    return;
                }
                catch (InvalidOperationException) when (_stop)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }

                if (n > 0)
                {
                    BytesRead += n;
                    _splitter.Feed(buffer, n, _onLine);
                }
            }
        }
    }
}
