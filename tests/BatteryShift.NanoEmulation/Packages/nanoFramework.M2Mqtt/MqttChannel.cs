// EMULATION of nanoFramework.M2Mqtt 5.1.220, M2Mqtt/Net/MqttNetworkChannel.cs, over the emulated lwIP and mbedTLS:
//  - the constructor resolves the host at once (Dns.GetHostEntry; an unknown name is a SocketException 11001);
//  - Connect first closes a socket left by an earlier Connect of the SAME channel, then creates a socket (lwIP:
//    10024 when all 16 are in use) and connects it; a failed connect leaves that socket allocated until Close or the
//    next Connect (nothing in the channel closes it on failure);
//  - with TLS, SslStream.AuthenticateAsClient runs the handshake: nanoFramework.System.Net's SslStream passes the CA
//    given to the client (null here) and nf-interpreter's ssl_generic_init_internal.cpp adds the CA roots stored in the
//    device configuration (ConfigurationManager_GetCertificateStore); verification is required unless
//    MqttSettings.ValidateServerCertificate is false; a failed handshake (ssl_connect_internal.cpp, as it was before
//    nf-interpreter #3468, the native side of System.Net 1.11.x) surfaces as SocketException with error code -1,
//    whatever the reason (not trusted, expired, not yet valid, wrong name);
//  - Receive(buffer) loops until the buffer is full and returns 0 when the peer closed.
using System;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using BatteryShift.NanoEmulation.Native;

namespace nanoFramework.M2Mqtt
{
    [BatteryShift.NanoEmulation.EmulatesNative]
    internal sealed class MqttChannel
    {
        private readonly string _host;
        private readonly string _address;
        private readonly int _port;
        private readonly bool _secure;
        private readonly X509Certificate _caCert;
        private ITcpLink _socket;

        public MqttChannel(string host, int port, bool secure, X509Certificate caCert)
        {
            EmulatedEsp32.EnterNative();
            string address = EmulatedEsp32.Tcp.Resolve(host);
            if (address == null)
            {
                throw new SocketException(SocketError.HostNotFound);
            }

            _host = host;
            _address = address;
            _port = port;
            _secure = secure;
            _caCert = caCert;
        }

        /// <summary>The verify flags of the last TLS handshake (0 when it passed or none ran), for the tests.</summary>
        public int LastVerifyFlags { get; private set; }

        public void Connect(bool validateServerCertificate)
        {
            Close();
            EmulatedEsp32.EnterNative();
            int error;
            ITcpLink socket = EmulatedEsp32.Tcp.CreateSocket(out error);
            if (socket == null)
            {
                throw new SocketException((SocketError)error);
            }

            _socket = socket;
            EmulatedEsp32.EnterNative();
            error = socket.Connect(_address, _port);
            if (error != 0)
            {
                throw new SocketException((SocketError)error);
            }

            if (_secure)
            {
                Handshake(socket, validateServerCertificate);
            }
        }

        public void Send(byte[] buffer)
        {
            EmulatedEsp32.EnterNative();
            ITcpLink socket = _socket;
            if (socket == null)
            {
                throw new ObjectDisposedException("Socket");
            }

            int sent = socket.Send(buffer, 0, buffer.Length);
            if (sent < 0)
            {
                throw new SocketException((SocketError)(-sent));
            }
        }

        public int Receive(byte[] buffer)
        {
            int index = 0;
            while (index < buffer.Length)
            {
                EmulatedEsp32.EnterNative();
                ITcpLink socket = _socket;
                if (socket == null)
                {
                    return 0;
                }

                int read = socket.Receive(buffer, index, buffer.Length - index);
                if (read < 0)
                {
                    throw new SocketException((SocketError)(-read));
                }

                if (read == 0)
                {
                    return 0;
                }

                index += read;
            }

            return buffer.Length;
        }

        public void Close()
        {
            ITcpLink socket = _socket;
            _socket = null;
            if (socket != null)
            {
                socket.Close();
            }
        }

        private void Handshake(ITcpLink socket, bool validate)
        {
            EmulatedEsp32.EnterNative();
            string trusted = EmulatedEsp32.Runtime.StoredCaBundle;
            if (_caCert != null)
            {
                byte[] raw = _caCert.GetRawCertData();
                char[] text = new char[raw.Length];
                for (int i = 0; i < raw.Length; i++)
                {
                    // PEM is ASCII
                    text[i] = (char)raw[i];
                }

                trusted = (trusted == null ? string.Empty : trusted) + new string(text);
            }

            int flags = socket.VerifyServerCertificate(_host, trusted, EmulatedEsp32.Wifi.UtcSeconds);
            LastVerifyFlags = flags;
            if (flags == -1 || (validate && flags != 0))
            {
                throw new SocketException(SocketError.SocketError);
            }
        }
    }
}
