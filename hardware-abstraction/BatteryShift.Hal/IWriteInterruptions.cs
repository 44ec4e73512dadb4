namespace BatteryShift.Hal
{
    /// <summary>
    /// Optional companion of <see cref="IBlobStore"/>: what a store found of a <see cref="IBlobStore.Replace"/> that a
    /// reset cut short. The store stays atomic (the key keeps its old content); this says that new content was on
    /// its way, so a reader whose record must not go stale (the fault log) knows it may be missing the newest one.
    /// </summary>
    public interface IWriteInterruptions
    {
        /// <summary>
        /// True, once, when the last replace of a key was cut short by a reset (found at the first access to the key
        /// after the reset); the evidence is consumed by the call.
        /// </summary>
        /// <param name="key">Short ASCII name.</param>
        /// <returns>True when a write of the key was interrupted and not reported since.</returns>
        bool TakeInterrupted(string key);
    }
}
