using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Threading;
using BatteryShift.Hal;
using BatteryShift.Hal.Simulation;
using MQTTnet;
using MQTTnet.Protocol;

namespace BatteryShift.Harness.Mqtt
{
    /// <summary>
    /// <see cref="IMqttSession"/> over an MQTTnet client, for the simulator, tests and benchmarks. Calls are
    /// synchronous like the device's: <see cref="Publish"/> returns once the broker acknowledged the QoS 1
    /// message (or failed), so a true return means the broker has it. A simulated network loss
    /// (<see cref="NetworkLost"/> or the probe given to the constructor) drops the TCP connection without a
    /// DISCONNECT packet, as a dead Wi-Fi link would: the broker then publishes the last-will. Plugged into a
    /// <see cref="VirtualModule"/>, it follows the simulation's network-loss fault through
    /// <see cref="INetworkAware"/>.
    /// </summary>
    public sealed class MqttNetSession : IMqttSession, INetworkAware, IDisposable
    {
        private const int MaxWaitingMessages = 64;

        private readonly Func<bool>? _networkLostProbe;
        private readonly ConcurrentQueue<(byte[] Payload, bool Retain)> _received = new();
        private readonly object _gate = new();
        private readonly TimeSpan _timeout;
        private IMqttClient? _client;
        private bool _networkLost;
        private long _receivedDropped;

        /// <summary>
        /// Makes a session; nothing connects until <see cref="Connect"/>.
        /// </summary>
        /// <param name="networkLostProbe">Optional: true while the simulation's network-loss fault is active.</param>
        /// <param name="timeout">Timeout of connect, subscribe and publish; default 5 s.</param>
        public MqttNetSession(Func<bool>? networkLostProbe = null, TimeSpan? timeout = null)
        {
            _networkLostProbe = networkLostProbe;
            _timeout = timeout ?? TimeSpan.FromSeconds(5);
        }

        /// <summary>
        /// Simulated loss of the network (Wi-Fi down). Setting it drops a live connection abruptly; while it
        /// is set, connecting and publishing fail at once.
        /// </summary>
        public bool NetworkLost
        {
            get => _networkLost || (_networkLostProbe != null && _networkLostProbe());
            set
            {
                _networkLost = value;
                if (value)
                {
                    Abort();
                }
            }
        }

        /// <summary>Command messages dropped because more than 64 were waiting.</summary>
        public long ReceivedDropped => Interlocked.Read(ref _receivedDropped);

        /// <inheritdoc />
        public int DroppedMessages => (int)Interlocked.Read(ref _receivedDropped);

        /// <inheritdoc />
        public bool LastMessageRetained { get; private set; }

        /// <summary>Why the last connection attempt failed (the innermost exception's message), or null after a success.</summary>
        public string? LastError { get; private set; }

        /// <inheritdoc />
        public bool IsConnected
        {
            get
            {
                if (NetworkLost)
                {
                    Abort();
                    return false;
                }

                return _client?.IsConnected ?? false;
            }
        }

        /// <inheritdoc />
        public bool Connect(MqttEndpoint endpoint)
        {
            ArgumentNullException.ThrowIfNull(endpoint);
            Abort();
            if (NetworkLost)
            {
                return false;
            }

            var builder = new MqttClientOptionsBuilder()
                .WithTcpServer(endpoint.Host, endpoint.Port)
                .WithClientId(endpoint.ClientId)
                .WithCleanSession(true)
                .WithKeepAlivePeriod(TimeSpan.FromSeconds(endpoint.KeepAliveSeconds))
                .WithTimeout(_timeout);
            if (endpoint.Username.Length > 0)
            {
                builder = builder.WithCredentials(endpoint.Username, endpoint.Password);
            }

            if (endpoint.UseTls)
            {
                builder = builder.WithTlsOptions(o => o.UseTls());
            }

            if (endpoint.WillTopic.Length > 0)
            {
                builder = builder
                    .WithWillTopic(endpoint.WillTopic)
                    .WithWillPayload(endpoint.WillPayload)
                    .WithWillRetain(endpoint.WillRetain)
                    .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
            }

            var client = new MqttClientFactory().CreateMqttClient();
            client.ApplicationMessageReceivedAsync += e =>
            {
                if (_received.Count >= MaxWaitingMessages)
                {
                    Interlocked.Increment(ref _receivedDropped);
                }
                else
                {
                    _received.Enqueue((e.ApplicationMessage.Payload.ToArray(), e.ApplicationMessage.Retain));
                }

                return System.Threading.Tasks.Task.CompletedTask;
            };

            try
            {
                using var cts = new CancellationTokenSource(_timeout);
                client.ConnectAsync(builder.Build(), cts.Token).GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                client.Dispose();
                LastError = Describe(e);
                return false;
            }

            lock (_gate)
            {
                _client = client;
            }

            LastError = null;

            return client.IsConnected;
        }

        private static string Describe(Exception e)
        {
            while (e.InnerException != null)
            {
                e = e.InnerException;
            }

            return e is OperationCanceledException ? "no answer within the connect timeout" : e.Message;
        }

        /// <inheritdoc />
        public void Disconnect()
        {
            IMqttClient? client;
            lock (_gate)
            {
                client = _client;
                _client = null;
            }

            if (client == null)
            {
                return;
            }

            try
            {
                if (client.IsConnected)
                {
                    using var cts = new CancellationTokenSource(_timeout);
                    client.DisconnectAsync(new MqttClientDisconnectOptions(), cts.Token).GetAwaiter().GetResult();
                }
            }
            catch (Exception)
            {
                // the connection is gone either way
            }
            finally
            {
                client.Dispose();
            }
        }

        /// <summary>
        /// Drops the connection without a DISCONNECT packet (the broker publishes the last-will), as when
        /// the board loses power or the network.
        /// </summary>
        public void Abort()
        {
            IMqttClient? client;
            lock (_gate)
            {
                client = _client;
                _client = null;
            }

            client?.Dispose();
        }

        /// <inheritdoc />
        public bool Publish(string topic, byte[] payload, int length, bool retain)
        {
            IMqttClient? client = _client;
            if (client == null || NetworkLost || !client.IsConnected)
            {
                return false;
            }

            var message = new MqttApplicationMessageBuilder()
                .WithTopic(topic)
                .WithPayloadSegment(new ArraySegment<byte>(payload, 0, length))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithRetainFlag(retain)
                .Build();
            try
            {
                using var cts = new CancellationTokenSource(_timeout);
                return client.PublishAsync(message, cts.Token).GetAwaiter().GetResult().IsSuccess;
            }
            catch (Exception)
            {
                return false;
            }
        }

        /// <inheritdoc />
        public bool Subscribe(string topic)
        {
            IMqttClient? client = _client;
            if (client == null || NetworkLost || !client.IsConnected)
            {
                return false;
            }

            try
            {
                var options = new MqttClientSubscribeOptionsBuilder()
                    .WithTopicFilter(topic, MqttQualityOfServiceLevel.AtLeastOnce)
                    .Build();
                using var cts = new CancellationTokenSource(_timeout);
                client.SubscribeAsync(options, cts.Token).GetAwaiter().GetResult();
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }

        /// <inheritdoc />
        public int ReadMessage(byte[] buffer)
        {
            ArgumentNullException.ThrowIfNull(buffer);
            if (!_received.TryDequeue(out var message))
            {
                return -1;
            }

            byte[] payload = message.Payload;
            LastMessageRetained = message.Retain;

            if (payload.Length > buffer.Length)
            {
                return -2;
            }

            Buffer.BlockCopy(payload, 0, buffer, 0, payload.Length);
            return payload.Length;
        }

        /// <inheritdoc />
        public void OnNetworkChanged(bool available)
        {
            NetworkLost = !available;
        }

        /// <inheritdoc />
        public void Dispose()
        {
            Abort();
        }
    }
}
