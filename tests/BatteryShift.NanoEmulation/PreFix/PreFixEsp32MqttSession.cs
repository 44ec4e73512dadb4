// FIXTURE: the code of hardware-abstraction/BatteryShift.Hal.Esp32/Mqtt/Esp32MqttSession.cs before issue 15, kept unchanged so that
// the emulation's tests show what the real packages do to it (see ../README.md). Never built for a device.
using System;
using System.Device.Wifi;
using System.Threading;
using nanoFramework.M2Mqtt;
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
    /// Received messages are copied by M2Mqtt's dispatch thread into a ring of buffers made at start-up
    /// (<see cref="QueueDepth"/> messages of up to the payload size given to the constructor) and taken by
    /// <see cref="ReadMessage"/> on the communication thread; when the ring is full the newest message is
    /// dropped and counted. Subscriptions are remembered and sent again after each connect (clean session). Each connection
    /// attempt uses a new M2Mqtt client; events from an earlier client are ignored.
    /// </remarks>
    public sealed class Esp32MqttSession : IMqttSession
    {
        /// <summary>Messages the receive ring holds.</summary>
        public const int QueueDepth = 4;

        /// <summary>Most subscriptions remembered.</summary>
        public const int MaxSubscriptions = 8;

        /// <summary>Longest wait for Wi-Fi to associate and get an address, ms.</summary>
        public const int WifiTimeoutMs = 20000;

        private const int OversizeMarker = -2;

        private readonly object _sync = new object();
        private readonly byte[][] _payloads = new byte[QueueDepth][];
        private readonly int[] _lengths = new int[QueueDepth];
        private readonly string[] _topics = new string[MaxSubscriptions];
        private readonly MqttQoSLevel[] _qosOne = new MqttQoSLevel[] { MqttQoSLevel.AtLeastOnce };
        private int _head;
        private int _count;
        private int _droppedMessages;
        private int _topicCount;
        private bool _wifiUp;
        private bool _closed = true;
        private MqttClient _client;

        /// <summary>
        /// Makes the receive ring.
        /// </summary>
        /// <param name="maxPayloadBytes">Largest received payload kept; larger ones are reported as dropped.</param>
        public Esp32MqttSession(int maxPayloadBytes)
        {
            for (int i = 0; i < QueueDepth; i++)
            {
                _payloads[i] = new byte[maxPayloadBytes];
            }
        }

        /// <summary>Received messages dropped because the ring was full.</summary>
        public int DroppedMessages
        {
            get { return _droppedMessages; }
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
            try
            {
                if (!_wifiUp)
                {
                    if (endpoint.NetworkSsid.Length == 0 || endpoint.Host.Length == 0)
                    {
                        // no network or no broker configured yet (wifi.ssid, mqtt.host on the console)
                        return false;
                    }

                    // TLS checks the broker's certificate dates: wait for SNTP to set the clock first
                    CancellationTokenSource timeout = new CancellationTokenSource(WifiTimeoutMs);
                    _wifiUp = WifiNetworkHelper.ConnectDhcp(endpoint.NetworkSsid, endpoint.NetworkPassword, WifiReconnectionKind.Automatic, endpoint.UseTls, 0, timeout.Token);
                    if (!_wifiUp)
                    {
                        return false;
                    }
                }

                if (IsConnected)
                {
                    return true;
                }

                if (endpoint.Host.Length == 0)
                {
                    return false;
                }

                // a fresh client per attempt: a closed M2Mqtt client is not reused, and events of an old
                // one are ignored (see the handlers)
                MqttClient client = new MqttClient(endpoint.Host, endpoint.Port, endpoint.UseTls, null, null, endpoint.UseTls ? MqttSslProtocols.TLSv1_2 : MqttSslProtocols.None);
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
                    return false;
                }

                _closed = false;
                for (int i = 0; i < _topicCount; i++)
                {
                    SendSubscribe(_topics[i]);
                }

                return true;
            }
            catch (Exception)
            {
                _closed = true;
                return false;
            }
        }

        /// <inheritdoc/>
        public void Disconnect()
        {
            MqttClient client = _client;
            _closed = true;
            if (client == null)
            {
                return;
            }

            try
            {
                client.Disconnect();
            }
            catch (Exception)
            {
                // the connection is gone either way
            }
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
                int length = _lengths[slot];
                if (length == OversizeMarker || length > buffer.Length)
                {
                    return -2;
                }

                Array.Copy(_payloads[slot], buffer, length);
                return length;
            }
        }

        /// <inheritdoc/>
        public bool LastMessageRetained
        {
            get { return false; }
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
            }
        }
    }
}
