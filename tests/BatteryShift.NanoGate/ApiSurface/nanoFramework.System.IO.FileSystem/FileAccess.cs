// Surface of nanoFramework.System.IO.FileSystem 1.1.93: the values used, with the package's values.
namespace System.IO
{
    [Flags]
    public enum FileAccess
    {
        Read = 1,
        Write = 2,
    }
}
