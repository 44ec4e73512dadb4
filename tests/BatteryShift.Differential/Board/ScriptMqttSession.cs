using System;
using BatteryShift.Hal;

namespace BatteryShift.Differential.Board
{
    /// <summary>
    /// An MQTT session that always connects and keeps what is published (topic, retain flag, payload bytes) until the
    /// scenario has traced it; a command the scenario queues is returned by <see cref="ReadMessage"/>.
    /// </summary>
    public sealed class ScriptMqttSession : IMqttSession
    {
        /// <summary>Messages kept between two traces.</summary>
        public const int MaxMessages = 64;

        private readonly string[] _topics = new string[MaxMessages];
        private readonly bool[] _retain = new bool[MaxMessages];
        private readonly int[] _start = new int[MaxMessages];
        private readonly int[] _length = new int[MaxMessages];
        private readonly byte[] _payloads = new byte[65536];
        private readonly byte[] _incoming = new byte[256];
        private int _incomingLength = -1;
        private int _count;
        private int _used;

        /// <inheritdoc/>
        public bool IsConnected { get; private set; }

        /// <summary>Connections made.</summary>
        public int Connects { get; private set; }

        /// <summary>The last subscribed topic.</summary>
        public string Subscribed { get; private set; }

        /// <summary>Messages published since <see cref="Clear"/>.</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>All payload bytes kept (see <see cref="PayloadStart"/>).</summary>
        public byte[] Payloads
        {
            get { return _payloads; }
        }

        /// <summary>Topic of a kept message.</summary>
        public string Topic(int index)
        {
            return _topics[index];
        }

        /// <summary>Retain flag of a kept message.</summary>
        public bool Retain(int index)
        {
            return _retain[index];
        }

        /// <summary>Offset of a kept message's payload in <see cref="Payloads"/>.</summary>
        public int PayloadStart(int index)
        {
            return _start[index];
        }

        /// <summary>Payload length of a kept message.</summary>
        public int PayloadLength(int index)
        {
            return _length[index];
        }

        /// <summary>Forgets the kept messages.</summary>
        public void Clear()
        {
            _count = 0;
            _used = 0;
        }

        /// <summary>Queues a command message (ASCII) for the core to read.</summary>
        public void Deliver(string payload)
        {
            for (int i = 0; i < payload.Length; i++)
            {
                _incoming[i] = (byte)payload[i];
            }

            _incomingLength = payload.Length;
        }

        /// <inheritdoc/>
        public bool Connect(MqttEndpoint endpoint)
        {
            IsConnected = true;
            Connects++;
            return true;
        }

        /// <inheritdoc/>
        public void Disconnect()
        {
            IsConnected = false;
        }

        /// <inheritdoc/>
        public bool Publish(string topic, byte[] payload, int length, bool retain)
        {
            if (!IsConnected)
            {
                return false;
            }

            if (_count == MaxMessages || _used + length > _payloads.Length)
            {
                throw new InvalidOperationException("more MQTT output in one tick than the scenario keeps");
            }

            _topics[_count] = topic;
            _retain[_count] = retain;
            _start[_count] = _used;
            _length[_count] = length;
            Array.Copy(payload, 0, _payloads, _used, length);
            _used += length;
            _count++;
            return true;
        }

        /// <inheritdoc/>
        public bool Subscribe(string topic)
        {
            Subscribed = topic;
            return IsConnected;
        }

        /// <inheritdoc/>
        public int ReadMessage(byte[] buffer)
        {
            if (_incomingLength < 0)
            {
                return -1;
            }

            int length = _incomingLength;
            _incomingLength = -1;
            if (length > buffer.Length)
            {
                return -2;
            }

            Array.Copy(_incoming, buffer, length);
            return length;
        }

        /// <inheritdoc/>
        public bool LastMessageRetained
        {
            get { return false; }
        }

        /// <inheritdoc/>
        public int DroppedMessages
        {
            get { return 0; }
        }
    }
}
