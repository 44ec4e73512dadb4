// Surface of nanoFramework.System.IO.FileSystem 1.1.93: the values used, with the package's values.
namespace System.IO
{
    public enum FileMode
    {
        Create = 2,
        Open = 3,
    }
}
