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
        private static readonly byte[] s_seqKey = "\"seq\":"u8.ToArray();
        private readonly List<HashSet<long>> _received = new List<HashSet<long>>();
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

        /// <summary>The board reset: the connection is gone and a new incarnation publishes from now on.</summary>
        public void BoardRestarted()
        {
            _connected = false;
            _received.Add(new HashSet<long>());
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
            Connects++;
            return true;
        }

        /// <inheritdoc />
        public void Disconnect()
        {
            _connected = false;
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
            return IsConnected;
        }

        /// <inheritdoc />
        public int ReadMessage(byte[] buffer)
        {
            return -1;
        }

        /// <inheritdoc />
        public bool LastMessageRetained => false;

        /// <inheritdoc />
        public int DroppedMessages => 0;

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
