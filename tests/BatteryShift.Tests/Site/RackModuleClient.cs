using System;
using System.Threading;
using MQTTnet;
using MQTTnet.Protocol;

namespace BatteryShift.Tests.Site
{
    /// <summary>
    /// A stand-in for one module on a real broker: its availability (online, last will offline, both retained) and
    /// its limits and state messages as the module publishes them. <see cref="Abort"/> drops the connection without a
    /// DISCONNECT packet, so the broker publishes the last will, as when a module loses power.
    /// </summary>
    public sealed class RackModuleClient : IDisposable
    {
        private readonly string _prefix;
        private readonly int _port;
        private IMqttClient? _client;

        public RackModuleClient(string prefix, string id, int port)
        {
            _prefix = prefix;
            Id = id;
            _port = port;
        }

        public string Id { get; }

        public bool Connected => _client?.IsConnected == true;

        public void Connect()
        {
            var client = new MqttClientFactory().CreateMqttClient();
            var options = new MqttClientOptionsBuilder()
                .WithTcpServer("127.0.0.1", _port)
                .WithClientId("test-" + _prefix.Replace('/', '_') + "-" + Id)
                .WithCleanSession(true)
                .WithWillTopic(_prefix + "/" + Id + "/availability")
                .WithWillPayload("offline")
                .WithWillRetain(true)
                .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            client.ConnectAsync(options, cts.Token).GetAwaiter().GetResult();
            _client = client;
            Publish("availability", "online", true);
        }

        /// <summary>Publishes one message under the module's topic; false when not connected.</summary>
        public bool Publish(string leaf, string payload, bool retain)
        {
            IMqttClient? client = _client;
            if (client == null || !client.IsConnected)
            {
                return false;
            }

            var message = new MqttApplicationMessageBuilder()
                .WithTopic(_prefix + "/" + Id + "/" + leaf)
                .WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithRetainFlag(retain)
                .Build();
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                return client.PublishAsync(message, cts.Token).GetAwaiter().GetResult().IsSuccess;
            }
            catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or MQTTnet.Exceptions.MqttCommunicationException)
            {
                return false;
            }
        }

        /// <summary>Drops the connection without DISCONNECT: the broker publishes the last will.</summary>
        public void Abort()
        {
            IMqttClient? client = Interlocked.Exchange(ref _client, null);
            client?.Dispose();
        }

        public void Dispose()
        {
            IMqttClient? client = Interlocked.Exchange(ref _client, null);
            if (client == null)
            {
                return;
            }

            try
            {
                if (client.IsConnected)
                {
                    using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    client.DisconnectAsync(new MqttClientDisconnectOptions(), cts.Token).GetAwaiter().GetResult();
                }
            }
            catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or MQTTnet.Exceptions.MqttCommunicationException)
            {
                // closing anyway
            }

            client.Dispose();
        }
    }
}
