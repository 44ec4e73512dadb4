// Surface of nanoFramework.System.IO.FileSystem 1.1.93 (assembly System.IO.FileSystem).
namespace System.IO
{
    public static class File
    {
        public static void Delete(string path)
        {
            throw new NotImplementedException();
        }

        public static bool Exists(string path)
        {
            throw new NotImplementedException();
        }

        public static void Move(string sourceFileName, string destFileName)
        {
            throw new NotImplementedException();
        }
    }
}
