namespace BatteryShift.Hal
{
    /// <summary>
    /// Non-volatile key/blob store. <see cref="Replace"/> is atomic: after a power cut at any moment a
    /// key holds either its old or its new content, never a mix.
    /// </summary>
    public interface IBlobStore
    {
        /// <summary>
        /// Reads a blob.
        /// </summary>
        /// <param name="key">Short ASCII name.</param>
        /// <param name="buffer">Destination; must be large enough.</param>
        /// <returns>Length read; -1 when the key is absent; -2 when the blob is larger than the buffer;
        /// <see cref="BlobRead.Damaged"/> (-3) when the key is present but its content fails the store's own check (a reader
        /// must treat it as corrupt, never as absent: a lost record is not a record that never existed).</returns>
        int Read(string key, byte[] buffer);

        /// <summary>
        /// Replaces a blob atomically (write new, verify, then swap).
        /// </summary>
        /// <param name="key">Short ASCII name.</param>
        /// <param name="data">Source.</param>
        /// <param name="length">Bytes of <paramref name="data"/> to store.</param>
        /// <returns>True when the new content is stored and verified.</returns>
        bool Replace(string key, byte[] data, int length);

        /// <summary>
        /// Removes a blob.
        /// </summary>
        /// <param name="key">Short ASCII name.</param>
        /// <returns>True when the key existed.</returns>
        bool Delete(string key);
    }
}
