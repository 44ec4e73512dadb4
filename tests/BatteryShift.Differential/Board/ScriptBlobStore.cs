using System;
using BatteryShift.Hal;

namespace BatteryShift.Differential.Board
{
    /// <summary>Flash of the scripted board: named blobs, each write marked until the scenario has traced it.</summary>
    public sealed class ScriptBlobStore : IBlobStore
    {
        /// <summary>Blob slots.</summary>
        public const int Slots = 12;

        private readonly string[] _keys = new string[Slots];
        private readonly byte[][] _data = new byte[Slots][];
        private readonly int[] _length = new int[Slots];
        private readonly bool[] _dirty = new bool[Slots];

        /// <summary>An empty flash.</summary>
        public ScriptBlobStore()
        {
            // unset string-array elements do not compare equal to null on nanoFramework's interpreter (see Unset
            // in ConfigSchema): every key starts as an assigned null
            for (int i = 0; i < Slots; i++)
            {
                _keys[i] = null;
            }
        }

        /// <summary>Blob key in a slot (null when unused).</summary>
        public string Key(int slot)
        {
            return _keys[slot];
        }

        /// <summary>Blob bytes in a slot (null after a delete).</summary>
        public byte[] Data(int slot)
        {
            return _data[slot];
        }

        /// <summary>Blob length in a slot.</summary>
        public int Length(int slot)
        {
            return _length[slot];
        }

        /// <summary>True when the slot was written or deleted since <see cref="ClearDirty"/>.</summary>
        public bool Dirty(int slot)
        {
            return _dirty[slot];
        }

        /// <summary>Marks every slot as traced.</summary>
        public void ClearDirty()
        {
            for (int i = 0; i < Slots; i++)
            {
                _dirty[i] = false;
            }
        }

        /// <inheritdoc/>
        public int Read(string key, byte[] buffer)
        {
            int slot = Find(key);
            if (slot < 0 || _data[slot] == null)
            {
                return -1;
            }

            if (_length[slot] > buffer.Length)
            {
                return -2;
            }

            Array.Copy(_data[slot], buffer, _length[slot]);
            return _length[slot];
        }

        /// <inheritdoc/>
        public bool Replace(string key, byte[] data, int length)
        {
            int slot = Find(key);
            if (slot < 0)
            {
                slot = Free();
                if (slot < 0)
                {
                    return false;
                }

                _keys[slot] = key;
            }

            if (_data[slot] == null || _data[slot].Length < length)
            {
                _data[slot] = new byte[length];
            }

            Array.Copy(data, _data[slot], length);
            _length[slot] = length;
            _dirty[slot] = true;
            return true;
        }

        /// <inheritdoc/>
        public bool Delete(string key)
        {
            int slot = Find(key);
            if (slot < 0 || _data[slot] == null)
            {
                return false;
            }

            _data[slot] = null;
            _length[slot] = 0;
            _dirty[slot] = true;
            return true;
        }

        private int Find(string key)
        {
            for (int i = 0; i < Slots; i++)
            {
                if (_keys[i] != null && _keys[i] == key)
                {
                    return i;
                }
            }

            return -1;
        }

        private int Free()
        {
            for (int i = 0; i < Slots; i++)
            {
                if (_keys[i] == null)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
