using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using MQTTnet;
using MQTTnet.Protocol;

namespace BatteryShift.Tests.Mqtt
{
    /// <summary>A received message.</summary>
    public sealed record ProbeMessage(string Topic, byte[] Payload, bool Retain)
    {
        public string Text => Encoding.UTF8.GetString(Payload);
    }

    /// <summary>
    /// A subscriber (and command sender) standing where Home Assistant or a site controller would: it
    /// subscribes to a filter with QoS 1 and records every message in arrival order.
    /// </summary>
    public sealed class MqttProbe : IDisposable
    {
        private readonly IMqttClient _client;
        private readonly ConcurrentQueue<ProbeMessage> _messages = new();

        private MqttProbe(IMqttClient client)
        {
            _client = client;
        }

        public IReadOnlyList<ProbeMessage> Messages => _messages.ToArray();

        public static MqttProbe Connect(string host, int port, string filter, string clientId)
        {
            var client = new MqttClientFactory().CreateMqttClient();
            var probe = new MqttProbe(client);
            client.ApplicationMessageReceivedAsync += e =>
            {
                probe._messages.Enqueue(new ProbeMessage(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray(), e.ApplicationMessage.Retain));
                return System.Threading.Tasks.Task.CompletedTask;
            };
            var options = new MqttClientOptionsBuilder().WithTcpServer(host, port).WithClientId(clientId).WithCleanSession(true).Build();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            client.ConnectAsync(options, cts.Token).GetAwaiter().GetResult();
            var sub = new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce).Build();
            client.SubscribeAsync(sub, cts.Token).GetAwaiter().GetResult();
            return probe;
        }

        public ProbeMessage[] On(string topic) => _messages.Where(m => m.Topic == topic).ToArray();

        public int Count(string topic) => _messages.Count(m => m.Topic == topic);

        /// <summary>Waits until the condition holds; false on timeout.</summary>
        public bool WaitUntil(Func<bool> condition, TimeSpan timeout, Action? pump = null)
        {
            var watch = Stopwatch.StartNew();
            while (!condition())
            {
                if (watch.Elapsed > timeout)
                {
                    return false;
                }

                if (pump != null)
                {
                    pump();
                }
                else
                {
                    Thread.Sleep(2);
                }
            }

            return true;
        }

        public void Publish(string topic, byte[] payload, bool retain = false)
        {
            var message = new MqttApplicationMessageBuilder()
                .WithTopic(topic)
                .WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithRetainFlag(retain)
                .Build();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            _client.PublishAsync(message, cts.Token).GetAwaiter().GetResult();
        }

        public void Publish(string topic, string text, bool retain = false) => Publish(topic, Encoding.UTF8.GetBytes(text), retain);

        public void Dispose()
        {
            try
            {
                if (_client.IsConnected)
                {
                    using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    _client.DisconnectAsync(new MqttClientDisconnectOptions(), cts.Token).GetAwaiter().GetResult();
                }
            }
            catch (Exception)
            {
            }

            _client.Dispose();
        }
    }
}
