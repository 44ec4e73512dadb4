// EMULATION of nanoFramework.M2Mqtt 5.1.220, M2Mqtt/MqttClient.cs. What it does, as the package does it:
//  - the constructor makes the network channel (which resolves the host: MqttChannel); nothing is connected;
//  - Connect: the channel connects (a failure is MqttConnectionException with the SocketException inside), workers
//    still alive from an earlier connection of this client are stopped, the RECEIVE THREAD is started, CONNECT is sent
//    and the CONNACK awaited for MqttSettings.DefaultTimeout (30 s; none in time: MqttCommunicationException). Only on
//    Success are the keep-alive, dispatch and inflight threads started and IsConnected set. A refused or timed-out
//    connect leaves the socket open and the receive thread running until Close or Dispose;
//  - Publish and Subscribe enqueue the message for the inflight thread and return its id at once (nothing is sent
//    yet; a client whose threads are stopped never sends it); incoming PUBLISH raise MqttMsgPublishReceived on the
//    dispatch thread (a QoS 1 one is acknowledged);
//  - a connection that fails (receive returns 0 or throws an IOException/SocketException, a ping goes unanswered)
//    sets IsConnected false at once; the dispatch thread then runs Close (200 ms pause, workers joined, socket
//    closed) and raises ConnectionClosed, and ends;
//  - Disconnect sends DISCONNECT and closes the same way; Dispose closes; Close stops the workers and the socket.
// The receive thread of a refused connect finds its socket closed by the broker and loops without end in the package
// (no dispatch thread runs to close it); here it waits 1 ms per turn so that the host is not spun.
using System;
using System.Collections;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using BatteryShift.NanoEmulation.Native;
using nanoFramework.M2Mqtt.Exceptions;
using nanoFramework.M2Mqtt.Messages;

namespace nanoFramework.M2Mqtt
{
    /// <summary>An MQTT client.</summary>
    public class MqttClient : IDisposable
    {
        private const int DefaultTimeoutMs = 30000;
        private const int PingResponse = -2;

        private readonly MqttChannel _channel;
        private readonly object _sendLock = new object();
        private readonly ArrayList _outgoing = new ArrayList();
        private readonly ArrayList _events = new ArrayList();
        private readonly AutoResetEvent _syncEndReceiving = new AutoResetEvent(false);
        private readonly AutoResetEvent _inflightWaitHandle = new AutoResetEvent(false);
        private readonly AutoResetEvent _receiveEventWaitHandle = new AutoResetEvent(false);
        private readonly AutoResetEvent _keepAliveEvent = new AutoResetEvent(false);
        private AutoResetEvent _keepAliveEventEnd;
        private Thread _receiveThread;
        private Thread _keepAliveThread;
        private Thread _processInflightThread;
        private bool _isRunning;
        private bool _isConnectionClosing;
        private bool _isAlreadyClosing;
        private int _received;
        private Exception _exReceiving;
        private int _keepAlivePeriod;
        private long _lastCommTicks;
        private ushort _messageIdCounter;

        /// <summary>Creates the client and its channel (resolves the host).</summary>
        /// <param name="brokerHostName">Host name or address.</param>
        /// <param name="brokerPort">Port.</param>
        /// <param name="secure">TLS.</param>
        /// <param name="caCert">CA that signed the broker's certificate; null to rely on the device's stored CA roots.</param>
        /// <param name="clientCert">Client certificate; null for none (or the device's stored one).</param>
        /// <param name="sslProtocol">TLS version.</param>
        public MqttClient(string brokerHostName, int brokerPort, bool secure, X509Certificate caCert, X509Certificate clientCert, MqttSslProtocols sslProtocol)
        {
            _channel = new MqttChannel(brokerHostName, brokerPort, secure, caCert);
        }

        /// <summary>A PUBLISH was received (raised on the dispatch thread).</summary>
        public event IMqttClient.MqttMsgPublishEventHandler MqttMsgPublishReceived;

        /// <summary>The connection closed (raised on the dispatch thread after Close).</summary>
        public event IMqttClient.ConnectionClosedEventHandler ConnectionClosed;

        /// <summary>True from a successful Connect until the connection fails or is closed.</summary>
        public bool IsConnected { get; private set; }

        /// <summary>The client id of the last successful Connect.</summary>
        public string ClientId { get; private set; }

        internal int LastVerifyFlags
        {
            get { return _channel.LastVerifyFlags; }
        }

        /// <summary>Connects with a will and a keep-alive.</summary>
        /// <param name="clientId">Client id.</param>
        /// <param name="username">User name or null.</param>
        /// <param name="password">Password or null.</param>
        /// <param name="willRetain">Will retain flag.</param>
        /// <param name="willQosLevel">Will QoS.</param>
        /// <param name="willFlag">Will present.</param>
        /// <param name="willTopic">Will topic.</param>
        /// <param name="willMessage">Will payload.</param>
        /// <param name="cleanSession">Clean session.</param>
        /// <param name="keepAlivePeriod">Keep-alive, s (0: none).</param>
        /// <returns>The CONNACK return code.</returns>
        /// <exception cref="MqttConnectionException">The socket or TLS handshake failed.</exception>
        /// <exception cref="MqttCommunicationException">CONNECT could not be sent, or no CONNACK came in 30 s.</exception>
        public MqttReasonCode Connect(string clientId, string username, string password, bool willRetain, MqttQoSLevel willQosLevel, bool willFlag, string willTopic, string willMessage, bool cleanSession, ushort keepAlivePeriod)
        {
            byte[] connect = MqttWire.Connect(clientId, username, password, willRetain, willQosLevel, willFlag, willTopic, willMessage, cleanSession, keepAlivePeriod);
            try
            {
                _channel.Connect(true);
            }
            catch (System.Net.Sockets.SocketException ex)
            {
                throw new MqttConnectionException("Socket exception connecting to the broker: " + ex.ErrorCode, ex);
            }
            catch (Exception ex)
            {
                if (ex is DeviceHaltedException)
                {
                    throw;
                }

                throw new MqttConnectionException("Exception connecting to the broker", ex);
            }

            if (IsAlive(_processInflightThread) || IsAlive(_receiveThread) || IsAlive(_keepAliveThread))
            {
                _isRunning = false;
                _inflightWaitHandle.Set();
                _receiveEventWaitHandle.Set();
                _keepAliveEvent.Set();
                Join(_processInflightThread);
                Join(_keepAliveThread);
                Join(_receiveThread);
            }

            _isRunning = true;
            _isConnectionClosing = false;
            _receiveThread = EmulatedEsp32.StartThread(ReceiveThread);
            int code = SendReceive(connect, DefaultTimeoutMs);
            if (code == (int)MqttReasonCode.Success)
            {
                ClientId = clientId;
                _keepAlivePeriod = keepAlivePeriod * 1000;
                if (_keepAlivePeriod != 0)
                {
                    _keepAliveThread = EmulatedEsp32.StartThread(KeepAliveThread);
                }

                EmulatedEsp32.StartThread(DispatchEventThread);
                _processInflightThread = EmulatedEsp32.StartThread(ProcessInflightThread);
                IsConnected = true;
            }

            return (MqttReasonCode)code;
        }

        /// <summary>Sends DISCONNECT and closes (the broker does not publish the will).</summary>
        public void Disconnect()
        {
            Send(MqttWire.Disconnect());
            OnConnectionClosing();
        }

        /// <summary>Stops the worker threads and closes the socket (waits 200 ms, then up to 1 s per worker).</summary>
        public void Close()
        {
            try
            {
                if (_isAlreadyClosing)
                {
                    return;
                }

                _isAlreadyClosing = true;
                _isRunning = false;
                _receiveEventWaitHandle.Set();
                Thread.Sleep(200);
                _inflightWaitHandle.Set();
                if (IsAlive(_processInflightThread))
                {
                    _processInflightThread.Join(1000);
                }

                _keepAliveEvent.Set();
                if (_keepAliveEventEnd != null)
                {
                    _keepAliveEventEnd.WaitOne(1000, true);
                }

                lock (_outgoing)
                {
                    _outgoing.Clear();
                }

                lock (_events)
                {
                    _events.Clear();
                }

                _channel.Close();
                IsConnected = false;
                _isAlreadyClosing = false;
            }
            catch (Exception)
            {
                // the package does its best to close everything
            }
        }

        /// <summary>Closes the connection and the client.</summary>
        public void Dispose()
        {
            OnConnectionClosing();
            Close();
        }

        /// <summary>Queues a PUBLISH and returns its id at once; the inflight thread sends it.</summary>
        /// <param name="topic">Topic.</param>
        /// <param name="message">Payload.</param>
        /// <param name="contentType">MQTT 5 content type (unused with 3.1.1).</param>
        /// <param name="userProperties">MQTT 5 user properties (unused with 3.1.1).</param>
        /// <param name="qosLevel">QoS.</param>
        /// <param name="retain">Retain flag.</param>
        /// <returns>Message id.</returns>
        public ushort Publish(string topic, byte[] message, string contentType, ArrayList userProperties, MqttQoSLevel qosLevel, bool retain)
        {
            ushort id = qosLevel == MqttQoSLevel.AtMostOnce ? (ushort)0 : NextMessageId();
            Enqueue(MqttWire.PublishPacket(topic, message, qosLevel, retain, id));
            return id;
        }

        /// <summary>Queues a SUBSCRIBE and returns its id at once.</summary>
        /// <param name="topics">Topic filters.</param>
        /// <param name="qosLevels">QoS per filter.</param>
        /// <returns>Message id.</returns>
        public ushort Subscribe(string[] topics, MqttQoSLevel[] qosLevels)
        {
            ushort id = NextMessageId();
            Enqueue(MqttWire.Subscribe(id, topics, qosLevels));
            return id;
        }

        private static bool IsAlive(Thread thread)
        {
            return thread != null && thread.IsAlive;
        }

        private static void Join(Thread thread)
        {
            if (IsAlive(thread))
            {
                thread.Join(1000);
            }
        }

        private ushort NextMessageId()
        {
            _messageIdCounter = (ushort)(_messageIdCounter == ushort.MaxValue ? 1 : _messageIdCounter + 1);
            return _messageIdCounter;
        }

        private void Enqueue(byte[] packet)
        {
            lock (_outgoing)
            {
                _outgoing.Add(packet);
            }

            _inflightWaitHandle.Set();
        }

        private void Send(byte[] packet)
        {
            try
            {
                lock (_sendLock)
                {
                    _channel.Send(packet);
                }

                _lastCommTicks = DateTime.UtcNow.Ticks;
            }
            catch (DeviceHaltedException)
            {
                throw;
            }
            catch (Exception e)
            {
                throw new MqttCommunicationException(e);
            }
        }

        private int SendReceive(byte[] packet, int timeoutMs)
        {
            _syncEndReceiving.Reset();
            Send(packet);
            if (_syncEndReceiving.WaitOne(timeoutMs, false))
            {
                if (_exReceiving == null)
                {
                    return _received;
                }

                throw _exReceiving;
            }

            throw new MqttCommunicationException();
        }

        private void OnConnectionClosing()
        {
            if (!_isConnectionClosing)
            {
                _isConnectionClosing = true;
                IsConnected = false;
                _receiveEventWaitHandle.Set();
            }
        }

        private void ReceiveThread()
        {
            byte[] header = new byte[1];
            while (_isRunning)
            {
                try
                {
                    if (_channel.Receive(header) > 0)
                    {
                        ReadPacket(header[0]);
                        _exReceiving = null;
                    }
                    else
                    {
                        _exReceiving = new MqttCommunicationException();
                        OnConnectionClosing();
                        _syncEndReceiving.Set();
                        Thread.Sleep(1);
                    }
                }
                catch (DeviceHaltedException)
                {
                    return;
                }
                catch (Exception e)
                {
                    _exReceiving = new MqttCommunicationException(e);
                    if (e is System.Net.Sockets.SocketException || e is System.IO.IOException)
                    {
                        OnConnectionClosing();
                        _syncEndReceiving.Set();
                    }

                    Thread.Sleep(1);
                }
            }
        }

        private void ReadPacket(byte first)
        {
            int length = 0;
            int multiplier = 1;
            byte[] one = new byte[1];
            do
            {
                if (_channel.Receive(one) == 0)
                {
                    throw new System.IO.IOException();
                }

                length += (one[0] & 0x7F) * multiplier;
                multiplier *= 128;
            }
            while ((one[0] & 0x80) != 0);

            byte[] body = new byte[length];
            if (length > 0 && _channel.Receive(body) == 0)
            {
                throw new System.IO.IOException();
            }

            switch (first >> 4)
            {
                case MqttWire.Connack:
                    _received = body[1];
                    _syncEndReceiving.Set();
                    break;
                case MqttWire.Pingresp:
                    _received = PingResponse;
                    _syncEndReceiving.Set();
                    break;
                case MqttWire.Publish:
                    int next;
                    string topic = MqttWire.GetString(body, 0, out next);
                    MqttQoSLevel qos = (MqttQoSLevel)((first >> 1) & 0x03);
                    if (qos != MqttQoSLevel.AtMostOnce)
                    {
                        ushort id = (ushort)((body[next] << 8) | body[next + 1]);
                        next += 2;
                        Enqueue(MqttWire.PubackPacket(id));
                    }

                    byte[] payload = new byte[length - next];
                    Array.Copy(body, next, payload, 0, payload.Length);
                    lock (_events)
                    {
                        _events.Add(new MqttMsgPublishEventArgs(topic, payload, (first & 0x08) != 0, qos, (first & 0x01) != 0));
                    }

                    _receiveEventWaitHandle.Set();
                    break;
                default:
                    // PUBACK, SUBACK: the inflight state machine's business; no event the device code uses
                    break;
            }

            _lastCommTicks = DateTime.UtcNow.Ticks;
        }

        private void KeepAliveThread()
        {
            _keepAliveEventEnd = new AutoResetEvent(false);
            try
            {
                int wait = _keepAlivePeriod;
                while (_isRunning)
                {
                    _keepAliveEvent.WaitOne(wait, false);
                    if (!_isRunning)
                    {
                        break;
                    }

                    long sinceMs = (DateTime.UtcNow.Ticks - _lastCommTicks) / TimeSpan.TicksPerMillisecond;
                    if (sinceMs >= _keepAlivePeriod)
                    {
                        try
                        {
                            SendReceive(MqttWire.Pingreq(), _keepAlivePeriod);
                        }
                        catch (DeviceHaltedException)
                        {
                            throw;
                        }
                        catch (Exception)
                        {
                            OnConnectionClosing();
                        }

                        wait = _keepAlivePeriod;
                    }
                    else
                    {
                        wait = (int)(_keepAlivePeriod - sinceMs);
                    }
                }
            }
            catch (Exception)
            {
                OnConnectionClosing();
            }
            finally
            {
                _keepAliveEventEnd.Set();
            }
        }

        private void DispatchEventThread()
        {
            while (_isRunning)
            {
                try
                {
                    if (_events.Count == 0 && !_isConnectionClosing)
                    {
                        _receiveEventWaitHandle.WaitOne();
                    }

                    if (!_isRunning)
                    {
                        break;
                    }

                    MqttMsgPublishEventArgs e = null;
                    lock (_events)
                    {
                        if (_events.Count > 0)
                        {
                            e = (MqttMsgPublishEventArgs)_events[0];
                            _events.RemoveAt(0);
                        }
                    }

                    if (e != null)
                    {
                        IMqttClient.MqttMsgPublishEventHandler handler = MqttMsgPublishReceived;
                        if (handler != null)
                        {
                            handler(this, e);
                        }
                    }

                    if (_events.Count == 0 && _isConnectionClosing)
                    {
                        Close();
                        IMqttClient.ConnectionClosedEventHandler closed = ConnectionClosed;
                        if (closed != null)
                        {
                            closed(this, EventArgs.Empty);
                        }

                        return;
                    }
                }
                catch (DeviceHaltedException)
                {
                    return;
                }
                catch (Exception)
                {
                    OnConnectionClosing();
                }
            }
        }

        private void ProcessInflightThread()
        {
            while (_isRunning)
            {
                try
                {
                    byte[] packet = null;
                    lock (_outgoing)
                    {
                        if (_outgoing.Count > 0)
                        {
                            packet = (byte[])_outgoing[0];
                            _outgoing.RemoveAt(0);
                        }
                    }

                    if (packet == null)
                    {
                        _inflightWaitHandle.WaitOne();
                        continue;
                    }

                    Send(packet);
                }
                catch (DeviceHaltedException)
                {
                    return;
                }
                catch (Exception)
                {
                    OnConnectionClosing();
                }
            }
        }
    }
}
