using System;
using System.Collections.Generic;
using System.Globalization;

namespace BatteryShift.Harness.Interpreter
{
    /// <summary>
    /// The collector's census of the live heap (nanoCLR built with NANOCLR_TRACE_MEMORY_STATS and NANOCLR_GC_VERBOSE):
    /// bytes per data type in the host's layout, arrays also by element type.
    /// </summary>
    public sealed class HeapCensus
    {
        /// <summary>Heap block on the 64-bit POSIX host (CLR_RT_HeapBlock: 4-byte id, padding, 16-byte data).</summary>
        public const int HostBlockBytes = 24;

        /// <summary>Heap block on the ESP32 and every 32-bit target (three 32-bit words).</summary>
        public const int DeviceBlockBytes = 12;

        /// <summary>Bytes per top-level data type name (CLASS, STRING, SZARRAY, FREEBLOCK, ...).</summary>
        public Dictionary<string, long> Types { get; } = new Dictionary<string, long>(StringComparer.Ordinal);

        /// <summary>Bytes of arrays per element type name.</summary>
        public Dictionary<string, long> ArrayElements { get; } = new Dictionary<string, long>(StringComparer.Ordinal);

        /// <summary>Element types whose arrays hold their values packed (raw bytes, not heap blocks).</summary>
        public static bool IsPacked(string elementType)
        {
            switch (elementType)
            {
                case "BOOLEAN":
                case "I1":
                case "U1":
                case "char":
                case "CHAR":
                case "I2":
                case "U2":
                case "I4":
                case "U4":
                case "R4":
                case "I8":
                case "U8":
                case "R8":
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>Adds a census line: "Type 11 (CLASS  ):   2088 bytes", array elements indented.</summary>
        public void Add(string line)
        {
            int open = line.IndexOf('(', StringComparison.Ordinal);
            int close = line.IndexOf(')', StringComparison.Ordinal);
            if (open < 0 || close < open)
            {
                return;
            }

            string name = line.Substring(open + 1, close - open - 1).Trim();
            string rest = line.Substring(close + 1).Replace(":", string.Empty, StringComparison.Ordinal).Replace("bytes", string.Empty, StringComparison.Ordinal).Trim();
            long bytes = long.Parse(rest, NumberStyles.Integer, CultureInfo.InvariantCulture);
            if (line.StartsWith("   ", StringComparison.Ordinal))
            {
                ArrayElements[name] = bytes;
            }
            else
            {
                Types[name] = bytes;
            }
        }

        /// <summary>Bytes of a type (0 when absent).</summary>
        public long Of(string type)
        {
            return Types.TryGetValue(type, out long bytes) ? bytes : 0;
        }

        /// <summary>Bytes of arrays of an element type (0 when absent).</summary>
        public long OfArrays(string element)
        {
            return ArrayElements.TryGetValue(element, out long bytes) ? bytes : 0;
        }
    }
}
