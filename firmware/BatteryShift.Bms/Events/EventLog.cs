namespace BatteryShift.Bms.Events
{
    /// <summary>
    /// A fixed-size ring of events with a global sequence number. Any number of readers (console,
    /// MQTT) each keep their own next sequence number and read without removing; a reader that falls
    /// more than <see cref="Capacity"/> behind learns how many it missed. Appending allocates nothing.
    /// </summary>
    public sealed class EventLog
    {
        private readonly long[] _timeMs;
        // a kind is below EventKind.Count: one byte each
        private readonly byte[] _kind;
        private readonly int[] _code;
        private readonly int[] _value;
        private long _next;

        /// <summary>
        /// Makes the ring.
        /// </summary>
        /// <param name="capacity">Records kept.</param>
        public EventLog(int capacity)
        {
            _timeMs = new long[capacity];
            _kind = new byte[capacity];
            _code = new int[capacity];
            _value = new int[capacity];
        }

        /// <summary>Records kept.</summary>
        public int Capacity
        {
            get { return _kind.Length; }
        }

        /// <summary>Sequence number the next appended record will get (records so far).</summary>
        public long NextSequence
        {
            get { return _next; }
        }

        /// <summary>Oldest sequence number still held.</summary>
        public long OldestSequence
        {
            get { return _next > _kind.Length ? _next - _kind.Length : 0; }
        }

        /// <summary>
        /// Appends a record.
        /// </summary>
        /// <param name="timeMs">Uptime of the event.</param>
        /// <param name="kind">An <see cref="EventKind"/>.</param>
        /// <param name="code">Limit id, sensor fault id or state.</param>
        /// <param name="value">Measured value or detail.</param>
        /// <returns>The record's sequence number.</returns>
        public long Append(long timeMs, int kind, int code, int value)
        {
            int slot = (int)(_next % _kind.Length);
            _timeMs[slot] = timeMs;
            _kind[slot] = (byte)kind;
            _code[slot] = code;
            _value[slot] = value;
            return _next++;
        }

        /// <summary>
        /// True when a sequence number is still held.
        /// </summary>
        /// <param name="sequence">Sequence number.</param>
        /// <returns>True when its record can be read.</returns>
        public bool Holds(long sequence)
        {
            return sequence >= OldestSequence && sequence < _next;
        }

        /// <summary>Uptime of a held record.</summary>
        /// <param name="sequence">Sequence number.</param>
        /// <returns>Milliseconds.</returns>
        public long TimeMs(long sequence)
        {
            return _timeMs[(int)(sequence % _kind.Length)];
        }

        /// <summary>Kind of a held record.</summary>
        /// <param name="sequence">Sequence number.</param>
        /// <returns>An <see cref="EventKind"/>.</returns>
        public int Kind(long sequence)
        {
            return _kind[(int)(sequence % _kind.Length)];
        }

        /// <summary>Code of a held record.</summary>
        /// <param name="sequence">Sequence number.</param>
        /// <returns>The code.</returns>
        public int Code(long sequence)
        {
            return _code[(int)(sequence % _kind.Length)];
        }

        /// <summary>Value of a held record.</summary>
        /// <param name="sequence">Sequence number.</param>
        /// <returns>The value.</returns>
        public int Value(long sequence)
        {
            return _value[(int)(sequence % _kind.Length)];
        }
    }
}
