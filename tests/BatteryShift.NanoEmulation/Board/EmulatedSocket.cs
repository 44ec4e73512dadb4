using System;
using System.Net.Sockets;
using BatteryShift.NanoEmulation.Native;

namespace BatteryShift.NanoEmulation.Board
{
    /// <summary>One lwIP socket of the emulated device; connected, it is a real TCP connection to the broker.</summary>
    public sealed class EmulatedSocket : ITcpLink
    {
        private readonly EmulatedNetwork _network;
        private Socket? _tcp;
        private bool _closed;
        private bool _reset;

        internal EmulatedSocket(EmulatedNetwork network)
        {
            _network = network;
        }

        /// <inheritdoc />
        public int Connect(string address, int port) => _network.ConnectSocket(this, address, port);

        /// <inheritdoc />
        public int Send(byte[] buffer, int offset, int count)
        {
            Socket? tcp = _tcp;
            if (tcp == null || _reset)
            {
                return -10054;
            }

            try
            {
                int sent = 0;
                while (sent < count)
                {
                    sent += tcp.Send(buffer, offset + sent, count - sent, SocketFlags.None);
                }

                return sent;
            }
            catch (Exception ex) when (ex is SocketException || ex is ObjectDisposedException)
            {
                return -10054;
            }
        }

        /// <inheritdoc />
        public int Receive(byte[] buffer, int offset, int count)
        {
            Socket? tcp = _tcp;
            if (tcp == null || _reset)
            {
                // lwIP: a reset connection reports ECONNRESET once, then reads as closed
                return _closed ? -10038 : 0;
            }

            try
            {
                return tcp.Receive(buffer, offset, count, SocketFlags.None);
            }
            catch (Exception ex) when (ex is SocketException || ex is ObjectDisposedException)
            {
                return -10054;
            }
        }

        /// <inheritdoc />
        public int VerifyServerCertificate(string hostName, string trustedCaPem, long deviceUtcSeconds) => _network.Verify(hostName, trustedCaPem, deviceUtcSeconds);

        /// <inheritdoc />
        public void Close()
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            Drop();
            _network.Closed(this);
        }

        internal void Attach(Socket tcp)
        {
            _tcp = tcp;
        }

        // the network went away under the connection: the peer is gone, the socket stays allocated
        internal void Reset()
        {
            _reset = true;
            Drop();
        }

        private void Drop()
        {
            Socket? tcp = _tcp;
            _tcp = null;
            if (tcp != null)
            {
                try
                {
                    tcp.Shutdown(SocketShutdown.Both);
                }
                catch (Exception ex) when (ex is SocketException || ex is ObjectDisposedException)
                {
                    // already gone
                }

                tcp.Dispose();
            }
        }
    }
}
