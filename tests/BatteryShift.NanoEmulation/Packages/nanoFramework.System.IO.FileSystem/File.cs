// EMULATION of nanoFramework.System.IO.FileSystem 1.1.93, System.IO.FileSystem/File.cs: Exists is false for an absent
// file (and for a drive root), Delete of an absent file does nothing, Move throws IOException FileNotFound for an
// absent source and PathAlreadyExists when the target exists (it never overwrites).
namespace System.IO
{
    /// <summary>File operations.</summary>
    public static class File
    {
        /// <summary>True when the file exists.</summary>
        /// <param name="path">Full path.</param>
        /// <returns>Exists or not.</returns>
        public static bool Exists(string path)
        {
            try
            {
                return FlashFiles.Volume(path).Length(path) >= 0;
            }
            catch (IOException)
            {
                return false;
            }
        }

        /// <summary>Deletes a file; nothing happens when it is absent.</summary>
        /// <param name="path">Full path.</param>
        /// <exception cref="IOException">The folder or drive does not exist.</exception>
        public static void Delete(string path)
        {
            FlashFiles.Volume(path).Delete(path);
        }

        /// <summary>Renames a file.</summary>
        /// <param name="sourceFileName">Existing file.</param>
        /// <param name="destFileName">New name, which must not exist.</param>
        /// <exception cref="IOException">The source is absent, or the target exists.</exception>
        public static void Move(string sourceFileName, string destFileName)
        {
            FlashFiles.Volume(destFileName);
            if (FlashFiles.Volume(sourceFileName).Length(sourceFileName) < 0)
            {
                throw new IOException(string.Empty, FlashFiles.FileNotFound);
            }

            if (FlashFiles.Volume(destFileName).Length(destFileName) >= 0)
            {
                throw new IOException(string.Empty, FlashFiles.PathAlreadyExists);
            }

            if (!FlashFiles.Volume(sourceFileName).Rename(sourceFileName, destFileName))
            {
                throw new IOException(string.Empty, FlashFiles.Others);
            }
        }
    }
}
