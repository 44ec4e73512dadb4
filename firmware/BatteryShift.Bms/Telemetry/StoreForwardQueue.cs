namespace BatteryShift.Bms.Telemetry
{
    /// <summary>
    /// Bounded first-in first-out store of outgoing messages in one byte ring made at start-up. Each record
    /// is a header byte (topic index and priority), a length and the payload. Telemetry waits here while the
    /// link is down and leaves in order when it is back. When a new record does not fit, records of a lower
    /// priority make room first (the oldest of the lowest priority held, removed in place so the order of the
    /// rest is kept); a record never pushes out one of a higher priority, and among equals the oldest goes.
    /// Every record dropped or refused is counted in <see cref="DroppedCount"/>: nothing is lost uncounted.
    /// </summary>
    public sealed class StoreForwardQueue
    {
        /// <summary>Priority of periodic messages (state, cells): the first to give way.</summary>
        public const int PriorityPeriodic = 0;

        /// <summary>Priority of informational events and command replies.</summary>
        public const int PriorityNormal = 1;

        /// <summary>Priority of alarm, fault and sensor-fault events: the last to give way.</summary>
        public const int PriorityAlarm = 2;

        private const int HeaderBytes = 3;
        private const int TopicSlots = 8;
        private const int TopicMask = TopicSlots - 1;
        private const int PriorityShift = 4;
        private const int PriorityLevels = 3;

        // a purge of a lower priority (or of periodic messages) frees at least this fraction of the ring (1/4) so that
        // in a long outage the in-place removal, which moves the records behind it, runs once per many records and
        // not once per record
        private const int PurgeFractionShift = 2;

        private readonly byte[] _ring;
        private int _head;
        private int _usedBytes;
        private int _count;
        private long _droppedCount;
        private long _enqueuedCount;
        private readonly int[] _topicCount = new int[TopicSlots];
        private readonly int[] _priorityCount = new int[PriorityLevels];

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
        /// Appends a record of the periodic priority, dropping the oldest records when there is no room.
        /// </summary>
        /// <param name="topicIndex">Topic index (0..7).</param>
        /// <param name="payload">Payload bytes.</param>
        /// <param name="length">Payload length.</param>
        /// <returns>False when the record was not stored (it is counted as dropped).</returns>
        public bool Enqueue(int topicIndex, byte[] payload, int length)
        {
            return Enqueue(topicIndex, PriorityPeriodic, payload, length);
        }

        /// <summary>
        /// Appends a record. When there is no room, the oldest records of the lowest priority held make room if that
        /// priority is not above <paramref name="priority"/>; otherwise the new record is refused.
        /// </summary>
        /// <param name="topicIndex">Topic index (0..7).</param>
        /// <param name="priority">0 (<see cref="PriorityPeriodic"/>) to 2 (<see cref="PriorityAlarm"/>).</param>
        /// <param name="payload">Payload bytes.</param>
        /// <param name="length">Payload length.</param>
        /// <returns>False when the record was not stored: larger than the ring, or every record held outranks it
        /// (it is counted as dropped).</returns>
        public bool Enqueue(int topicIndex, int priority, byte[] payload, int length)
        {
            int needed = length + HeaderBytes;
            if (needed > _ring.Length || length > 0xffff || priority < 0 || priority >= PriorityLevels)
            {
                _droppedCount++;
                return false;
            }

            if (!MakeRoom(needed, priority))
            {
                _droppedCount++;
                return false;
            }

            int tail = (_head + _usedBytes) % _ring.Length;
            tail = PutByte(tail, (byte)((topicIndex & TopicMask) | (priority << PriorityShift)));
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
            _topicCount[topicIndex & TopicMask]++;
            _priorityCount[priority]++;
            return true;
        }

        /// <summary>
        /// Records of a priority held now.
        /// </summary>
        /// <param name="priority">Priority (0..2).</param>
        /// <returns>Count.</returns>
        public int CountOfPriority(int priority)
        {
            return priority < 0 || priority >= PriorityLevels ? 0 : _priorityCount[priority];
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

            topicIndex = _ring[_head] & TopicMask;
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

        private bool MakeRoom(int needed, int priority)
        {
            while (_ring.Length - _usedBytes < needed)
            {
                int lowest = LowestPriorityHeld();
                if (lowest > priority)
                {
                    return false;
                }

                if (HeadPriority() == lowest)
                {
                    // the oldest record is of the lowest priority: it goes, as in any bounded FIFO
                    Drop();
                    _droppedCount++;
                    continue;
                }

                // older records outrank the ones to remove: take the oldest of the lowest priority out in place
                int wanted = needed - (_ring.Length - _usedBytes);
                if (lowest < priority || lowest == PriorityPeriodic)
                {
                    int bulk = _ring.Length >> PurgeFractionShift;
                    if (wanted < bulk)
                    {
                        wanted = bulk;
                    }
                }

                Purge(lowest, wanted);
            }

            return true;
        }

        private int LowestPriorityHeld()
        {
            for (int p = 0; p < PriorityLevels; p++)
            {
                if (_priorityCount[p] > 0)
                {
                    return p;
                }
            }

            return PriorityLevels;
        }

        private int HeadPriority()
        {
            return _ring[_head] >> PriorityShift;
        }

        // Removes records of one priority, oldest first, until wantedBytes are free or none of it is left; the
        // records kept move toward the head in one pass, in order (read offset r, write offset w, w <= r).
        private void Purge(int priority, int wantedBytes)
        {
            int length = _ring.Length;
            int r = 0;
            int w = 0;
            int freed = 0;
            int used = _usedBytes;
            while (r < used)
            {
                int at = (_head + r) % length;
                int header = _ring[at];
                int total = ((_ring[(at + 1) % length] << 8) | _ring[(at + 2) % length]) + HeaderBytes;
                if (freed < wantedBytes && (header >> PriorityShift) == priority)
                {
                    freed += total;
                    _count--;
                    _droppedCount++;
                    _topicCount[header & TopicMask]--;
                    _priorityCount[priority]--;
                    r += total;
                    continue;
                }

                if (w != r)
                {
                    int from = at;
                    int to = (_head + w) % length;
                    for (int i = 0; i < total; i++)
                    {
                        _ring[to] = _ring[from];
                        from++;
                        if (from == length)
                        {
                            from = 0;
                        }

                        to++;
                        if (to == length)
                        {
                            to = 0;
                        }
                    }
                }

                r += total;
                w += total;
            }

            _usedBytes = w;
            if (_count == 0)
            {
                _head = 0;
                _usedBytes = 0;
            }
        }

        private void Drop()
        {
            int header = _ring[_head];
            _topicCount[header & TopicMask]--;
            _priorityCount[header >> PriorityShift]--;
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
            return _topicCount[topicIndex & TopicMask];
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
