// EMULATION. The native side of System.IO.FileSystem on an ESP32 target's internal flash (drive I:), after
// nf-interpreter src/System.IO.FileSystem (nf_sys_io_filesystem_System_IO_File.cpp, ..._NativeFileStream.cpp) and the
// managed checks of nanoFramework.System.IO.FileSystem 1.1.93 (File.cs, FileStream.cs): the error codes are those of
// CoreLibrary's IOException.IOExceptionErrorCode (System/IO/IOException.cs).
using BatteryShift.NanoEmulation.Native;

namespace System.IO
{
    [BatteryShift.NanoEmulation.EmulatesNative]
    internal static class FlashFiles
    {
        internal const int Others = unchecked((int)0xE0000000);
        internal const int FileNotFound = unchecked((int)0xE2000000);
        internal const int DirectoryNotFound = unchecked((int)0xE3000000);
        internal const int VolumeNotFound = unchecked((int)0xE4000000);
        internal const int PathAlreadyExists = unchecked((int)0xE8000000);

        private const string Drive = "I:\\";

        internal static IFlashStore Volume(string path)
        {
            EmulatedEsp32.EnterNative();
            if (path == null)
            {
                throw new ArgumentNullException();
            }

            if (path.Length < Drive.Length || path.Substring(0, Drive.Length).ToUpper() != Drive)
            {
                // only the internal flash is mounted on the BMU-16 (no SD card)
                throw new IOException(string.Empty, VolumeNotFound);
            }

            if (path.IndexOf('\\', Drive.Length) >= 0)
            {
                // the store keeps its files in the root; sub-folders are never created
                throw new IOException(string.Empty, DirectoryNotFound);
            }

            return EmulatedEsp32.Flash;
        }
    }
}
