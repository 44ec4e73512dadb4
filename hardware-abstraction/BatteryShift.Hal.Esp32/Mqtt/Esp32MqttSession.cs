using System;
using System.Device.Wifi;
using System.Net.Sockets;
using System.Threading;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Exceptions;
using nanoFramework.M2Mqtt.Messages;
using nanoFramework.Networking;

namespace BatteryShift.Hal.Esp32
{
    /// <summary>
    /// <see cref="IMqttSession"/> over Wi-Fi and nanoFramework's M2Mqtt client. <see cref="Connect"/> brings the
    /// station up with DHCP (credentials from <see cref="MqttEndpoint.NetworkSsid"/> and
    /// <see cref="MqttEndpoint.NetworkPassword"/>, automatic Wi-Fi reconnection) and then tries the broker once
    /// with the endpoint's last-will; the core decides when to try again. Publishes and subscriptions use QoS 1.
    /// </summary>
    /// <remarks>
    /// <para>Received messages are copied by M2Mqtt's dispatch thread into a ring of buffers made at start-up
    /// (<see cref="QueueDepth"/> messages of up to the payload size given to the constructor) and taken by
    /// <see cref="ReadMessage"/> on the communication thread; when the ring is full the newest message is
    /// dropped and counted. Subscriptions are remembered and sent again after each connect (clean session).</para>
    /// <para>Wi-Fi: the station configuration is stored (a flash write, WifiNetworkHelper.ConnectDhcp) once per set
    /// of credentials; later attempts only wait for the address the driver gets back by itself
    /// (WifiNetworkHelper.Reconnect), at most <see cref="NetworkWaitMs"/> each, so a long outage neither wears the
    /// flash nor holds the communication thread (and with it the serial console) for long.</para>
    /// <para>M2Mqtt: each attempt uses a new client, and the previous one is disposed first, as is a client whose
    /// connect failed: a client left behind keeps its socket (one of the 16 lwIP has) and, once the socket connected,
    /// its receive thread. A connect holds the communication thread until the broker answers (M2Mqtt waits up to
    /// 30 s for the CONNACK).</para>
    /// <para>Why an attempt failed (Wi-Fi, name, refused, TLS certificate, CONNACK) is written to the diagnostics port
    /// given to the constructor, once per change of reason.</para>
    /// </remarks>
    public sealed class Esp32MqttSession : IMqttSession
    {
        /// <summary>Messages the receive ring holds.</summary>
        public const int QueueDepth = 4;

        /// <summary>Most subscriptions remembered.</summary>
        public const int MaxSubscriptions = 8;

        /// <summary>Longest wait per attempt for Wi-Fi to associate, get an address (and the date for TLS), ms.</summary>
        public const int NetworkWaitMs = 2000;

        private const int OversizeMarker = -2;

        private readonly object _sync = new object();
        private readonly byte[][] _payloads = new byte[QueueDepth][];
        private readonly int[] _lengths = new int[QueueDepth];
        private readonly bool[] _retained = new bool[QueueDepth];
        private readonly string[] _topics = new string[MaxSubscriptions];
        private readonly MqttQoSLevel[] _qosOne = new MqttQoSLevel[] { MqttQoSLevel.AtLeastOnce };
        private readonly ISerialPort _diagnostics;
        private int _head;
        private int _count;
        private int _droppedMessages;
        private int _topicCount;
        private string _appliedSsid;
        private string _appliedPassword;
        private bool _closed = true;
        private bool _lastRetained;
        private bool _lost;
        private string _lastReport;
        private MqttClient _client;

        /// <summary>
        /// Makes the receive ring.
        /// </summary>
        /// <param name="maxPayloadBytes">Largest received payload kept; larger ones are reported as dropped.</param>
        /// <param name="diagnostics">Where a line says why a connection failed or was lost (the serial console's
        /// port), or null.</param>
        public Esp32MqttSession(int maxPayloadBytes, ISerialPort diagnostics)
        {
            _diagnostics = diagnostics;
            for (int i = 0; i < QueueDepth; i++)
            {
                _payloads[i] = new byte[maxPayloadBytes];
            }
        }

        /// <inheritdoc/>
        public int DroppedMessages
        {
            get { return _droppedMessages; }
        }

        /// <inheritdoc/>
        public bool LastMessageRetained
        {
            get { return _lastRetained; }
        }

        /// <summary>Why the last attempt failed, or how the session last changed state; null before any.</summary>
        public string LastReport
        {
            get { return _lastReport; }
        }

        /// <inheritdoc/>
        public bool IsConnected
        {
            get
            {
                MqttClient client = _client;
                return client != null && !_closed && client.IsConnected;
            }
        }

        /// <inheritdoc/>
        public bool Connect(MqttEndpoint endpoint)
        {
            if (IsConnected)
            {
                return true;
            }

            if (_lost)
            {
                _lost = false;
                Report("mqtt: connection to the broker lost");
            }

            if (endpoint.NetworkSsid.Length == 0 || endpoint.Host.Length == 0)
            {
                Report("mqtt: no Wi-Fi network or broker configured (wifi.ssid, mqtt.host)");
                return false;
            }

            ReleaseClient();
            if (!WaitForNetwork(endpoint))
            {
                return false;
            }

            MqttClient client = null;
            try
            {
                client = new MqttClient(endpoint.Host, endpoint.Port, endpoint.UseTls, null, null, endpoint.UseTls ? MqttSslProtocols.TLSv1_2 : MqttSslProtocols.None);
                client.MqttMsgPublishReceived += OnPublishReceived;
                client.ConnectionClosed += OnConnectionClosed;
                _client = client;
                _closed = true;

                bool willFlag = endpoint.WillTopic.Length > 0;
                MqttReasonCode code = client.Connect(
                    endpoint.ClientId,
                    endpoint.Username.Length > 0 ? endpoint.Username : null,
                    endpoint.Password.Length > 0 ? endpoint.Password : null,
                    willFlag && endpoint.WillRetain,
                    MqttQoSLevel.AtLeastOnce,
                    willFlag,
                    willFlag ? endpoint.WillTopic : null,
                    willFlag ? endpoint.WillPayload : null,
                    true,
                    (ushort)endpoint.KeepAliveSeconds);
                if (code != MqttReasonCode.Success || !client.IsConnected)
                {
                    Report("mqtt: " + endpoint.Host + ":" + endpoint.Port + " refused the connection: " + RefusalText(code));
                    ReleaseClient();
                    return false;
                }

                _closed = false;
                Report("mqtt: connected to " + endpoint.Host + ":" + endpoint.Port + (endpoint.UseTls ? " (TLS)" : string.Empty) + " as " + endpoint.ClientId);
                for (int i = 0; i < _topicCount; i++)
                {
                    SendSubscribe(_topics[i]);
                }

                return true;
            }
            catch (Exception ex)
            {
                Report("mqtt: " + endpoint.Host + ":" + endpoint.Port + ": " + FailureText(ex, endpoint.UseTls));
                if (client != null && _client != client)
                {
                    // made but not yet kept: dispose it here
                    DisposeQuietly(client);
                }

                ReleaseClient();
                return false;
            }
        }

        /// <inheritdoc/>
        public void Disconnect()
        {
            MqttClient client = _client;
            if (client != null && client.IsConnected)
            {
                try
                {
                    client.Disconnect();
                }
                catch (Exception)
                {
                    // the connection is gone either way
                }
            }

            ReleaseClient();
        }

        /// <inheritdoc/>
        public bool Publish(string topic, byte[] payload, int length, bool retain)
        {
            if (!IsConnected || length < 0 || length > payload.Length)
            {
                return false;
            }

            byte[] message = payload;
            if (length != payload.Length)
            {
                // M2Mqtt sends whole arrays
                message = new byte[length];
                Array.Copy(payload, message, length);
            }

            try
            {
                // M2Mqtt queues the message for its inflight thread and returns: true means handed over, not sent
                _client.Publish(topic, message, null, null, MqttQoSLevel.AtLeastOnce, retain);
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }

        /// <inheritdoc/>
        public bool Subscribe(string topic)
        {
            bool known = false;
            for (int i = 0; i < _topicCount; i++)
            {
                if (_topics[i] == topic)
                {
                    known = true;
                }
            }

            if (!known)
            {
                if (_topicCount == MaxSubscriptions)
                {
                    return false;
                }

                _topics[_topicCount++] = topic;
            }

            return IsConnected && SendSubscribe(topic);
        }

        /// <inheritdoc/>
        public int ReadMessage(byte[] buffer)
        {
            lock (_sync)
            {
                if (_count == 0)
                {
                    return -1;
                }

                int slot = _head;
                _head = (_head + 1) % QueueDepth;
                _count--;
                _lastRetained = _retained[slot];
                int length = _lengths[slot];
                if (length == OversizeMarker || length > buffer.Length)
                {
                    return -2;
                }

                Array.Copy(_payloads[slot], buffer, length);
                return length;
            }
        }

        private bool SendSubscribe(string topic)
        {
            try
            {
                _client.Subscribe(new string[] { topic }, _qosOne);
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }

        // Once per set of credentials: store them and start the station (ConnectDhcp writes the configuration block);
        // afterwards only wait for the address the driver restores by itself.
        private bool WaitForNetwork(MqttEndpoint endpoint)
        {
            CancellationTokenSource timeout = new CancellationTokenSource(NetworkWaitMs);
            try
            {
                bool ready;
                if (endpoint.NetworkSsid != _appliedSsid || endpoint.NetworkPassword != _appliedPassword)
                {
                    _appliedSsid = endpoint.NetworkSsid;
                    _appliedPassword = endpoint.NetworkPassword;
                    ready = WifiNetworkHelper.ConnectDhcp(endpoint.NetworkSsid, endpoint.NetworkPassword, WifiReconnectionKind.Automatic, endpoint.UseTls, 0, timeout.Token);
                }
                else
                {
                    ready = WifiNetworkHelper.Reconnect(endpoint.UseTls, 0, timeout.Token);
                }

                if (!ready)
                {
                    Report(NetworkText(endpoint));
                }

                return ready;
            }
            finally
            {
                timeout.Dispose();
            }
        }

        private static string NetworkText(MqttEndpoint endpoint)
        {
            NetworkHelperStatus status = WifiNetworkHelper.Status;
            if (status == NetworkHelperStatus.TokenExpiredWaitingDateTime)
            {
                return "mqtt: Wi-Fi up, but the clock is not set by SNTP yet (TLS checks the certificate dates)";
            }

            if (status == NetworkHelperStatus.ExceptionOccurred && WifiNetworkHelper.HelperException != null)
            {
                return "mqtt: Wi-Fi failed: " + WifiNetworkHelper.HelperException.Message;
            }

            return "mqtt: no address from Wi-Fi network '" + endpoint.NetworkSsid + "' yet";
        }

        private static string FailureText(Exception ex, bool tls)
        {
            MqttConnectionException connection = ex as MqttConnectionException;
            SocketException socket = (connection != null ? connection.InnerException : ex) as SocketException;
            if (socket != null)
            {
                switch (socket.ErrorCode)
                {
                    case -1:
                        return tls
                            ? "TLS handshake failed: the broker's certificate was not accepted (no CA stored in the device's network configuration, a CA that did not sign it, a certificate expired or not yet valid, a name other than mqtt.host, or the clock not set)"
                            : "connection failed (socket error -1)";
                    case 10061:
                        return "connection refused (no broker listening)";
                    case 10060:
                        return "no answer (timed out)";
                    case 10065:
                        return "host unreachable";
                    case 11001:
                        return "host name not found";
                    case 10024:
                        return "no free socket";
                    default:
                        return "socket error " + socket.ErrorCode;
                }
            }

            if (ex is MqttCommunicationException)
            {
                return "no CONNACK from the broker (M2Mqtt waits 30 s)";
            }

            return ex.GetType().Name + ": " + ex.Message;
        }

        private static string RefusalText(MqttReasonCode code)
        {
            switch (code)
            {
                case MqttReasonCode.ConnectionRefusedUnacceptableProtocolVersion:
                    return "protocol version";
                case MqttReasonCode.ConnectionRefusedIdentifierRejected:
                    return "client id rejected";
                case MqttReasonCode.ConnectionRefusedServerUnavailable:
                    return "server unavailable";
                case MqttReasonCode.ConnectionRefusedBadUserNameOrPassword:
                    return "bad user name or password (mqtt.user, mqtt.password)";
                case MqttReasonCode.ConnectionRefusedNotAuthorized:
                    return "not authorized";
                default:
                    return "code " + (int)code;
            }
        }

        // One line per change: a retry that fails for the same reason says nothing new.
        private void Report(string text)
        {
            if (text == _lastReport)
            {
                return;
            }

            _lastReport = text;
            ISerialPort port = _diagnostics;
            if (port == null)
            {
                return;
            }

            byte[] line = new byte[text.Length + 2];
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                line[i] = c < 0x80 ? (byte)c : (byte)'?';
            }

            line[text.Length] = (byte)'\r';
            line[text.Length + 1] = (byte)'\n';
            port.Write(line, 0, line.Length);
        }

        // Disposes the current client: stops its threads, closes its socket. Its events are unhooked first, so
        // nothing of it reaches the session afterwards.
        private void ReleaseClient()
        {
            MqttClient client = _client;
            _client = null;
            _closed = true;
            if (client == null)
            {
                return;
            }

            client.MqttMsgPublishReceived -= OnPublishReceived;
            client.ConnectionClosed -= OnConnectionClosed;
            DisposeQuietly(client);
        }

        private static void DisposeQuietly(MqttClient client)
        {
            try
            {
                client.Dispose();
            }
            catch (Exception)
            {
                // Close does its best; nothing more to do
            }
        }

        private void OnPublishReceived(object sender, MqttMsgPublishEventArgs e)
        {
            if (sender != _client)
            {
                return;
            }

            byte[] message = e.Message;
            lock (_sync)
            {
                if (_count == QueueDepth)
                {
                    _droppedMessages++;
                    return;
                }

                int slot = (_head + _count) % QueueDepth;
                int length = message == null ? 0 : message.Length;
                _retained[slot] = e.Retain;
                if (length > _payloads[slot].Length)
                {
                    _lengths[slot] = OversizeMarker;
                }
                else
                {
                    if (length > 0)
                    {
                        Array.Copy(message, _payloads[slot], length);
                    }

                    _lengths[slot] = length;
                }

                _count++;
            }
        }

        private void OnConnectionClosed(object sender, EventArgs e)
        {
            if (sender == _client)
            {
                _closed = true;
                _lost = true;
            }
        }
    }
}
