using System;
using System.Collections.Generic;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace BatteryShift.Bench.Benchmarks.Device
{
    /// <summary>
    /// Walks the objects the core holds after start-up (from a root object and the static fields of the core's
    /// assembly) and sizes them twice: as the 64-bit CLR lays them out, and as nanoFramework's heap does.
    /// </summary>
    /// <remarks>
    /// nanoFramework model (nf-interpreter, 32-bit targets): the heap is made of 12-byte blocks
    /// (CLR_RT_HeapBlock) and every allocation is a whole number of blocks. A class instance is one header block
    /// plus one block per instance field, whatever the field's type. An array is a 20-byte header
    /// (CLR_RT_HeapBlock_Array) plus its elements: packed at their own size for primitive elements, one block each
    /// otherwise. A string built at run time is a header block plus its UTF-8 bytes and a terminator; a literal
    /// (ldstr) keeps its text in the assembly in flash and costs the header block only. CLR model (x64): 16-byte
    /// object header, fields at their natural size, 8-byte alignment, arrays 24 bytes plus elements, strings
    /// 22 bytes plus two bytes per character.
    /// </remarks>
    internal sealed class HeapModel
    {
        private const int NanoBlock = 12;
        private const int NanoArrayHeader = 20;

        private readonly HashSet<object> _seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        private readonly Stack<(object Value, string Owner)> _pending = new Stack<(object Value, string Owner)>();
        private readonly Func<Type, bool> _owned;

        /// <summary>Makes a walker.</summary>
        /// <param name="owned">True for the types whose objects belong to the core (walked into).</param>
        public HeapModel(Func<Type, bool> owned)
        {
            _owned = owned;
        }

        public long ClrBytes { get; private set; }

        public long NanoBytes { get; private set; }

        public int Objects { get; private set; }

        /// <summary>Objects of at least 1 KB in the nanoFramework layout, with the field that holds them.</summary>
        public List<(string Owner, long NanoBytes)> Large { get; } = new List<(string Owner, long NanoBytes)>();

        /// <summary>Bytes in both layouts and object count per holding field (elements of an array under the array's field).</summary>
        public Dictionary<string, (long NanoBytes, long ClrBytes, int Count)> ByOwner { get; } = new Dictionary<string, (long NanoBytes, long ClrBytes, int Count)>();

        /// <summary>nanoFramework-layout bytes and object count per type (arrays by element type).</summary>
        public Dictionary<string, (long NanoBytes, int Count)> ByType { get; } = new Dictionary<string, (long NanoBytes, int Count)>();

        /// <summary>Adds an object graph.</summary>
        public void AddRoot(object? root)
        {
            Push(root, "root");
            Drain();
        }

        /// <summary>Adds what the static fields of an assembly's types hold.</summary>
        public void AddStatics(Assembly assembly)
        {
            foreach (Type type in assembly.GetTypes())
            {
                if (type.IsGenericTypeDefinition)
                {
                    continue;
                }

                foreach (FieldInfo field in type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (!field.IsLiteral && !field.FieldType.IsValueType)
                    {
                        Push(field.GetValue(null), type.Name + "." + field.Name);
                    }
                }
            }

            Drain();
        }

        private void Push(object? value, string owner)
        {
            if (value == null || value is Pointer || !_seen.Add(value))
            {
                return;
            }

            Type type = value.GetType();
            if (!(type.IsArray || value is string || _owned(type) || type == typeof(object)))
            {
                return;
            }

            _pending.Push((value, owner));
        }

        private void Drain()
        {
            while (_pending.Count > 0)
            {
                (object value, string owner) = _pending.Pop();
                Objects++;
                long nanoBefore = NanoBytes;
                long clrBefore = ClrBytes;
                if (value is string text)
                {
                    ClrBytes += Align(22 + (2L * text.Length), 8);
                    // a literal is the interned instance itself; a string built at run time with the same text is not
                    bool literal = ReferenceEquals(string.IsInterned(text), text);
                    NanoBytes += literal ? NanoBlock : Align(NanoBlock + System.Text.Encoding.UTF8.GetByteCount(text) + 1, NanoBlock);
                }
                else if (value is Array array)
                {
                    Type element = array.GetType().GetElementType()!;
                    int clrElement = element.IsValueType ? ClrSize(element) : 8;
                    int nanoElement = element.IsPrimitive ? ClrSize(element) : NanoBlock;
                    ClrBytes += Align(24 + ((long)clrElement * array.Length), 8);
                    NanoBytes += Align(NanoArrayHeader + ((long)nanoElement * array.Length), NanoBlock);
                    if (!element.IsValueType)
                    {
                        foreach (object? item in array)
                        {
                            Push(item, owner + "[]");
                        }
                    }
                }
                else
                {
                    long fieldBytes = 0;
                    int fields = 0;
                    foreach (FieldInfo field in InstanceFields(value.GetType()))
                    {
                        fields++;
                        fieldBytes += field.FieldType.IsValueType ? ClrSize(field.FieldType) : 8;
                        if (!field.FieldType.IsValueType)
                        {
                            Push(field.GetValue(value), field.DeclaringType!.Name + "." + field.Name);
                        }
                    }

                    ClrBytes += Math.Max(24, Align(16 + fieldBytes, 8));
                    NanoBytes += NanoBlock * (1L + fields);
                }

                if (NanoBytes - nanoBefore >= 1024)
                {
                    Large.Add((owner, NanoBytes - nanoBefore));
                }

                string holder = owner.TrimEnd('[', ']');
                ByOwner.TryGetValue(holder, out (long NanoBytes, long ClrBytes, int Count) held);
                ByOwner[holder] = (held.NanoBytes + NanoBytes - nanoBefore, held.ClrBytes + ClrBytes - clrBefore, held.Count + 1);
                string name = value.GetType().Name;
                ByType.TryGetValue(name, out (long NanoBytes, int Count) sum);
                ByType[name] = (sum.NanoBytes + NanoBytes - nanoBefore, sum.Count + 1);
            }
        }

        private static IEnumerable<FieldInfo> InstanceFields(Type type)
        {
            for (Type? t = type; t != null && t != typeof(object); t = t.BaseType)
            {
                foreach (FieldInfo field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    yield return field;
                }
            }
        }

        private static int ClrSize(Type valueType)
        {
            if (valueType.IsEnum)
            {
                valueType = Enum.GetUnderlyingType(valueType);
            }

            if (valueType == typeof(bool) || valueType == typeof(byte) || valueType == typeof(sbyte))
            {
                return 1;
            }

            if (valueType == typeof(char) || valueType == typeof(short) || valueType == typeof(ushort))
            {
                return 2;
            }

            if (valueType == typeof(int) || valueType == typeof(uint) || valueType == typeof(float))
            {
                return 4;
            }

            if (valueType == typeof(long) || valueType == typeof(ulong) || valueType == typeof(double) || valueType == typeof(IntPtr))
            {
                return 8;
            }

            return Math.Max(1, (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(valueType).Invoke(null, null)!);
        }

        private static long Align(long value, int to)
        {
            return (value + to - 1) / to * to;
        }
    }
}
