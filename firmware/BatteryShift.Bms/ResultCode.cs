namespace BatteryShift.Bms
{
    /// <summary>
    /// Result codes shared by the console, MQTT commands and configuration changes.
    /// </summary>
    public static class ResultCode
    {
        /// <summary>Done.</summary>
        public const int Ok = 0;

        /// <summary>The command is not known.</summary>
        public const int UnknownCommand = 1;

        /// <summary>An argument is missing, extra or not a number.</summary>
        public const int BadArgument = 2;

        /// <summary>A value is outside its allowed range (or the chemistry's hard envelope).</summary>
        public const int OutOfRange = 3;

        /// <summary>Refused: the command changes state and remote control is off, or the state forbids it.</summary>
        public const int Refused = 4;

        /// <summary>The cause of a fault is still present.</summary>
        public const int CauseActive = 5;

        /// <summary>The line or payload is longer than allowed.</summary>
        public const int TooLong = 6;

        /// <summary>Non-volatile storage failed.</summary>
        public const int StorageError = 7;

        /// <summary>Stored data is corrupt (CRC or format).</summary>
        public const int Corrupt = 8;

        /// <summary>The command is known but this build has no implementation behind it yet.</summary>
        public const int NotAvailable = 9;

        private static readonly string[] s_names = new string[]
        {
            "ok", "unknown command", "bad argument", "out of range", "refused", "cause active", "too long",
            "storage error", "corrupt", "not available",
        };

        /// <summary>
        /// Short text of a result code.
        /// </summary>
        /// <param name="code">A result code.</param>
        /// <returns>Its text, or "error".</returns>
        public static string Text(int code)
        {
            return code >= 0 && code < s_names.Length ? s_names[code] : "error";
        }
    }
}
