namespace BatteryShift.Hal
{
    /// <summary>
    /// The negative results of <see cref="IBlobStore.Read"/>.
    /// </summary>
    public static class BlobRead
    {
        /// <summary>The key holds nothing.</summary>
        public const int Absent = -1;

        /// <summary>The blob is larger than the buffer given.</summary>
        public const int TooLarge = -2;

        /// <summary>The key is present but its content fails the store's own check (flash damage, a torn file).</summary>
        public const int Damaged = -3;
    }
}
