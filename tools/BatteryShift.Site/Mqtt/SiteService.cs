using System;
using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using BatteryShift.Site.Aggregation;
using BatteryShift.Site.Venus;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;

namespace BatteryShift.Site.Mqtt
{
    /// <summary>
    /// The aggregator on a broker: subscribes to the rack's <c>&lt;prefix&gt;/+/limits</c> and
    /// <c>&lt;prefix&gt;/+/availability</c> (and <c>&lt;prefix&gt;/+/state</c> for the Venus OS topic), feeds
    /// <see cref="SiteAggregator"/>, and publishes <c>&lt;prefix&gt;/site/limits</c> retained with QoS 1 at once on a
    /// change and every second, with <c>&lt;prefix&gt;/site/availability</c> (<c>online</c>, last will
    /// <c>offline</c>). A one-line status goes to the status writer (stderr) when the limits or the link change.
    /// Reconnects by itself.
    /// </summary>
    public sealed class SiteService : IDisposable
    {
        private const int PeriodMs = 1000;
        private readonly SiteSettings _settings;
        private readonly TextWriter _status;
        private readonly SiteAggregator _aggregator;
        private readonly VenusBattery? _venus;
        private readonly object _gate = new();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
        private readonly IMqttClient _client;
        private SiteLimits? _lastPublished;
        private SiteLimits? _lastShown;
        private long _lastPublishMs = -PeriodMs;
        private long _seq;
        private bool? _linkUp;
        private string _linkError = string.Empty;

        /// <summary>Creates the service (it connects in <see cref="Run"/>).</summary>
        /// <param name="settings">Checked settings.</param>
        /// <param name="status">Where status lines go (stderr).</param>
        public SiteService(SiteSettings settings, TextWriter status)
        {
            _settings = settings;
            _status = status;
            _aggregator = new SiteAggregator(settings.Modules, settings.Topology, settings.StaleMs);
            _venus = settings.VenusTopic == null ? null : new VenusBattery(settings.Modules, settings.Topology, settings.StaleMs);
            _client = new MqttClientFactory().CreateMqttClient();
            _client.ApplicationMessageReceivedAsync += e =>
            {
                OnMessage(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray(), e.ApplicationMessage.Retain);
                return Task.CompletedTask;
            };
        }

        /// <summary>Site limits messages published.</summary>
        public long Published => Interlocked.Read(ref _seq);

        /// <summary>Malformed module payloads received.</summary>
        public long MalformedPayloads
        {
            get
            {
                lock (_gate)
                {
                    return _aggregator.MalformedPayloads;
                }
            }
        }

        /// <summary>Runs until cancelled; then publishes <c>offline</c> and disconnects.</summary>
        /// <param name="cancel">Stops the service.</param>
        public void Run(CancellationToken cancel)
        {
            long nextConnectMs = 0;
            while (!cancel.IsCancellationRequested)
            {
                try
                {
                    _wake.Wait(100, cancel);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                // one evaluation for every message that arrived meanwhile
                while (_wake.Wait(0))
                {
                }

                if (!_client.IsConnected)
                {
                    if (_linkUp == true)
                    {
                        ShowLink(false, _linkError.Length > 0 ? _linkError : "connection lost");
                    }

                    if (_clock.ElapsedMilliseconds >= nextConnectMs)
                    {
                        nextConnectMs = _clock.ElapsedMilliseconds + 2000;
                        TryConnect(cancel);
                    }

                    continue;
                }

                Step(cancel);
            }

            Stop();
        }

        /// <inheritdoc />
        public void Dispose()
        {
            _client.Dispose();
            _wake.Dispose();
        }

        private void OnMessage(string topic, byte[] payload, bool retained)
        {
            string prefix = _settings.Prefix + "/";
            if (!topic.StartsWith(prefix, StringComparison.Ordinal))
            {
                return;
            }

            string rest = topic[prefix.Length..];
            int slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0 || rest.IndexOf('/', slash + 1) >= 0)
            {
                return;
            }

            string id = rest[..slash];
            string leaf = rest[(slash + 1)..];
            long now = _clock.ElapsedMilliseconds;
            lock (_gate)
            {
                switch (leaf)
                {
                    case "limits":
                        _aggregator.OnLimits(id, payload, now, live: !retained);
                        break;
                    case "availability":
                        _aggregator.OnAvailability(id, Encoding.UTF8.GetString(payload));
                        break;
                    case "state":
                        _venus?.OnState(id, payload, now);
                        return;
                    default:
                        return;
                }
            }

            _wake.Release();
        }

        private void Step(CancellationToken cancel)
        {
            long now = _clock.ElapsedMilliseconds;
            SiteLimits limits;
            string? venus;
            lock (_gate)
            {
                limits = _aggregator.Evaluate(now);
                venus = _venus?.Encode(limits, now);
            }

            if (!limits.Equals(_lastShown))
            {
                _lastShown = limits;
                _status.WriteLine(StatusLine(limits));
            }

            if (limits.SamePayload(_lastPublished) && now - _lastPublishMs < PeriodMs)
            {
                return;
            }

            long seq = Interlocked.Read(ref _seq);
            bool sent = Publish(_settings.SiteLimitsTopic, SiteLimitsJson.Encode(limits, seq, now), true, cancel);
            if (sent && venus != null)
            {
                sent = Publish(_settings.VenusTopic!, venus, false, cancel);
            }

            if (sent)
            {
                Interlocked.Increment(ref _seq);
                _lastPublished = limits;
                _lastPublishMs = now;
            }
        }

        /// <summary>The status line for a change of the limits.</summary>
        /// <param name="limits">The limits.</param>
        /// <returns>One line.</returns>
        public static string StatusLine(SiteLimits limits)
        {
            string head = string.Create(
                CultureInfo.InvariantCulture,
                $"site: {(limits.Closed ? "CLOSED" : "open")} {limits.Reason}, {limits.ModulesOk}/{limits.Modules} modules ok, cvl {limits.CvlV:F3} V, ccl {limits.CclA:F1} A{(limits.ChargeAllowed ? string.Empty : " (no charge)")}, dcl {limits.DclA:F1} A{(limits.DischargeAllowed ? string.Empty : " (no discharge)")}");
            return limits.Detail.Length == 0 ? head : head + " - " + limits.Detail;
        }

        private void TryConnect(CancellationToken cancel)
        {
            var options = new MqttClientOptionsBuilder()
                .WithTcpServer(_settings.BrokerHost, _settings.BrokerPort)
                .WithClientId("bs-site-" + _settings.Prefix.Replace('/', '_'))
                .WithCleanSession(true)
                .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
                .WithWillTopic(_settings.SiteAvailabilityTopic)
                .WithWillPayload("offline")
                .WithWillRetain(true)
                .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                _client.ConnectAsync(options, timeout.Token).GetAwaiter().GetResult();
                var subscribe = new MqttClientSubscribeOptionsBuilder()
                    .WithTopicFilter(_settings.Prefix + "/+/limits", MqttQualityOfServiceLevel.AtLeastOnce)
                    .WithTopicFilter(_settings.Prefix + "/+/availability", MqttQualityOfServiceLevel.AtLeastOnce);
                if (_venus != null)
                {
                    subscribe.WithTopicFilter(_settings.Prefix + "/+/state", MqttQualityOfServiceLevel.AtMostOnce);
                }

                _client.SubscribeAsync(subscribe.Build(), timeout.Token).GetAwaiter().GetResult();
                Publish(_settings.SiteAvailabilityTopic, "online", true, cancel);

                // the limits go out again at once after every (re)connect
                _lastPublishMs = -PeriodMs;
                _lastPublished = null;
                _linkError = string.Empty;
                ShowLink(true, string.Empty);
            }
            catch (Exception e) when (e is MqttCommunicationException or OperationCanceledException or InvalidOperationException or IOException or System.Net.Sockets.SocketException)
            {
                _linkError = e.Message;
                ShowLink(false, e.Message);
            }
        }

        private void ShowLink(bool up, string why)
        {
            if (_linkUp == up)
            {
                return;
            }

            _linkUp = up;
            _status.WriteLine(up
                ? $"site: link up, broker {_settings.BrokerHost}:{_settings.BrokerPort}, rack {_settings.Prefix}, {_settings.Modules} modules in {_settings.Topology.ToString().ToLowerInvariant()}"
                : $"site: link down, broker {_settings.BrokerHost}:{_settings.BrokerPort} ({why}); retrying every 2 s");
            if (!up)
            {
                // the limits are shown again once the link is back
                _lastShown = null;
            }
        }

        private bool Publish(string topic, string payload, bool retain, CancellationToken cancel)
        {
            var message = new MqttApplicationMessageBuilder()
                .WithTopic(topic)
                .WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithRetainFlag(retain)
                .Build();
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                return _client.PublishAsync(message, timeout.Token).GetAwaiter().GetResult().IsSuccess;
            }
            catch (Exception e) when (e is MqttCommunicationException or OperationCanceledException or InvalidOperationException)
            {
                _linkError = e.Message;
                return false;
            }
        }

        private void Stop()
        {
            if (!_client.IsConnected)
            {
                return;
            }

            Publish(_settings.SiteAvailabilityTopic, "offline", true, CancellationToken.None);
            try
            {
                _client.DisconnectAsync().GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is MqttCommunicationException or OperationCanceledException or InvalidOperationException)
            {
                // closing anyway
            }
        }
    }
}
