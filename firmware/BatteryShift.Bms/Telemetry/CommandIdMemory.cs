namespace BatteryShift.Bms.Telemetry
{
    /// <summary>
    /// The ids of the last <see cref="Capacity"/> remote commands executed, each with its command number, result
    /// code and the start of its reply, so that a command sent again with the same id (a duplicate delivery, a
    /// replay) is answered with the earlier result instead of being executed again. Kept in RAM: a restart forgets
    /// it (docs/mqtt.md says what that means for the sender). Allocates nothing after construction.
    /// </summary>
    public sealed class CommandIdMemory
    {
        /// <summary>Ids remembered; the oldest is forgotten first.</summary>
        public const int Capacity = 16;

        /// <summary>Longest id, characters.</summary>
        public const int MaxIdLength = 16;

        /// <summary>Reply bytes kept per id.</summary>
        public const int ReplyPrefixBytes = 64;

        private readonly byte[] _ids = new byte[Capacity * MaxIdLength];
        private readonly int[] _idLengths = new int[Capacity];
        private readonly long[] _numbers = new long[Capacity];
        private readonly int[] _codes = new int[Capacity];
        private readonly byte[] _replies = new byte[Capacity * ReplyPrefixBytes];
        private readonly int[] _replyLengths = new int[Capacity];
        private int _next;
        private int _count;

        /// <summary>
        /// Finds an id.
        /// </summary>
        /// <param name="source">Bytes holding the id.</param>
        /// <param name="offset">First byte of the id.</param>
        /// <param name="length">Its length (1..<see cref="MaxIdLength"/>).</param>
        /// <returns>The slot remembering it, or -1.</returns>
        public int Find(byte[] source, int offset, int length)
        {
            for (int slot = 0; slot < _count; slot++)
            {
                if (_idLengths[slot] == length && Same(slot, source, offset, length))
                {
                    return slot;
                }
            }

            return -1;
        }

        /// <summary>
        /// Remembers an executed command in place of the oldest.
        /// </summary>
        /// <param name="source">Bytes holding the id.</param>
        /// <param name="offset">First byte of the id.</param>
        /// <param name="length">Its length (1..<see cref="MaxIdLength"/>).</param>
        /// <param name="number">The command's number since start-up.</param>
        /// <param name="code">Its result code.</param>
        /// <param name="reply">Its reply text (may be null).</param>
        /// <param name="replyLength">Bytes of <paramref name="reply"/>.</param>
        public void Remember(byte[] source, int offset, int length, long number, int code, byte[] reply, int replyLength)
        {
            int slot = _next;
            _next = (_next + 1) % Capacity;
            if (_count < Capacity)
            {
                _count++;
            }

            for (int i = 0; i < length; i++)
            {
                _ids[(slot * MaxIdLength) + i] = source[offset + i];
            }

            _idLengths[slot] = length;
            _numbers[slot] = number;
            _codes[slot] = code;
            int kept = reply == null ? 0 : (replyLength < ReplyPrefixBytes ? replyLength : ReplyPrefixBytes);
            for (int i = 0; i < kept; i++)
            {
                _replies[(slot * ReplyPrefixBytes) + i] = reply[i];
            }

            _replyLengths[slot] = kept;
        }

        /// <summary>The command number remembered in a slot.</summary>
        /// <param name="slot">Slot from <see cref="Find"/>.</param>
        /// <returns>Number.</returns>
        public long Number(int slot)
        {
            return _numbers[slot];
        }

        /// <summary>The result code remembered in a slot.</summary>
        /// <param name="slot">Slot from <see cref="Find"/>.</param>
        /// <returns>Code.</returns>
        public int Code(int slot)
        {
            return _codes[slot];
        }

        /// <summary>Appends the reply start remembered in a slot.</summary>
        /// <param name="slot">Slot from <see cref="Find"/>.</param>
        /// <param name="text">Destination.</param>
        public void AppendReply(int slot, Console.TextBuffer text)
        {
            text.Append(_replies, slot * ReplyPrefixBytes, _replyLengths[slot]);
        }

        private bool Same(int slot, byte[] source, int offset, int length)
        {
            int at = slot * MaxIdLength;
            for (int i = 0; i < length; i++)
            {
                if (_ids[at + i] != source[offset + i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
