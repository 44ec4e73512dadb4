// EMULATION of nanoFramework.System.IO.FileSystem 1.1.93 (System.IO.FileSystem/FileAccess.cs): the package's values.
namespace System.IO
{
    /// <summary>Access to a file.</summary>
    [Flags]
    public enum FileAccess
    {
        /// <summary>Read.</summary>
        Read = 1,

        /// <summary>Write.</summary>
        Write = 2,

        /// <summary>Read and write.</summary>
        ReadWrite = 3,
    }
}
