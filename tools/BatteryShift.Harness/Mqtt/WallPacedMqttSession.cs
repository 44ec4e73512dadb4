using System;
using System.Collections.Generic;
using System.Diagnostics;
using BatteryShift.Hal;
using BatteryShift.Hal.Simulation;

namespace BatteryShift.Harness.Mqtt
{
    /// <summary>
    /// An <see cref="IMqttSession"/> that paces the periodic messages (topics ending in /state or /cells) in wall
    /// time: a simulation running faster than real time would otherwise publish a state message per simulated second,
    /// about a thousand a second at full speed, into a broker that others use. At most one message per periodic topic
    /// goes through per interval of wall time; the ones in between are answered as published (the module cannot tell)
    /// and counted in <see cref="Thinned"/>. Availability, events, replies, discovery and retained messages always go
    /// through, in order. Everything else is the inner session's, including <see cref="LastMessageRetained"/> and
    /// <see cref="DroppedMessages"/>.
    /// </summary>
    public sealed class WallPacedMqttSession : IMqttSession, INetworkAware
    {
        /// <summary>Default wall interval between two messages of one periodic topic, ms (the board's state period).</summary>
        public const int DefaultPeriodicIntervalMs = 1000;

        private readonly IMqttSession _inner;
        private readonly long _intervalTicks;
        private readonly Dictionary<string, long> _lastSent = new(StringComparer.Ordinal);

        /// <summary>Wraps a session.</summary>
        /// <param name="inner">The session that talks to the broker.</param>
        /// <param name="intervalMs">Wall interval between two messages of one periodic topic, ms (0: no pacing).</param>
        public WallPacedMqttSession(IMqttSession inner, int intervalMs)
        {
            ArgumentNullException.ThrowIfNull(inner);
            ArgumentOutOfRangeException.ThrowIfNegative(intervalMs);
            _inner = inner;
            _intervalTicks = intervalMs * Stopwatch.Frequency / 1000;
        }

        /// <summary>Periodic messages answered as published without being sent.</summary>
        public long Thinned { get; private set; }

        /// <summary>Messages passed to the broker.</summary>
        public long Sent { get; private set; }

        /// <inheritdoc />
        public bool IsConnected => _inner.IsConnected;

        /// <inheritdoc />
        public bool LastMessageRetained => _inner.LastMessageRetained;

        /// <inheritdoc />
        public int DroppedMessages => _inner.DroppedMessages;

        /// <inheritdoc />
        public bool Connect(MqttEndpoint endpoint) => _inner.Connect(endpoint);

        /// <inheritdoc />
        public void Disconnect() => _inner.Disconnect();

        /// <inheritdoc />
        public bool Subscribe(string topic) => _inner.Subscribe(topic);

        /// <inheritdoc />
        public int ReadMessage(byte[] buffer) => _inner.ReadMessage(buffer);

        /// <inheritdoc />
        public bool Publish(string topic, byte[] payload, int length, bool retain)
        {
            ArgumentNullException.ThrowIfNull(topic);
            if (!retain && _intervalTicks > 0 && IsPeriodic(topic))
            {
                long now = Stopwatch.GetTimestamp();
                if (_lastSent.TryGetValue(topic, out long last) && now - last < _intervalTicks)
                {
                    if (!_inner.IsConnected)
                    {
                        return false;
                    }

                    Thinned++;
                    return true;
                }

                if (!_inner.Publish(topic, payload, length, retain))
                {
                    return false;
                }

                _lastSent[topic] = now;
                Sent++;
                return true;
            }

            bool ok = _inner.Publish(topic, payload, length, retain);
            if (ok)
            {
                Sent++;
            }

            return ok;
        }

        /// <inheritdoc />
        public void OnNetworkChanged(bool available)
        {
            if (_inner is INetworkAware aware)
            {
                aware.OnNetworkChanged(available);
            }
        }

        private static bool IsPeriodic(string topic) =>
            topic.EndsWith("/state", StringComparison.Ordinal) || topic.EndsWith("/cells", StringComparison.Ordinal);
    }
}
