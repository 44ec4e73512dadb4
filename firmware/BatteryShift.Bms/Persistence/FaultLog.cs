using BatteryShift.Bms.Events;

namespace BatteryShift.Bms.Persistence
{
    /// <summary>
    /// A fault log that survives a reset: a ring of the last <see cref="Capacity"/> protection and sensor events
    /// (fault latched or cleared, alarm raised, sensor fault raised or cleared), stamped with the boot number
    /// and uptime, together with the mask of faults latched now and the boot count. It follows the event log
    /// (<see cref="Track"/>, in the tick, RAM only); <see cref="Flush"/> writes it outside the tick (the
    /// communication pass, before anything there reports the events), so the tick never waits on flash.
    /// <para>
    /// Two copies (<see cref="BlobKey"/> and <see cref="SecondBlobKey"/>), each sealed with a CRC and numbered by a
    /// sequence: a write goes to the copy not holding the newest record, and a changed latched mask is written to
    /// both copies in turn. <see cref="Load"/> takes the intact copy with the higher sequence. A copy that is
    /// present but does not check out (a flipped bit, truncated, empty, an unknown format) or whose last write a
    /// reset cut short (<see cref="Hal.IWriteInterruptions"/>) may have held the newest latch: the log is then
    /// lost, and the module starts latched in <see cref="Protection.LimitIds.FaultLogLost"/> (as well as in what
    /// the other copy holds), which only a clear at the local console releases.
    /// </para>
    /// </summary>
    public sealed class FaultLog
    {
        /// <summary>Entries kept.</summary>
        public const int Capacity = 32;

        /// <summary>Blob key of the first copy (the key of the single-copy format 1, read once on an update).</summary>
        public const string BlobKey = "faultlog";

        /// <summary>Blob key of the second copy.</summary>
        public const string SecondBlobKey = "faultlg1";

        /// <summary>Magic "BSFL".</summary>
        public const int Magic = 0x4C465342;

        /// <summary>Format version (2: two copies with a sequence number; 1: one copy, read on an update).</summary>
        public const int FormatVersion = 2;

        /// <summary>Why the log was lost: none.</summary>
        public const int LostNone = 0;

        /// <summary>Why the log was lost: a copy present but not intact (bit flip, truncated, empty, unknown format).</summary>
        public const int LostCorrupt = 1;

        /// <summary>Why the log was lost: a reset cut a write of a copy short.</summary>
        public const int LostInterrupted = 2;

        /// <summary>
        /// Why the log was lost: a copy absent that must have been written (the other copy's sequence says so), or both
        /// absent while records written only after the log exist (a deleted log is not a blank flash).
        /// </summary>
        public const int LostMissing = 3;

        private const int HeaderBytes = 32;
        private const int FormerHeaderBytes = 24;
        private const int EntryBytes = 20;
        private const int Bytes = HeaderBytes + (Capacity * EntryBytes) + 4;
        private const int FormerBytes = FormerHeaderBytes + (Capacity * EntryBytes) + 4;

        /// <summary>Smallest buffer the log works in: one blob.</summary>
        public const int BufferBytes = Bytes;

        private readonly Hal.IBlobStore _store;
        private readonly byte[] _buffer;
        private readonly int[] _boot = new int[Capacity];
        private readonly long[] _timeMs = new long[Capacity];
        // kind and code are a byte each, as the record stores them (an event kind; a limit or sensor fault id)
        private readonly byte[] _kind = new byte[Capacity];
        private readonly byte[] _code = new byte[Capacity];
        private readonly int[] _value = new int[Capacity];
        private readonly int[] _copyMask = new int[2];
        private readonly long[] _copySequence = new long[2];
        private long _total;
        private long _nextEvent;
        private long _sequence;
        private bool _dirty;

        /// <summary>
        /// Makes an empty log with a buffer of its own.
        /// </summary>
        /// <param name="store">The HAL store.</param>
        public FaultLog(Hal.IBlobStore store)
            : this(store, new byte[Bytes])
        {
        }

        /// <summary>
        /// Makes an empty log over a buffer it may share: the buffer holds the blob only within one call of
        /// <see cref="Load"/> or <see cref="Flush"/> (the entries themselves are kept in the log's own arrays).
        /// </summary>
        /// <param name="store">The HAL store.</param>
        /// <param name="buffer">At least <see cref="BufferBytes"/> bytes.</param>
        public FaultLog(Hal.IBlobStore store, byte[] buffer)
        {
            if (buffer == null || buffer.Length < Bytes)
            {
                throw new System.ArgumentException();
            }

            _store = store;
            _buffer = buffer;
        }

        /// <summary>Start-ups counted, this one included (after <see cref="Load"/>).</summary>
        public int BootCount { get; private set; }

        /// <summary>Faults latched as last written (re-asserted after a reset).</summary>
        public int LatchedMask { get; private set; }

        /// <summary>Result of the last load: Ok (also when none stored), Corrupt (the log was lost: <see cref="LostReason"/>).</summary>
        public int LastLoadResult { get; private set; }

        /// <summary>Why the last load found the log lost: <see cref="LostNone"/>, <see cref="LostCorrupt"/>, <see cref="LostInterrupted"/>,
        /// <see cref="LostMissing"/>.</summary>
        public int LostReason { get; private set; }

        /// <summary>True while a change waits for <see cref="Flush"/>.</summary>
        public bool Pending
        {
            get { return _dirty; }
        }

        /// <summary>Entries held (up to <see cref="Capacity"/>).</summary>
        public int Count
        {
            get { return _total < Capacity ? (int)_total : Capacity; }
        }

        /// <summary>Entries appended since the log was first made (older ones are overwritten).</summary>
        public long Total
        {
            get { return _total; }
        }

        /// <summary>Store writes that failed.</summary>
        public int WriteFailures { get; private set; }

        /// <summary>Boot number of an entry (0 = oldest held).</summary>
        /// <param name="index">0..Count-1.</param>
        /// <returns>Boot number.</returns>
        public int BootOf(int index)
        {
            return _boot[Slot(index)];
        }

        /// <summary>Uptime of an entry, ms.</summary>
        /// <param name="index">0..Count-1.</param>
        /// <returns>ms since that boot.</returns>
        public long TimeMsOf(int index)
        {
            return _timeMs[Slot(index)];
        }

        /// <summary>Kind of an entry (an <see cref="EventKind"/>).</summary>
        /// <param name="index">0..Count-1.</param>
        /// <returns>Kind.</returns>
        public int KindOf(int index)
        {
            return _kind[Slot(index)];
        }

        /// <summary>Code of an entry (limit id or sensor fault id).</summary>
        /// <param name="index">0..Count-1.</param>
        /// <returns>Code.</returns>
        public int CodeOf(int index)
        {
            return _code[Slot(index)];
        }

        /// <summary>Value of an entry (measured value or channel).</summary>
        /// <param name="index">0..Count-1.</param>
        /// <returns>Value.</returns>
        public int ValueOf(int index)
        {
            return _value[Slot(index)];
        }

        /// <summary>
        /// Loads the newer intact copy, counts this boot and marks the log for writing. When a copy is present but
        /// not intact, or its last write was cut short, or a copy (or both) is absent that must have been written, the
        /// log is lost: <see cref="LastLoadResult"/> is Corrupt and
        /// the mask returned holds <see cref="Protection.LimitIds.FaultLogLost"/> besides what the intact copy held.
        /// </summary>
        /// <returns>The latched fault mask to re-assert.</returns>
        public int Load()
        {
            LastLoadResult = ResultCode.Ok;
            LostReason = LostNone;
            long best = -1;
            long sequence0 = -1;
            long sequence1 = -1;
            for (int copy = 0; copy < 2; copy++)
            {
                string key = copy == 0 ? BlobKey : SecondBlobKey;
                long sequence = ReadCopy(key, best);
                if (copy == 0)
                {
                    sequence0 = sequence;
                }
                else
                {
                    sequence1 = sequence;
                }

                if (sequence == -2)
                {
                    LostReason = LostCorrupt;
                }
                else if (sequence > best)
                {
                    best = sequence;
                }

                Hal.IWriteInterruptions interruptions = _store as Hal.IWriteInterruptions;
                if (interruptions != null && interruptions.TakeInterrupted(key))
                {
                    LostReason = LostInterrupted;
                }
            }

            if (LostReason == LostNone && CopyMissing(sequence0, sequence1))
            {
                LostReason = LostMissing;
            }

            _sequence = best < 0 ? 0 : best;
            _copySequence[0] = -1;
            _copySequence[1] = -1;
            if (LostReason != LostNone)
            {
                LastLoadResult = ResultCode.Corrupt;
                LatchedMask |= 1 << Protection.LimitIds.FaultLogLost;
            }

            BootCount++;
            _dirty = true;
            return LatchedMask;
        }

        /// <summary>
        /// Skips the events already in the log (call once after start-up events that need no record).
        /// </summary>
        /// <param name="events">Event log.</param>
        public void SkipTo(EventLog events)
        {
            _nextEvent = events.NextSequence;
        }

        /// <summary>
        /// Takes new fault-related events from the event log and the current latched mask.
        /// </summary>
        /// <param name="events">Event log.</param>
        /// <param name="faultMask">Faults latched now.</param>
        public void Track(EventLog events, int faultMask)
        {
            if (_nextEvent < events.OldestSequence)
            {
                _nextEvent = events.OldestSequence;
            }

            while (_nextEvent < events.NextSequence)
            {
                int kind = events.Kind(_nextEvent);
                if (kind == EventKind.FaultLatched || kind == EventKind.FaultCleared || kind == EventKind.AlarmRaised
                    || kind == EventKind.SensorFault || kind == EventKind.SensorFaultCleared)
                {
                    int slot = (int)(_total % Capacity);
                    _boot[slot] = BootCount;
                    _timeMs[slot] = events.TimeMs(_nextEvent);
                    _kind[slot] = (byte)kind;
                    _code[slot] = (byte)events.Code(_nextEvent);
                    _value[slot] = events.Value(_nextEvent);
                    _total++;
                    _dirty = true;
                }

                _nextEvent++;
            }

            if (faultMask != LatchedMask)
            {
                LatchedMask = faultMask;
                _dirty = true;
            }
        }

        /// <summary>
        /// Writes the log when it changed.
        /// </summary>
        /// <returns>True when nothing was pending or the write succeeded.</returns>
        public bool Flush()
        {
            if (!_dirty)
            {
                return true;
            }

            // the copy not holding the newest record; a latched mask that one copy lacks is written to the other
            // copy in the next pass
            long sequence = _sequence + 1;
            int copy = (int)(sequence & 1);
            Encode(sequence);
            int length = BlobCodec.Seal(_buffer, HeaderBytes + (Capacity * EntryBytes));
            if (_store.Replace(copy == 0 ? BlobKey : SecondBlobKey, _buffer, length))
            {
                _sequence = sequence;
                _copySequence[copy] = sequence;
                _copyMask[copy] = LatchedMask;
                _dirty = _copySequence[1 - copy] < 0 || _copyMask[1 - copy] != LatchedMask;
                return true;
            }

            WriteFailures++;
            return false;
        }

        // Copies alternate: sequence 1 goes to the second copy, 2 to the first, and so on. A copy that is absent while the
        // other's sequence shows it was written has been removed. With both absent, the log is blank only on a blank
        // flash: the first communication pass writes it before any command can store a configuration or a
        // calibration, and the estimator's record is written long after, so any of those records is a witness that a
        // log existed. (-1: absent, -2: not intact.)
        private bool CopyMissing(long sequence0, long sequence1)
        {
            if (sequence0 == -1 && sequence1 >= 3)
            {
                return true;
            }

            if (sequence1 == -1 && sequence0 >= 2)
            {
                return true;
            }

            if (sequence0 != -1 || sequence1 != -1)
            {
                return false;
            }

            return Present(ConfigStore.BlobKey) || Present(CalibrationStore.BlobKey) || Present(Estimation.SocEstimator.StoreKey);
        }

        private bool Present(string key)
        {
            return _store.Read(key, _buffer) != -1;
        }

        // Reads one copy into the log when it is intact and newer than `newest`. Returns its sequence, -1 when the
        // key is absent, -2 when it is present but not intact.
        private long ReadCopy(string key, long newest)
        {
            int length = _store.Read(key, _buffer);
            if (length == -1)
            {
                return -1;
            }

            int header;
            long sequence;
            if (length == Bytes && BlobCodec.Intact(_buffer, length, Magic) && BlobCodec.GetInt(_buffer, 4) == FormatVersion)
            {
                header = HeaderBytes;
                sequence = BlobCodec.GetLong(_buffer, 24);
            }
            else if (key == BlobKey && length == FormerBytes && BlobCodec.Intact(_buffer, length, Magic) && BlobCodec.GetInt(_buffer, 4) == 1)
            {
                header = FormerHeaderBytes;
                sequence = 0;
            }
            else
            {
                return -2;
            }

            if (sequence > newest)
            {
                BootCount = BlobCodec.GetInt(_buffer, 8);
                LatchedMask = BlobCodec.GetInt(_buffer, 12);
                _total = BlobCodec.GetLong(_buffer, 16);
                for (int i = 0; i < Capacity; i++)
                {
                    int p = header + (i * EntryBytes);
                    _boot[i] = BlobCodec.GetInt(_buffer, p);
                    _timeMs[i] = BlobCodec.GetLong(_buffer, p + 4);
                    _kind[i] = _buffer[p + 12];
                    _code[i] = _buffer[p + 13];
                    _value[i] = BlobCodec.GetInt(_buffer, p + 16);
                }
            }

            return sequence;
        }

        private void Encode(long sequence)
        {
            BlobCodec.PutInt(_buffer, 0, Magic);
            BlobCodec.PutInt(_buffer, 4, FormatVersion);
            BlobCodec.PutInt(_buffer, 8, BootCount);
            BlobCodec.PutInt(_buffer, 12, LatchedMask);
            BlobCodec.PutLong(_buffer, 16, _total);
            BlobCodec.PutLong(_buffer, 24, sequence);
            for (int i = 0; i < Capacity; i++)
            {
                int p = HeaderBytes + (i * EntryBytes);
                BlobCodec.PutInt(_buffer, p, _boot[i]);
                BlobCodec.PutLong(_buffer, p + 4, _timeMs[i]);
                _buffer[p + 12] = _kind[i];
                _buffer[p + 13] = _code[i];
                _buffer[p + 14] = 0;
                _buffer[p + 15] = 0;
                BlobCodec.PutInt(_buffer, p + 16, _value[i]);
            }
        }

        private int Slot(int index)
        {
            long first = _total < Capacity ? 0 : _total - Capacity;
            return (int)((first + index) % Capacity);
        }
    }
}
