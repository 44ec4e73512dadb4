// Surface of nanoFramework.System.IO.FileSystem 1.1.93.
namespace System.IO
{
    public class FileStream : Stream
    {
        public FileStream(string path, FileMode mode, FileAccess access)
        {
            throw new NotImplementedException();
        }
    }
}
