// Surface of nanoFramework.System.IO.Streams 1.1.96 (assembly System.IO.Streams). In the package
// Read, Write and Length are abstract and Dispose comes with IDisposable; callers bind to these
// declarations either way.
namespace System.IO
{
    public abstract class Stream
    {
        public virtual long Length
        {
            get { throw new NotImplementedException(); }
        }

        public virtual int Read(byte[] buffer, int offset, int count)
        {
            throw new NotImplementedException();
        }

        public virtual void Write(byte[] buffer, int offset, int count)
        {
            throw new NotImplementedException();
        }

        public void Dispose()
        {
            throw new NotImplementedException();
        }
    }
}
