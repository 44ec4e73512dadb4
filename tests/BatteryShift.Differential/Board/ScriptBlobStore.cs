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

        // slots in use, apart from the keys: a string-array element compared with null can come out wrong on
        // nanoFramework's interpreter (see ConfigSchema)
        private readonly bool[] _used = new bool[Slots];
        private readonly bool[] _present = new bool[Slots];

        /// <summary>Blob key in a slot (null when unused, see <see cref="Dirty"/>).</summary>
        public string Key(int slot)
        {
            return _keys[slot];
        }

        /// <summary>True when the slot holds a blob (false after a delete).</summary>
        public bool Present(int slot)
        {
            return _present[slot];
        }

        /// <summary>Blob bytes in a slot (valid while <see cref="Present"/>).</summary>
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
            if (slot < 0 || !_present[slot])
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
                _used[slot] = true;
            }

            if (!_present[slot] || _data[slot].Length < length)
            {
                _data[slot] = new byte[length];
            }

            Array.Copy(data, _data[slot], length);
            _present[slot] = true;
            _length[slot] = length;
            _dirty[slot] = true;
            return true;
        }

        /// <inheritdoc/>
        public bool Delete(string key)
        {
            int slot = Find(key);
            if (slot < 0 || !_present[slot])
            {
                return false;
            }

            _present[slot] = false;
            _length[slot] = 0;
            _dirty[slot] = true;
            return true;
        }

        private int Find(string key)
        {
            for (int i = 0; i < Slots; i++)
            {
                if (_used[i] && _keys[i] == key)
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
                if (!_used[i])
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
