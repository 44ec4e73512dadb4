// EMULATION of nanoFramework.System.IO.Streams 1.1.96 (System.IO/Stream.cs): the abstract members the file system's
// streams implement, and Dispose/Close.
namespace System.IO
{
    /// <summary>A sequence of bytes.</summary>
    public abstract class Stream : IDisposable
    {
        /// <summary>True when the stream can be read.</summary>
        public abstract bool CanRead { get; }

        /// <summary>True when the stream can be written.</summary>
        public abstract bool CanWrite { get; }

        /// <summary>Length in bytes.</summary>
        public abstract long Length { get; }

        /// <summary>Current position.</summary>
        public abstract long Position { get; set; }

        /// <summary>Writes buffered data out.</summary>
        public abstract void Flush();

        /// <summary>Reads up to <paramref name="count"/> bytes.</summary>
        /// <param name="buffer">Destination.</param>
        /// <param name="offset">First index.</param>
        /// <param name="count">Most bytes.</param>
        /// <returns>Bytes read, 0 at the end.</returns>
        public abstract int Read(byte[] buffer, int offset, int count);

        /// <summary>Writes bytes.</summary>
        /// <param name="buffer">Source.</param>
        /// <param name="offset">First byte.</param>
        /// <param name="count">Bytes.</param>
        public abstract void Write(byte[] buffer, int offset, int count);

        /// <summary>Closes the stream.</summary>
        public virtual void Close()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        /// <summary>Closes the stream.</summary>
        public void Dispose()
        {
            Close();
        }

        /// <summary>Releases the stream's resources.</summary>
        /// <param name="disposing">True from Dispose.</param>
        protected virtual void Dispose(bool disposing)
        {
        }
    }
}
