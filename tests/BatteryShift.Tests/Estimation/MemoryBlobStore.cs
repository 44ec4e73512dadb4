using System;
using System.Collections.Generic;
using BatteryShift.Hal;

namespace BatteryShift.Tests.Estimation
{
    /// <summary>A blob store in memory, for the estimator's persistence tests.</summary>
    internal sealed class MemoryBlobStore : IBlobStore
    {
        private readonly Dictionary<string, byte[]> _blobs = new Dictionary<string, byte[]>();

        public int Writes { get; private set; }

        public int Read(string key, byte[] buffer)
        {
            if (!_blobs.TryGetValue(key, out byte[]? data))
            {
                return -1;
            }

            if (data.Length > buffer.Length)
            {
                return -2;
            }

            Array.Copy(data, buffer, data.Length);
            return data.Length;
        }

        public bool Replace(string key, byte[] data, int length)
        {
            var copy = new byte[length];
            Array.Copy(data, copy, length);
            _blobs[key] = copy;
            Writes++;
            return true;
        }

        public bool Delete(string key)
        {
            return _blobs.Remove(key);
        }

        /// <summary>Flips one bit of a stored blob (a flash error).</summary>
        public void Corrupt(string key, int byteIndex)
        {
            _blobs[key][byteIndex] ^= 0x10;
        }
    }
}
