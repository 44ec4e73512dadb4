namespace BatteryShift.Bms.Config
{
    /// <summary>
    /// Configuration keys of protection limits (keys 10..79).
    /// </summary>
    public static class ProtectionKeys
    {
        internal static void Define()
        {
        }

        /// <summary>
        /// Rules between protection keys (warning below alarm below fault, release beyond trip).
        /// </summary>
        /// <param name="config">The configuration the value would go into.</param>
        /// <param name="key">Key index.</param>
        /// <param name="value">Proposed value, already within the key's range.</param>
        /// <returns>A <see cref="ResultCode"/>.</returns>
        internal static int CheckRelations(BmsConfig config, int key, int value)
        {
            return ResultCode.Ok;
        }
    }
}
