namespace BatteryShift.Hal
{
    /// <summary>
    /// Where and how an <see cref="IMqttSession"/> connects.
    /// </summary>
    public sealed class MqttEndpoint
    {
        /// <summary>Wi-Fi network name (device only; empty on the host).</summary>
        public string NetworkSsid = string.Empty;

        /// <summary>Wi-Fi passphrase (device only).</summary>
        public string NetworkPassword = string.Empty;

        /// <summary>Broker host name or address.</summary>
        public string Host = string.Empty;

        /// <summary>Broker TCP port (1883 plain, 8883 TLS).</summary>
        public int Port = 1883;

        /// <summary>True to connect over TLS.</summary>
        public bool UseTls;

        /// <summary>User name; empty for none.</summary>
        public string Username = string.Empty;

        /// <summary>Password; empty for none.</summary>
        public string Password = string.Empty;

        /// <summary>MQTT client identifier.</summary>
        public string ClientId = string.Empty;

        /// <summary>Keep-alive period in seconds.</summary>
        public int KeepAliveSeconds = 30;

        /// <summary>Topic of the last-will; empty for none.</summary>
        public string WillTopic = string.Empty;

        /// <summary>Payload of the last-will (for example "offline").</summary>
        public string WillPayload = string.Empty;

        /// <summary>Retain flag of the last-will.</summary>
        public bool WillRetain = true;
    }
}
