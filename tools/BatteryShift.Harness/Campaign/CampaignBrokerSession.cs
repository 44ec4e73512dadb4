using System;
using System.Collections.Generic;
using BatteryShift.Hal;
using BatteryShift.Hal.Simulation;

namespace BatteryShift.Harness.Campaign
{
    /// <summary>
    /// An in-memory MQTT session with a broker and one subscriber behind it, modelled as the campaign needs it:
    /// a connect succeeds while the network is up; a network loss drops the TCP connection (the firmware sees
    /// <see cref="IsConnected"/> false and must reconnect); a publish accepted on a live connection reaches the
    /// subscriber, a publish on a dropped one fails. The subscriber keeps the sequence number of every event
    /// message, per firmware incarnation (the event sequence restarts after a board reset).
    /// </summary>
    public sealed class CampaignBrokerSession : IMqttSession, INetworkAware
    {
        /// <summary>Messages the module's session holds before it drops one (the ESP32 session's receive slots).</summary>
        public const int ReceiveDepth = 4;

        private static readonly byte[] s_seqKey = "\"seq\":"u8.ToArray();
        private readonly List<HashSet<long>> _received = new List<HashSet<long>>();
        private readonly Queue<(byte[] Payload, bool Retained)> _inbox = new Queue<(byte[] Payload, bool Retained)>();
        private byte[]? _retainedCommand;
        private bool _subscribed;
        private int _dropped;
        private bool _lastRetained;
        private bool _network = true;
        private bool _connected;
        private string _eventTopicSuffix = "/event";

        /// <summary>Makes the session for the first firmware incarnation.</summary>
        public CampaignBrokerSession()
        {
            _received.Add(new HashSet<long>());
        }

        /// <summary>Index of the firmware incarnation publishing now (0 = first boot).</summary>
        public int Incarnation => _received.Count - 1;

        /// <summary>Connects accepted.</summary>
        public int Connects { get; private set; }

        /// <summary>Messages delivered to the subscriber.</summary>
        public long Delivered { get; private set; }

        /// <inheritdoc />
        public bool IsConnected => _connected && _network;

        /// <summary>While true the module's heap is exhausted: every <see cref="Publish"/> throws.</summary>
        public bool OutOfMemory { get; set; }

        /// <summary>What happened to the commands, per incarnation.</summary>
        internal CommandLedger Ledger { get; } = new CommandLedger();

        /// <summary>Messages waiting in the module's receive ring.</summary>
        public int Waiting => _inbox.Count;

        /// <summary>The board reset: the connection is gone, the session's receive ring with it, and a new incarnation
        /// publishes from now on.</summary>
        public void BoardRestarted()
        {
            _connected = false;
            _subscribed = false;
            _inbox.Clear();
            _dropped = 0;
            _received.Add(new HashSet<long>());
            Ledger.NewIncarnation();
        }

        /// <summary>
        /// Another client publishes on the module's command topic (MQTT 3.1.1): a retained message is stored (an empty
        /// one deletes the stored one) and, like any other, goes to the module now if it is subscribed, without the
        /// retain flag (3.3.1.3: the flag is set only on delivery for a new subscription).
        /// </summary>
        /// <param name="payload">Payload.</param>
        /// <param name="retain">Retain flag.</param>
        /// <returns>True when the module was subscribed and the message reached its session.</returns>
        public bool SendCommand(byte[] payload, bool retain)
        {
            Ledger.Sent++;
            return PublishCommand(payload, retain);
        }

        /// <summary>Event sequence numbers the subscriber received from an incarnation.</summary>
        /// <param name="incarnation">Incarnation index.</param>
        /// <returns>The set.</returns>
        public IReadOnlySet<long> ReceivedEvents(int incarnation) => _received[incarnation];

        /// <inheritdoc />
        public void OnNetworkChanged(bool available)
        {
            _network = available;
            if (!available)
            {
                _connected = false;
                _subscribed = false;
            }
        }

        /// <inheritdoc />
        public bool Connect(MqttEndpoint endpoint)
        {
            if (!_network)
            {
                _connected = false;
                return false;
            }

            _connected = true;
            _subscribed = false;
            Connects++;
            return true;
        }

        /// <inheritdoc />
        public void Disconnect()
        {
            _connected = false;
            _subscribed = false;
        }

        /// <inheritdoc />
        public bool Publish(string topic, byte[] payload, int length, bool retain)
        {
            if (OutOfMemory)
            {
                throw new OutOfMemoryException("campaign: heap exhausted in the communication pass");
            }

            if (!IsConnected)
            {
                return false;
            }

            Delivered++;
            if (topic.EndsWith("/cmd", StringComparison.Ordinal))
            {
                // the module deletes a retained command (an empty retained message) or publishes on its own topic
                byte[] copy = payload.AsSpan(0, length).ToArray();
                PublishCommand(copy, retain);
                return true;
            }

            if (topic.EndsWith("/reply", StringComparison.Ordinal))
            {
                Ledger.Replied(payload, length);
                return true;
            }

            if (topic.EndsWith(_eventTopicSuffix, StringComparison.Ordinal))
            {
                long seq = ReadSequence(payload, length);
                if (seq >= 0)
                {
                    _received[^1].Add(seq);
                }
            }

            return true;
        }

        /// <inheritdoc />
        public bool Subscribe(string topic)
        {
            if (!IsConnected)
            {
                return false;
            }

            if (topic.EndsWith("/cmd", StringComparison.Ordinal))
            {
                _subscribed = true;

                // a new subscription gets the retained message, flagged
                if (_retainedCommand != null)
                {
                    Deliver(_retainedCommand, true);
                }
            }

            return true;
        }

        /// <inheritdoc />
        public int ReadMessage(byte[] buffer)
        {
            if (_inbox.Count == 0)
            {
                return -1;
            }

            (byte[] payload, bool retained) = _inbox.Dequeue();
            _lastRetained = retained;
            Ledger.Taken(payload, retained);
            if (payload.Length > buffer.Length)
            {
                return -2;
            }

            Buffer.BlockCopy(payload, 0, buffer, 0, payload.Length);
            return payload.Length;
        }

        /// <inheritdoc />
        public bool LastMessageRetained => _lastRetained;

        /// <inheritdoc />
        public int DroppedMessages => _dropped;

        private bool PublishCommand(byte[] payload, bool retain)
        {
            if (retain)
            {
                _retainedCommand = payload.Length == 0 ? null : payload;
            }

            if (!_subscribed || !IsConnected)
            {
                return false;
            }

            Deliver(payload, false);
            return true;
        }

        private void Deliver(byte[] payload, bool retained)
        {
            bool full = _inbox.Count >= ReceiveDepth;
            Ledger.Arrived(full);
            if (full)
            {
                _dropped++;
                return;
            }

            _inbox.Enqueue((payload, retained));
        }

        /// <summary>Sets the topic suffix of event messages (default "/event").</summary>
        /// <param name="suffix">Suffix.</param>
        public void SetEventTopicSuffix(string suffix)
        {
            _eventTopicSuffix = suffix;
        }

        private static long ReadSequence(byte[] payload, int length)
        {
            int at = payload.AsSpan(0, length).IndexOf(s_seqKey);
            if (at < 0)
            {
                return -1;
            }

            long v = 0;
            bool any = false;
            for (int i = at + s_seqKey.Length; i < length && payload[i] >= (byte)'0' && payload[i] <= (byte)'9'; i++)
            {
                v = (v * 10) + (payload[i] - '0');
                any = true;
            }

            return any ? v : -1;
        }
    }
}
