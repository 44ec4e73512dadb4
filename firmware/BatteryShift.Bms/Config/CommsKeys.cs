namespace BatteryShift.Bms.Config
{
    /// <summary>
    /// Configuration keys of the network and MQTT link (keys 120..134 of the comms range 120..139, text
    /// keys 0..7). Remote control of MQTT commands is <see cref="ConsoleKeys.RemoteControl"/>, switched
    /// only at the local console.
    /// </summary>
    public static class CommsKeys
    {
        // ---- text keys ----

        /// <summary>Wi-Fi network name (device only).</summary>
        public const int WifiSsid = 0;

        /// <summary>Wi-Fi passphrase (secret).</summary>
        public const int WifiPassword = 1;

        /// <summary>MQTT broker host name or address; empty leaves MQTT off.</summary>
        public const int MqttHost = 2;

        /// <summary>MQTT user name; empty for none.</summary>
        public const int MqttUser = 3;

        /// <summary>MQTT password (secret); empty for none.</summary>
        public const int MqttPassword = 4;

        /// <summary>First topic level of every BatteryShift topic.</summary>
        public const int MqttTopicPrefix = 5;

        /// <summary>Module id: second topic level, MQTT client id and Home Assistant unique-id stem.</summary>
        public const int MqttModuleId = 6;

        /// <summary>Home Assistant discovery prefix.</summary>
        public const int MqttDiscoveryPrefix = 7;

        // ---- integer keys ----

        /// <summary>Broker TCP port.</summary>
        public const int MqttPort = 120;

        /// <summary>1 to connect to the broker over TLS.</summary>
        public const int MqttTls = 121;

        /// <summary>MQTT keep-alive, s.</summary>
        public const int MqttKeepAliveS = 122;

        /// <summary>Period of the state message, ms.</summary>
        public const int MqttStatePeriodMs = 123;

        /// <summary>Period of the per-cell message, ms.</summary>
        public const int MqttCellsPeriodMs = 124;

        /// <summary>1 publishes Home Assistant discovery configurations on every connect.</summary>
        public const int MqttDiscovery = 126;

        /// <summary>Longest wait between two connection attempts, ms.</summary>
        public const int MqttBackoffMaxMs = 127;

        /// <summary>
        /// Period of state and cells messages while the link is down, ms: the store-and-forward ring then
        /// holds a longer stretch of history at a coarser resolution.
        /// </summary>
        public const int MqttOfflinePeriodMs = 128;

        /// <summary>
        /// Period of the retained limits message, ms (it also goes at once on a change). At most 2.5 s, so a converter
        /// that stops on limits older than 5 s always has two chances at one.
        /// </summary>
        public const int MqttLimitsPeriodMs = 129;

        internal static void Define()
        {
            // "" rather than string.Empty: this runs in ConfigSchema's static constructor, and nanoFramework's
            // interpreter runs the static constructors of different assemblies in an order that depends on where their
            // records lie in memory, so mscorlib's String.Empty can still be null here (seen on the interpreter: the
            // first text key threw, the constructor stopped, and no text key and no later key was defined)
            ConfigSchema.DefineText(WifiSsid, "wifi.ssid", "", 32, false);
            ConfigSchema.DefineText(WifiPassword, "wifi.password", "", 64, true);
            ConfigSchema.DefineText(MqttHost, "mqtt.host", "", 64, false);
            ConfigSchema.DefineText(MqttUser, "mqtt.user", "", 32, false);
            ConfigSchema.DefineText(MqttPassword, "mqtt.password", "", 64, true);
            ConfigSchema.DefineText(MqttTopicPrefix, "mqtt.prefix", "batteryshift", 32, false);
            ConfigSchema.DefineText(MqttModuleId, "mqtt.id", "module1", 24, false);
            ConfigSchema.DefineText(MqttDiscoveryPrefix, "mqtt.discovery.prefix", "homeassistant", 32, false);

            ConfigSchema.Define(MqttPort, "mqtt.port", "n", 1883, 1, 65535);
            ConfigSchema.Define(MqttTls, "mqtt.tls", "bool", 0, 0, 1);
            ConfigSchema.Define(MqttKeepAliveS, "mqtt.keepalive", "s", 30, 5, 600);
            ConfigSchema.Define(MqttStatePeriodMs, "mqtt.period", "ms", 1000, 200, 3600000);
            ConfigSchema.Define(MqttCellsPeriodMs, "mqtt.cells.period", "ms", 5000, 200, 3600000);
            ConfigSchema.Define(MqttDiscovery, "mqtt.discovery", "bool", 1, 0, 1);
            ConfigSchema.Define(MqttOfflinePeriodMs, "mqtt.offline.period", "ms", 30000, 200, 3600000);
            ConfigSchema.Define(MqttBackoffMaxMs, "mqtt.backoff.max", "ms", 60000, 1000, 600000);
            ConfigSchema.Define(MqttLimitsPeriodMs, "mqtt.limits.period", "ms", 1000, 200, 2500);
        }
    }
}
