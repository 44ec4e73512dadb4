using BatteryShift.Bms.Config;

namespace BatteryShift.Bms.Persistence
{
    /// <summary>
    /// Stores the <see cref="BmsConfig"/> through <see cref="Hal.IBlobStore"/>: a header (magic, format
    /// version, counts), (key, value) pairs, the text keys, and a CRC-32, written with the store's atomic
    /// Replace. Loading validates everything into a candidate first: a blob that is corrupt (CRC, magic,
    /// length), of another version, or holds a value outside its key's envelope or breaking the relations
    /// between keys is rejected with its <see cref="ResultCode"/> and the configuration in force stays.
    /// </summary>
    public sealed class ConfigStore
    {
        /// <summary>Blob key.</summary>
        public const string BlobKey = "config";

        /// <summary>Format version written and accepted.</summary>
        public const int FormatVersion = 1;

        /// <summary>Magic "BSCF".</summary>
        public const int Magic = 0x46435342;

        private const int HeaderBytes = 12;

        private readonly Hal.IBlobStore _store;
        private readonly byte[] _buffer;

        /// <summary>
        /// Makes the store and its own buffer (sized for every key and text at their longest).
        /// </summary>
        /// <param name="store">The HAL store.</param>
        public ConfigStore(Hal.IBlobStore store)
            : this(store, new byte[BufferBytes()])
        {
        }

        /// <summary>
        /// Makes the store over a buffer it may share: the buffer holds a blob only within one call of
        /// <see cref="Save"/> or <see cref="Load"/>.
        /// </summary>
        /// <param name="store">The HAL store.</param>
        /// <param name="buffer">At least <see cref="BufferBytes"/> bytes.</param>
        public ConfigStore(Hal.IBlobStore store, byte[] buffer)
        {
            if (buffer == null || buffer.Length < BufferBytes())
            {
                throw new System.ArgumentException();
            }

            _store = store;
            _buffer = buffer;
        }

        /// <summary>
        /// Smallest buffer the store works in: a blob with every key and text at their longest.
        /// </summary>
        /// <returns>Bytes.</returns>
        public static int BufferBytes()
        {
            int size = HeaderBytes + (ConfigSchema.MaxKeys * 6) + 4;
            for (int t = 0; t < ConfigSchema.MaxTextKeys; t++)
            {
                size += 2 + (ConfigSchema.IsTextDefined(t) ? ConfigSchema.TextMaxLength(t) : 0);
            }

            return size;
        }

        /// <summary>Result of the last <see cref="Load"/> (Ok also when nothing was stored).</summary>
        public int LastLoadResult { get; private set; }

        /// <summary>True when the last <see cref="Load"/> found a stored blob.</summary>
        public bool LastLoadFound { get; private set; }

        /// <summary>
        /// Writes a configuration atomically.
        /// </summary>
        /// <param name="config">Configuration.</param>
        /// <returns>Ok, or StorageError.</returns>
        public int Save(BmsConfig config)
        {
            int length = Encode(config, _buffer);
            return _store.Replace(BlobKey, _buffer, length) ? ResultCode.Ok : ResultCode.StorageError;
        }

        /// <summary>
        /// Encodes a configuration into a sealed blob (also used by tests to make blobs).
        /// </summary>
        /// <param name="config">Configuration.</param>
        /// <param name="buffer">Destination, large enough.</param>
        /// <returns>Blob length.</returns>
        public static int Encode(BmsConfig config, byte[] buffer)
        {
            int keys = 0;
            int texts = 0;
            int p = HeaderBytes;
            for (int k = 0; k < ConfigSchema.MaxKeys; k++)
            {
                if (ConfigSchema.IsDefined(k))
                {
                    buffer[p] = (byte)k;
                    buffer[p + 1] = (byte)(k >> 8);
                    BlobCodec.PutInt(buffer, p + 2, config.Get(k));
                    p += 6;
                    keys++;
                }
            }

            for (int t = 0; t < ConfigSchema.MaxTextKeys; t++)
            {
                if (ConfigSchema.IsTextDefined(t))
                {
                    string text = config.GetText(t);
                    buffer[p] = (byte)t;
                    buffer[p + 1] = (byte)text.Length;
                    p += 2;
                    for (int i = 0; i < text.Length; i++)
                    {
                        buffer[p++] = (byte)text[i];
                    }

                    texts++;
                }
            }

            BlobCodec.PutInt(buffer, 0, Magic);
            buffer[4] = (byte)FormatVersion;
            buffer[5] = (byte)(FormatVersion >> 8);
            buffer[6] = (byte)keys;
            buffer[7] = (byte)(keys >> 8);
            buffer[8] = (byte)texts;
            buffer[9] = 0;
            buffer[10] = 0;
            buffer[11] = 0;
            return BlobCodec.Seal(buffer, p);
        }

        /// <summary>
        /// Loads the stored configuration into <paramref name="config"/> when it is intact and valid.
        /// </summary>
        /// <param name="config">Configuration in force; unchanged unless the result is Ok and a blob was found.</param>
        /// <returns>Ok (also when none is stored), Corrupt (CRC, magic, length or version), OutOfRange (a value
        /// outside its envelope or breaking a relation), StorageError.</returns>
        public int Load(BmsConfig config)
        {
            LastLoadFound = false;
            int length = _store.Read(BlobKey, _buffer);
            if (length == -1)
            {
                LastLoadResult = ResultCode.Ok;
                return LastLoadResult;
            }

            // the candidate is made here, not kept: a load runs once, at start-up, and the heap it takes is
            // collected afterwards
            LastLoadFound = true;
            BmsConfig candidate = length < 0 ? null : new BmsConfig();
            LastLoadResult = length < 0 ? ResultCode.Corrupt : Decode(_buffer, length, candidate);
            if (LastLoadResult == ResultCode.Ok)
            {
                config.CopyFrom(candidate);
            }

            return LastLoadResult;
        }

        /// <summary>
        /// Decodes and validates a blob into a candidate (reset to defaults first).
        /// </summary>
        /// <param name="buffer">Blob.</param>
        /// <param name="length">Length.</param>
        /// <param name="candidate">Receives the values.</param>
        /// <returns>Ok, Corrupt or OutOfRange.</returns>
        public static int Decode(byte[] buffer, int length, BmsConfig candidate)
        {
            if (!BlobCodec.Intact(buffer, length, Magic))
            {
                return ResultCode.Corrupt;
            }

            int version = buffer[4] | (buffer[5] << 8);
            int keys = buffer[6] | (buffer[7] << 8);
            int texts = buffer[8];
            if (version != FormatVersion)
            {
                return ResultCode.Corrupt;
            }

            candidate.ResetToDefaults();
            int end = length - 4;
            int p = HeaderBytes;
            if (p + (keys * 6) > end)
            {
                return ResultCode.Corrupt;
            }

            int result = DecodeValues(buffer, p, keys, candidate);
            if (result != ResultCode.Ok)
            {
                return result;
            }

            p += keys * 6;
            return DecodeTexts(buffer, p, end, texts, candidate);
        }

        private static int DecodeValues(byte[] buffer, int p, int keys, BmsConfig candidate)
        {
            // relations between keys (warning before alarm before fault) can refuse a value only because its
            // partner still holds the default: apply in passes until nothing changes
            int pending = keys;
            for (int pass = 0; pass < 4 && pending > 0; pass++)
            {
                pending = 0;
                for (int i = 0; i < keys; i++)
                {
                    int at = p + (i * 6);
                    int key = buffer[at] | (buffer[at + 1] << 8);
                    int value = BlobCodec.GetInt(buffer, at + 2);
                    if (!ConfigSchema.IsDefined(key))
                    {
                        continue;
                    }

                    if (value < ConfigSchema.Min(key) || value > ConfigSchema.Max(key))
                    {
                        return ResultCode.OutOfRange;
                    }

                    if (candidate.Get(key) != value && candidate.TrySet(key, value) != ResultCode.Ok)
                    {
                        pending++;
                    }
                }
            }

            if (pending > 0)
            {
                return ResultCode.OutOfRange;
            }

            return ResultCode.Ok;
        }

        private static int DecodeTexts(byte[] buffer, int p, int end, int texts, BmsConfig candidate)
        {
            for (int t = 0; t < texts; t++)
            {
                if (p + 2 > end)
                {
                    return ResultCode.Corrupt;
                }

                int key = buffer[p];
                int len = buffer[p + 1];
                p += 2;
                if (p + len > end)
                {
                    return ResultCode.Corrupt;
                }

                // a stored text equal to the one the candidate holds (its default) is kept as it is: no copy of it is
                // made at start-up, where every byte allocated counts against the device's heap
                if (ConfigSchema.IsTextDefined(key) && !SameText(buffer, p, len, candidate.GetText(key)))
                {
                    char[] chars = new char[len];
                    for (int i = 0; i < len; i++)
                    {
                        chars[i] = (char)buffer[p + i];
                    }

                    int result = candidate.TrySetText(key, new string(chars));
                    if (result != ResultCode.Ok)
                    {
                        return ResultCode.OutOfRange;
                    }
                }

                p += len;
            }

            return p == end ? ResultCode.Ok : ResultCode.Corrupt;
        }

        private static bool SameText(byte[] buffer, int p, int len, string text)
        {
            if (text == null || text.Length != len)
            {
                return false;
            }

            for (int i = 0; i < len; i++)
            {
                if (text[i] != (char)buffer[p + i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
