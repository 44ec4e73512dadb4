namespace BatteryShift.Bms.Config
{
    /// <summary>
    /// Configuration keys of the serial console and serial monitor output (keys 135..139 of the comms
    /// range 120..139).
    /// </summary>
    public static class ConsoleKeys
    {
        /// <summary>Remote control: 1 lets MQTT commands change state; set only from the local console.</summary>
        public const int RemoteControl = 135;

        /// <summary>Period of the serial status block or record set, ms.</summary>
        public const int SerialPeriodMs = 136;

        /// <summary>Serial output mode: 0 text (human), 1 line records (machine), 2 quiet (replies only).</summary>
        public const int SerialMode = 137;

        /// <summary>
        /// Minutes remote control stays on after it was switched on (or after a start-up that loaded it on); then it
        /// switches itself off, announced by an event and a serial line.
        /// </summary>
        public const int RemoteMinutes = 138;

        /// <summary>Value of <see cref="SerialMode"/>: human-readable status blocks and event lines.</summary>
        public const int ModeText = 0;

        /// <summary>Value of <see cref="SerialMode"/>: one machine-readable record per line (docs/serial.md).</summary>
        public const int ModeLine = 1;

        /// <summary>Value of <see cref="SerialMode"/>: no periodic output, command replies only.</summary>
        public const int ModeQuiet = 2;

        internal static void Define()
        {
            ConfigSchema.Define(RemoteControl, "console.remote", "bool", 0, 0, 1);
            ConfigSchema.Define(SerialPeriodMs, "serial.period", "ms", 5000, 200, 3600000);
            ConfigSchema.Define(SerialMode, "serial.mode", "n", ModeText, ModeText, ModeQuiet);
            ConfigSchema.Define(RemoteMinutes, "console.remote.min", "min", 30, 1, 1440);
        }
    }
}
