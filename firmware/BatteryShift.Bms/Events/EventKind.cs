namespace BatteryShift.Bms.Events
{
    /// <summary>
    /// Kinds of <see cref="EventLog"/> records. The code of a record is a protection limit id, a sensor
    /// fault id or a <see cref="ModuleState"/>, depending on the kind.
    /// </summary>
    public static class EventKind
    {
        /// <summary>Start-up; value is the reset count, code <see cref="BootAfterWatchdog"/> after a watchdog reset, else 0.</summary>
        public const int Boot = 0;

        /// <summary>Code of a <see cref="Boot"/> event after the external watchdog reset the controller.</summary>
        public const int BootAfterWatchdog = 1;

        /// <summary>A warning level was crossed; code is the limit id.</summary>
        public const int WarningRaised = 1;

        /// <summary>A warning released.</summary>
        public const int WarningCleared = 2;

        /// <summary>An alarm level was crossed (current derated); code is the limit id.</summary>
        public const int AlarmRaised = 3;

        /// <summary>An alarm released.</summary>
        public const int AlarmCleared = 4;

        /// <summary>A fault latched (FETs opened); code is the limit id.</summary>
        public const int FaultLatched = 5;

        /// <summary>A latched fault was cleared by command.</summary>
        public const int FaultCleared = 6;

        /// <summary>A sensor fault was detected; code is the sensor fault id, value the channel.</summary>
        public const int SensorFault = 7;

        /// <summary>A sensor fault went away.</summary>
        public const int SensorFaultCleared = 8;

        /// <summary>The state machine changed state; code is the new state, value the old one.</summary>
        public const int StateChanged = 9;

        /// <summary>A configuration value changed; code is the key.</summary>
        public const int ConfigChanged = 10;

        /// <summary>A command was executed; code is the result code.</summary>
        public const int Command = 11;

        /// <summary>
        /// Another MQTT client took the module's session over again and again (same client id): the module holds off
        /// reconnecting instead of fighting; code is the number of clashes since start-up, value the hold-off, s.
        /// </summary>
        public const int LinkClash = 12;

        /// <summary>
        /// A stored record was rejected at start-up and the module runs on a fallback; code is the
        /// record's fallback bit, value the load result code.
        /// </summary>
        public const int StoreRejected = 13;

        /// <summary>
        /// The cells' open-circuit voltage does not fit the estimator's OCV table (value 1) or fits it again (value 0);
        /// code is the learned offset of the cells from the table, mV.
        /// </summary>
        public const int TableFit = 14;

        /// <summary>Number of kinds.</summary>
        public const int Count = 15;

        private static readonly string[] s_names = new string[]
        {
            "boot", "warning", "warning_clear", "alarm", "alarm_clear", "fault", "fault_clear", "sensor_fault",
            "sensor_clear", "state", "config", "command", "link_clash", "store_rejected", "table_fit",
        };

        /// <summary>
        /// Lower-case name of a kind.
        /// </summary>
        /// <param name="kind">A kind.</param>
        /// <returns>Its name, or "unknown".</returns>
        public static string Name(int kind)
        {
            return kind >= 0 && kind < s_names.Length ? s_names[kind] : "unknown";
        }
    }
}
