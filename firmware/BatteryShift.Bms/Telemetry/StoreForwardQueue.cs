namespace BatteryShift.Bms.Telemetry
{
    /// <summary>
    /// Bounded first-in first-out store of outgoing messages in one byte ring made at start-up. Each record
    /// is a topic index, a length and the payload. Telemetry waits here while the link is down and leaves
    /// in order when it is back. When a new record does not fit, the oldest records are dropped to make
    /// room and counted in <see cref="DroppedCount"/>: nothing is lost without being counted.
    /// </summary>
    public sealed class StoreForwardQueue
    {
        private const int HeaderBytes = 3;
        private const int TopicSlots = 8;

        private readonly byte[] _ring;
        private int _head;
        private int _usedBytes;
        private int _count;
        private long _droppedCount;
        private long _enqueuedCount;
        private readonly int[] _topicCount = new int[TopicSlots];

        /// <summary>
        /// Makes the ring.
        /// </summary>
        /// <param name="capacityBytes">Bytes for records (3 bytes of header per record).</param>
        public StoreForwardQueue(int capacityBytes)
        {
            _ring = new byte[capacityBytes];
        }

        /// <summary>Records waiting.</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>Bytes in use, headers included.</summary>
        public int UsedBytes
        {
            get { return _usedBytes; }
        }

        /// <summary>Bytes of the ring.</summary>
        public int CapacityBytes
        {
            get { return _ring.Length; }
        }

        /// <summary>Records dropped since start-up because the ring was full (or a record was too big).</summary>
        public long DroppedCount
        {
            get { return _droppedCount; }
        }

        /// <summary>Records accepted since start-up.</summary>
        public long EnqueuedCount
        {
            get { return _enqueuedCount; }
        }

        /// <summary>
        /// Appends a record, dropping the oldest records when there is no room.
        /// </summary>
        /// <param name="topicIndex">Topic index (0..255).</param>
        /// <param name="payload">Payload bytes.</param>
        /// <param name="length">Payload length.</param>
        /// <returns>False when the record alone is larger than the ring (it is dropped and counted).</returns>
        public bool Enqueue(int topicIndex, byte[] payload, int length)
        {
            int needed = length + HeaderBytes;
            if (needed > _ring.Length || length > 0xffff)
            {
                _droppedCount++;
                return false;
            }

            while (_ring.Length - _usedBytes < needed)
            {
                Drop();
                _droppedCount++;
            }

            int tail = (_head + _usedBytes) % _ring.Length;
            tail = PutByte(tail, (byte)topicIndex);
            tail = PutByte(tail, (byte)(length >> 8));
            tail = PutByte(tail, (byte)length);
            for (int i = 0; i < length; i++)
            {
                _ring[tail] = payload[i];
                tail++;
                if (tail == _ring.Length)
                {
                    tail = 0;
                }
            }

            _usedBytes += needed;
            _count++;
            _enqueuedCount++;
            _topicCount[topicIndex & (TopicSlots - 1)]++;
            return true;
        }

        /// <summary>
        /// Copies the oldest record out without removing it.
        /// </summary>
        /// <param name="destination">Destination for the payload.</param>
        /// <param name="topicIndex">Topic index of the record.</param>
        /// <returns>Payload length; -1 when empty; -2 when <paramref name="destination"/> is too small.</returns>
        public int Peek(byte[] destination, out int topicIndex)
        {
            topicIndex = -1;
            if (_count == 0)
            {
                return -1;
            }

            topicIndex = _ring[_head];
            int length = RecordLength();
            if (length > destination.Length)
            {
                return -2;
            }

            int at = (_head + HeaderBytes) % _ring.Length;
            for (int i = 0; i < length; i++)
            {
                destination[i] = _ring[at];
                at++;
                if (at == _ring.Length)
                {
                    at = 0;
                }
            }

            return length;
        }

        /// <summary>
        /// Removes the oldest record (after it was sent).
        /// </summary>
        public void RemoveOldest()
        {
            if (_count > 0)
            {
                Drop();
            }
        }

        /// <summary>
        /// Removes the oldest record without sending it and counts it as dropped.
        /// </summary>
        public void DiscardOldest()
        {
            if (_count > 0)
            {
                Drop();
                _droppedCount++;
            }
        }

        private void Drop()
        {
            _topicCount[_ring[_head] & (TopicSlots - 1)]--;
            int total = RecordLength() + HeaderBytes;
            _head = (_head + total) % _ring.Length;
            _usedBytes -= total;
            _count--;
            if (_count == 0)
            {
                _head = 0;
                _usedBytes = 0;
            }
        }

        /// <summary>
        /// Records of a topic held now.
        /// </summary>
        /// <param name="topicIndex">Topic index (0..7).</param>
        /// <returns>Count.</returns>
        public int CountOf(int topicIndex)
        {
            return _topicCount[topicIndex & (TopicSlots - 1)];
        }

        /// <summary>
        /// True when a payload of this length fits without dropping a record.
        /// </summary>
        /// <param name="length">Payload bytes.</param>
        /// <returns>True when there is room.</returns>
        public bool Fits(int length)
        {
            return _ring.Length - _usedBytes >= length + HeaderBytes;
        }

        /// <summary>
        /// Counts a message the caller chose not to enqueue (it is reported as dropped).
        /// </summary>
        public void Refuse()
        {
            _droppedCount++;
        }

        private int RecordLength()
        {
            int hi = _ring[(_head + 1) % _ring.Length];
            int lo = _ring[(_head + 2) % _ring.Length];
            return (hi << 8) | lo;
        }

        private int PutByte(int at, byte value)
        {
            _ring[at] = value;
            at++;
            return at == _ring.Length ? 0 : at;
        }
    }
}
