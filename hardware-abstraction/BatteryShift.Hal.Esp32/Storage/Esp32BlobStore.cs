using System;
using System.IO;

namespace BatteryShift.Hal.Esp32
{
    /// <summary>
    /// <see cref="IBlobStore"/> as files on the ESP32's internal flash file system (drive I:).
    /// </summary>
    /// <remarks>
    /// <para>Each key is one file "key.bin" holding a 12-byte header (magic "BSB1", data length, CRC-32 of the
    /// data, little-endian) and the data. A file whose header or CRC does not check out reads as
    /// <see cref="BlobRead.Damaged"/>, never as absent: a reader whose record must not be lost (the fault log) then
    /// knows a record was there.</para>
    /// <para><see cref="Replace"/> writes "key.new", reads it back and compares it with the data, and only then
    /// deletes "key.bin" and renames "key.new" to "key.bin". After a power cut at any point the first access to
    /// the key finishes or undoes the swap: "key.new" next to an existing "key.bin" is an unfinished write and is
    /// deleted (old content stays); "key.new" alone was verified before the old file went, so it is renamed
    /// into place when its CRC checks out, and deleted otherwise (a first write cut short). Either deletion is a
    /// write that did not happen, reported once through <see cref="IWriteInterruptions"/>.</para>
    /// <para>File access allocates (stream objects, path strings): this store is for start-up and the
    /// communication thread, never for the control tick.</para>
    /// </remarks>
    public sealed class Esp32BlobStore : IBlobStore, IWriteInterruptions
    {
        /// <summary>Drive of the internal flash file system.</summary>
        public const string InternalFlashRoot = "I:\\";

        /// <summary>Bytes of the header in front of the data.</summary>
        public const int HeaderBytes = 12;

        private const string BlobSuffix = ".bin";
        private const string NewSuffix = ".new";
        private const int ChunkBytes = 128;
        private const int MaxInterruptedKeys = 8;
        private const byte Magic0 = (byte)'B';
        private const byte Magic1 = (byte)'S';
        private const byte Magic2 = (byte)'B';
        private const byte Magic3 = (byte)'1';

        private readonly object _sync = new object();
        private readonly string _root;
        private readonly byte[] _header = new byte[HeaderBytes];
        private readonly byte[] _chunk = new byte[ChunkBytes];
        private readonly string[] _interrupted = new string[MaxInterruptedKeys];

        /// <summary>
        /// Uses a directory of the flash file system.
        /// </summary>
        /// <param name="root">Directory ending in a backslash, normally <see cref="InternalFlashRoot"/>.</param>
        public Esp32BlobStore(string root)
        {
            _root = root;
            for (int i = 0; i < MaxInterruptedKeys; i++)
            {
                _interrupted[i] = string.Empty;
            }
        }

        /// <inheritdoc/>
        public int Read(string key, byte[] buffer)
        {
            lock (_sync)
            {
                string path = _root + key + BlobSuffix;
                Recover(path, _root + key + NewSuffix);
                if (!File.Exists(path))
                {
                    return BlobRead.Absent;
                }

                int length = ReadChecked(path, buffer, false);
                return length == -1 ? BlobRead.Damaged : length;
            }
        }

        /// <inheritdoc/>
        public bool Replace(string key, byte[] data, int length)
        {
            if (length < 0 || length > data.Length)
            {
                throw new ArgumentOutOfRangeException();
            }

            lock (_sync)
            {
                string path = _root + key + BlobSuffix;
                string newPath = _root + key + NewSuffix;
                Recover(path, newPath);
                try
                {
                    FillHeader(length, Crc32(0xFFFFFFFF, data, 0, length) ^ 0xFFFFFFFF);
                    FileStream stream = new FileStream(newPath, FileMode.Create, FileAccess.Write);
                    try
                    {
                        stream.Write(_header, 0, HeaderBytes);
                        if (length > 0)
                        {
                            stream.Write(data, 0, length);
                        }
                    }
                    finally
                    {
                        stream.Dispose();
                    }

                    if (!Verify(newPath, data, length))
                    {
                        File.Delete(newPath);
                        return false;
                    }

                    if (File.Exists(path))
                    {
                        File.Delete(path);
                    }

                    File.Move(newPath, path);
                    return true;
                }
                catch (Exception)
                {
                    // whatever is left on flash is resolved by Recover at the next access
                    return false;
                }
            }
        }

        /// <inheritdoc/>
        public bool Delete(string key)
        {
            lock (_sync)
            {
                string path = _root + key + BlobSuffix;
                Recover(path, _root + key + NewSuffix);
                if (!File.Exists(path))
                {
                    return false;
                }

                File.Delete(path);
                return true;
            }
        }

        /// <inheritdoc/>
        public bool TakeInterrupted(string key)
        {
            lock (_sync)
            {
                Recover(_root + key + BlobSuffix, _root + key + NewSuffix);
                for (int i = 0; i < MaxInterruptedKeys; i++)
                {
                    if (_interrupted[i] == key)
                    {
                        _interrupted[i] = string.Empty;
                        return true;
                    }
                }

                return false;
            }
        }

        private void Recover(string path, string newPath)
        {
            if (!File.Exists(newPath))
            {
                return;
            }

            if (File.Exists(path) || ReadChecked(newPath, _chunk, true) < 0)
            {
                File.Delete(newPath);
                NoteInterrupted(path);
            }
            else
            {
                File.Move(newPath, path);
            }
        }

        private void NoteInterrupted(string path)
        {
            string key = path.Substring(_root.Length, path.Length - _root.Length - BlobSuffix.Length);
            int free = -1;
            for (int i = 0; i < MaxInterruptedKeys; i++)
            {
                if (_interrupted[i] == key)
                {
                    return;
                }

                if (free < 0 && _interrupted[i].Length == 0)
                {
                    free = i;
                }
            }

            // more distinct keys cut short at once than slots: the oldest report is overwritten, never the newest
            _interrupted[free < 0 ? 0 : free] = key;
        }

        // Returns the data length when the file checks out, -1 when it does not, -2 when the data is larger
        // than the buffer. With checkOnly the data is streamed through the buffer (any size) and not kept.
        private int ReadChecked(string path, byte[] buffer, bool checkOnly)
        {
            FileStream stream = new FileStream(path, FileMode.Open, FileAccess.Read);
            try
            {
                long fileLength = stream.Length;
                if (fileLength < HeaderBytes || ReadFully(stream, _header, 0, HeaderBytes) != HeaderBytes
                    || _header[0] != Magic0 || _header[1] != Magic1 || _header[2] != Magic2 || _header[3] != Magic3)
                {
                    return -1;
                }

                int length = GetInt(4);
                if (length < 0 || fileLength != HeaderBytes + (long)length)
                {
                    return -1;
                }

                if (!checkOnly && length > buffer.Length)
                {
                    return -2;
                }

                uint crc = 0xFFFFFFFF;
                int done = 0;
                while (done < length)
                {
                    int count = length - done;
                    int offset = done;
                    if (checkOnly)
                    {
                        offset = 0;
                        count = count < buffer.Length ? count : buffer.Length;
                    }

                    if (ReadFully(stream, buffer, offset, count) != count)
                    {
                        return -1;
                    }

                    crc = Crc32(crc, buffer, offset, count);
                    done += count;
                }

                return (crc ^ 0xFFFFFFFF) == (uint)GetInt(8) ? length : -1;
            }
            finally
            {
                stream.Dispose();
            }
        }

        private bool Verify(string path, byte[] data, int length)
        {
            FileStream stream = new FileStream(path, FileMode.Open, FileAccess.Read);
            try
            {
                if (stream.Length != HeaderBytes + (long)length)
                {
                    return false;
                }

                // _header still holds what Replace wrote
                int expectedLength = GetInt(4);
                uint expectedCrc = (uint)GetInt(8);
                if (ReadFully(stream, _header, 0, HeaderBytes) != HeaderBytes || GetInt(4) != expectedLength || (uint)GetInt(8) != expectedCrc)
                {
                    return false;
                }

                int done = 0;
                while (done < length)
                {
                    int count = length - done < ChunkBytes ? length - done : ChunkBytes;
                    if (ReadFully(stream, _chunk, 0, count) != count)
                    {
                        return false;
                    }

                    for (int i = 0; i < count; i++)
                    {
                        if (_chunk[i] != data[done + i])
                        {
                            return false;
                        }
                    }

                    done += count;
                }

                return true;
            }
            finally
            {
                stream.Dispose();
            }
        }

        private static int ReadFully(FileStream stream, byte[] buffer, int offset, int count)
        {
            int done = 0;
            while (done < count)
            {
                int read = stream.Read(buffer, offset + done, count - done);
                if (read <= 0)
                {
                    break;
                }

                done += read;
            }

            return done;
        }

        private void FillHeader(int length, uint crc)
        {
            _header[0] = Magic0;
            _header[1] = Magic1;
            _header[2] = Magic2;
            _header[3] = Magic3;
            SetInt(4, length);
            SetInt(8, (int)crc);
        }

        private void SetInt(int offset, int value)
        {
            _header[offset] = (byte)value;
            _header[offset + 1] = (byte)(value >> 8);
            _header[offset + 2] = (byte)(value >> 16);
            _header[offset + 3] = (byte)(value >> 24);
        }

        private int GetInt(int offset)
        {
            return _header[offset] | (_header[offset + 1] << 8) | (_header[offset + 2] << 16) | (_header[offset + 3] << 24);
        }

        // CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), bit by bit: no table to keep in RAM.
        private static uint Crc32(uint crc, byte[] data, int offset, int count)
        {
            for (int i = 0; i < count; i++)
            {
                crc ^= data[offset + i];
                for (int bit = 0; bit < 8; bit++)
                {
                    crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
                }
            }

            return crc;
        }
    }
}
