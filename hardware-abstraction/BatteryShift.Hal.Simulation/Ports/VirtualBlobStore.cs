using System;
using System.Collections.Generic;

namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// The non-volatile store in memory; it survives board resets (it belongs to the module, not to the firmware
    /// run). <see cref="Replace"/> is atomic. Test hooks: inspect, set and corrupt blobs, and cut the power during
    /// the next Replace (the key keeps its old content, the board resets, and the interrupted write is reported
    /// once through <see cref="IWriteInterruptions"/>, as the ESP32 store finds its unfinished "key.new").
    /// </summary>
    public sealed class VirtualBlobStore : IBlobStore, IWriteInterruptions
    {
        private readonly VirtualModule _module;
        private readonly Dictionary<string, byte[]> _blobs = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        private readonly HashSet<string> _interrupted = new HashSet<string>(StringComparer.Ordinal);
        private bool _cutPowerOnNextReplace;

        internal VirtualBlobStore(VirtualModule module)
        {
            _module = module;
        }

        /// <summary>Successful replaces since the start (flash wear indicator).</summary>
        public long ReplaceCount { get; private set; }

        /// <summary>The stored keys.</summary>
        public IReadOnlyCollection<string> Keys => _blobs.Keys;

        /// <inheritdoc />
        public int Read(string key, byte[] buffer)
        {
            if (!_blobs.TryGetValue(key, out byte[]? blob))
            {
                return -1;
            }

            if (blob.Length > buffer.Length)
            {
                return -2;
            }

            Buffer.BlockCopy(blob, 0, buffer, 0, blob.Length);
            return blob.Length;
        }

        /// <inheritdoc />
        public bool Replace(string key, byte[] data, int length)
        {
            if (_module.RestartPending)
            {
                return false;
            }

            if (_cutPowerOnNextReplace)
            {
                _cutPowerOnNextReplace = false;
                _interrupted.Add(key);
                _module.TriggerBrownOut();
                return false;
            }

            byte[] copy = new byte[length];
            Buffer.BlockCopy(data, 0, copy, 0, length);
            _blobs[key] = copy;
            ReplaceCount++;
            return true;
        }

        /// <inheritdoc />
        public bool Delete(string key)
        {
            if (_module.RestartPending)
            {
                return false;
            }

            return _blobs.Remove(key);
        }

        /// <inheritdoc />
        public bool TakeInterrupted(string key)
        {
            return _interrupted.Remove(key);
        }

        /// <summary>Test hook: a copy of a blob, or null.</summary>
        /// <param name="key">Key.</param>
        /// <returns>Copy or null.</returns>
        public byte[]? Peek(string key)
        {
            return _blobs.TryGetValue(key, out byte[]? blob) ? (byte[])blob.Clone() : null;
        }

        /// <summary>Test hook: stores a blob directly.</summary>
        /// <param name="key">Key.</param>
        /// <param name="data">Content.</param>
        public void Set(string key, byte[] data)
        {
            _blobs[key] = (byte[])data.Clone();
        }

        /// <summary>Test hook: flips bits of one stored byte (flash corruption).</summary>
        /// <param name="key">Key.</param>
        /// <param name="byteIndex">Byte to corrupt.</param>
        /// <param name="xorMask">Bits to flip.</param>
        /// <returns>True when the key and byte existed.</returns>
        public bool Corrupt(string key, int byteIndex, byte xorMask = 0xFF)
        {
            if (!_blobs.TryGetValue(key, out byte[]? blob) || byteIndex < 0 || byteIndex >= blob.Length)
            {
                return false;
            }

            blob[byteIndex] ^= xorMask;
            return true;
        }

        /// <summary>Test hook: the next Replace loses power part-way: the old content stays and the board resets.</summary>
        public void CutPowerDuringNextReplace()
        {
            _cutPowerOnNextReplace = true;
        }

        /// <summary>Test hook: erases everything (a factory-fresh flash).</summary>
        public void Erase()
        {
            _blobs.Clear();
            _interrupted.Clear();
        }
    }
}
