// EMULATION of nanoFramework.System.IO.FileSystem 1.1.93, System.IO.FileSystem/FileStream.cs with NativeFileStream: the
// mode decides whether the file must exist (Open, Truncate: IOException FileNotFound) or must not (CreateNew:
// PathAlreadyExists); Create truncates. Each Write programs the flash (a full volume is IOException, code Others, at
// that Write); a disposed stream throws ObjectDisposedException.
using BatteryShift.NanoEmulation.Native;

namespace System.IO
{
    /// <summary>A file on the flash drive.</summary>
    public class FileStream : Stream
    {
        private readonly string _path;
        private readonly bool _canRead;
        private readonly bool _canWrite;
        private byte[] _content;
        private int _length;
        private long _position;
        private bool _disposed;

        /// <summary>Opens or creates a file.</summary>
        /// <param name="path">Full path on I:.</param>
        /// <param name="mode">Mode.</param>
        /// <param name="access">Access.</param>
        /// <exception cref="IOException">The file is absent for Open/Truncate, present for CreateNew, or the drive is
        /// not I:.</exception>
        public FileStream(string path, FileMode mode, FileAccess access)
        {
            IFlashStore volume = FlashFiles.Volume(path);
            _path = path;
            _canRead = (access & FileAccess.Read) != 0;
            _canWrite = (access & FileAccess.Write) != 0;
            byte[] existing = volume.Read(path);
            if (existing == null && (mode == FileMode.Open || mode == FileMode.Truncate))
            {
                throw new IOException(string.Empty, FlashFiles.FileNotFound);
            }

            if (existing != null && mode == FileMode.CreateNew)
            {
                throw new IOException(string.Empty, FlashFiles.PathAlreadyExists);
            }

            bool truncate = mode == FileMode.Create || mode == FileMode.Truncate || mode == FileMode.CreateNew;
            if (existing == null || truncate)
            {
                _content = new byte[64];
                _length = 0;
                if (!volume.Write(path, _content, 0))
                {
                    throw new IOException(string.Empty, FlashFiles.Others);
                }
            }
            else
            {
                _content = existing;
                _length = existing.Length;
            }

            _position = mode == FileMode.Append ? _length : 0;
        }

        /// <inheritdoc/>
        public override bool CanRead
        {
            get { return _canRead && !_disposed; }
        }

        /// <inheritdoc/>
        public override bool CanWrite
        {
            get { return _canWrite && !_disposed; }
        }

        /// <inheritdoc/>
        public override long Length
        {
            get
            {
                CheckOpen();
                return _length;
            }
        }

        /// <inheritdoc/>
        public override long Position
        {
            get
            {
                CheckOpen();
                return _position;
            }

            set
            {
                CheckOpen();
                if (value < 0)
                {
                    throw new ArgumentOutOfRangeException();
                }

                _position = value;
            }
        }

        /// <summary>The path the stream was opened with.</summary>
        public string Name
        {
            get { return _path; }
        }

        /// <inheritdoc/>
        public override void Flush()
        {
            CheckOpen();
        }

        /// <inheritdoc/>
        public override int Read(byte[] buffer, int offset, int count)
        {
            CheckOpen();
            EmulatedEsp32.EnterNative();
            if (!_canRead)
            {
                throw new NotSupportedException();
            }

            CheckRange(buffer, offset, count);
            int available = _position >= _length ? 0 : (int)(_length - _position);
            int n = count < available ? count : available;
            Array.Copy(_content, (int)_position, buffer, offset, n);
            _position += n;
            return n;
        }

        /// <inheritdoc/>
        public override void Write(byte[] buffer, int offset, int count)
        {
            CheckOpen();
            EmulatedEsp32.EnterNative();
            if (!_canWrite)
            {
                throw new NotSupportedException();
            }

            CheckRange(buffer, offset, count);
            int end = (int)_position + count;
            if (end > _content.Length)
            {
                byte[] larger = new byte[end * 2];
                Array.Copy(_content, larger, _length);
                _content = larger;
            }

            Array.Copy(buffer, offset, _content, (int)_position, count);
            int newLength = end > _length ? end : _length;
            if (!EmulatedEsp32.Flash.Write(_path, _content, newLength))
            {
                throw new IOException(string.Empty, FlashFiles.Others);
            }

            _length = newLength;
            _position = end;
        }

        /// <inheritdoc/>
        protected override void Dispose(bool disposing)
        {
            _disposed = true;
        }

        private void CheckOpen()
        {
            if (_disposed)
            {
                throw new ObjectDisposedException("FileStream");
            }
        }

        private static void CheckRange(byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException();
            }

            if (offset < 0 || count < 0 || offset + count > buffer.Length)
            {
                throw new ArgumentOutOfRangeException();
            }
        }
    }
}
