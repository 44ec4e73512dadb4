namespace BatteryShift.NanoEmulation.Native
{
    /// <summary>
    /// EMULATION. The internal flash partition behind drive I: (a littlefs/SPIFFS volume on ESP32 targets): whole
    /// files by normalized path, a capacity, and a count of program operations. It outlives a reboot of the
    /// emulated device, as flash does. The file-system semantics (what throws which IOException) live in the
    /// emulated System.IO.FileSystem package.
    /// </summary>
    public interface IFlashStore
    {
        /// <summary>Length of a file, -1 when absent.</summary>
        /// <param name="path">Full path, for example "I:\\config.bin".</param>
        /// <returns>Bytes or -1.</returns>
        int Length(string path);

        /// <summary>A copy of a file's content, null when absent.</summary>
        /// <param name="path">Full path.</param>
        /// <returns>Content or null.</returns>
        byte[] Read(string path);

        /// <summary>Replaces a file's content (one program operation); false when the volume has no room.</summary>
        /// <param name="path">Full path.</param>
        /// <param name="data">Content.</param>
        /// <param name="length">Bytes of <paramref name="data"/>.</param>
        /// <returns>True when written.</returns>
        bool Write(string path, byte[] data, int length);

        /// <summary>Removes a file.</summary>
        /// <param name="path">Full path.</param>
        /// <returns>True when it existed.</returns>
        bool Delete(string path);

        /// <summary>Renames a file (the caller has checked that the target is free).</summary>
        /// <param name="from">Existing path.</param>
        /// <param name="to">New path.</param>
        /// <returns>True when renamed.</returns>
        bool Rename(string from, string to);
    }
}
