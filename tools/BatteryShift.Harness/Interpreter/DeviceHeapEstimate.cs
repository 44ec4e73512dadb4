namespace BatteryShift.Harness.Interpreter
{
    /// <summary>
    /// The core's start-up heap on the ESP32 from the 64-bit host's census. Every object on nanoCLR's heap is a whole
    /// number of heap blocks: 24 bytes on the 64-bit host, 12 on the ESP32. Objects made of blocks (class instances:
    /// a header block and one block per field; arrays of references; boxed values) take the same number of blocks on
    /// both, so half the host's bytes. Arrays of numbers and booleans and the text of strings keep their bytes (only
    /// the array header, 32 bytes on the host and 20 on the ESP32, and the rounding to a block shrink): counting them
    /// at the host's size gives an upper bound, halving them a lower one.
    /// </summary>
    public sealed class DeviceHeapEstimate
    {
        private DeviceHeapEstimate(long hostBytes, long packedBytes, long stringBytes)
        {
            HostBytes = hostBytes;
            PackedBytes = packedBytes;
            StringBytes = stringBytes;
        }

        /// <summary>Live bytes added on the host (every type but free blocks).</summary>
        public long HostBytes { get; }

        /// <summary>Of those, arrays of numbers and booleans.</summary>
        public long PackedBytes { get; }

        /// <summary>Of those, strings.</summary>
        public long StringBytes { get; }

        /// <summary>ESP32 bytes at most: block-made objects halved, packed arrays and strings at the host's size.</summary>
        public long UpperBytes => ((HostBytes - PackedBytes - StringBytes) / 2) + PackedBytes + StringBytes;

        /// <summary>ESP32 bytes at least: everything halved.</summary>
        public long LowerBytes => HostBytes / 2;

        /// <summary>The estimate from two censuses of the live heap.</summary>
        public static DeviceHeapEstimate From(HeapCensus before, HeapCensus after)
        {
            long host = 0;
            foreach (string type in Union(before, after))
            {
                if (type != "FREEBLOCK")
                {
                    host += after.Of(type) - before.Of(type);
                }
            }

            long packed = 0;
            foreach (string element in after.ArrayElements.Keys)
            {
                if (HeapCensus.IsPacked(element))
                {
                    packed += after.OfArrays(element) - before.OfArrays(element);
                }
            }

            return new DeviceHeapEstimate(host, packed, after.Of("STRING") - before.Of("STRING"));
        }

        private static System.Collections.Generic.IEnumerable<string> Union(HeapCensus a, HeapCensus b)
        {
            var names = new System.Collections.Generic.HashSet<string>(a.Types.Keys);
            names.UnionWith(b.Types.Keys);
            return names;
        }
    }
}
