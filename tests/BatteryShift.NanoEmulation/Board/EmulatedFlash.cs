using System;
using System.Collections.Generic;
using BatteryShift.NanoEmulation.Native;

namespace BatteryShift.NanoEmulation.Board
{
    /// <summary>
    /// The internal flash volume (drive I:) in memory: it outlives a reboot of the emulated device. Capacity is the
    /// file-system partition of a 4 MB ESP32 module less the volume's own blocks; each file takes whole 4 KiB blocks
    /// plus one for its metadata (littlefs keeps a file's metadata in a pair of blocks). Counts program operations.
    /// </summary>
    public sealed class EmulatedFlash : IFlashStore
    {
        private const int BlockBytes = 4096;
        private readonly Dictionary<string, byte[]> _files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        private readonly object _sync = new object();

        /// <summary>A volume of the given size.</summary>
        /// <param name="capacityBytes">Bytes the files may take (blocks included).</param>
        public EmulatedFlash(int capacityBytes = 256 * 1024)
        {
            CapacityBytes = capacityBytes;
        }

        /// <summary>Volume size.</summary>
        public int CapacityBytes { get; set; }

        /// <summary>Program operations (writes) since creation.</summary>
        public long Writes { get; private set; }

        /// <summary>The files.</summary>
        public IReadOnlyCollection<string> Paths
        {
            get
            {
                lock (_sync)
                {
                    return new List<string>(_files.Keys);
                }
            }
        }

        /// <inheritdoc />
        public int Length(string path)
        {
            lock (_sync)
            {
                return _files.TryGetValue(path, out byte[]? data) ? data.Length : -1;
            }
        }

        /// <inheritdoc />
        public byte[] Read(string path)
        {
            lock (_sync)
            {
                return _files.TryGetValue(path, out byte[]? data) ? (byte[])data.Clone() : null!;
            }
        }

        /// <inheritdoc />
        public bool Write(string path, byte[] data, int length)
        {
            lock (_sync)
            {
                int used = 0;
                foreach (KeyValuePair<string, byte[]> file in _files)
                {
                    if (file.Key != path)
                    {
                        used += Blocks(file.Value.Length);
                    }
                }

                if (used + Blocks(length) > CapacityBytes)
                {
                    return false;
                }

                byte[] copy = new byte[length];
                Array.Copy(data, copy, length);
                _files[path] = copy;
                Writes++;
                return true;
            }
        }

        /// <inheritdoc />
        public bool Delete(string path)
        {
            lock (_sync)
            {
                Writes++;
                return _files.Remove(path);
            }
        }

        /// <inheritdoc />
        public bool Rename(string from, string to)
        {
            lock (_sync)
            {
                if (!_files.Remove(from, out byte[]? data))
                {
                    return false;
                }

                _files[to] = data;
                Writes++;
                return true;
            }
        }

        /// <summary>Test hook: flips bits of a stored byte.</summary>
        /// <param name="path">File.</param>
        /// <param name="index">Byte.</param>
        public void Corrupt(string path, int index)
        {
            lock (_sync)
            {
                _files[path][index] ^= 0xFF;
            }
        }

        private static int Blocks(int length) => (((length + BlockBytes - 1) / BlockBytes) + 1) * BlockBytes;
    }
}
