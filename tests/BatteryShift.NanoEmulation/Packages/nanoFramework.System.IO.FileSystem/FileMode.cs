// EMULATION of nanoFramework.System.IO.FileSystem 1.1.93 (System.IO.FileSystem/FileMode.cs): the package's values.
namespace System.IO
{
    /// <summary>How a file is opened.</summary>
    public enum FileMode
    {
        /// <summary>A new file; IOException when it exists.</summary>
        CreateNew = 1,

        /// <summary>A new file, or the existing one truncated.</summary>
        Create = 2,

        /// <summary>An existing file; IOException when absent.</summary>
        Open = 3,

        /// <summary>The existing file, or a new one.</summary>
        OpenOrCreate = 4,

        /// <summary>An existing file, truncated.</summary>
        Truncate = 5,

        /// <summary>Opened for writing at its end (created when absent).</summary>
        Append = 6,
    }
}
