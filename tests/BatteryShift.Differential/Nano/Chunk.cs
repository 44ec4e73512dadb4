namespace BatteryShift.Differential.Nano
{
    /// <summary>A link of the ballast chain that fills the heap for the allocation windows.</summary>
    public sealed class Chunk
    {
        /// <summary>Allocates a chunk in front of a chain.</summary>
        public Chunk(int bytes, Chunk next)
        {
            Data = new byte[bytes];
            Next = next;
        }

        /// <summary>The chunk's bytes.</summary>
        public byte[] Data { get; }

        /// <summary>The rest of the chain.</summary>
        public Chunk Next { get; }
    }
}
