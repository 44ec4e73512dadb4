namespace BatteryShift.NanoEmulation.Native
{
    /// <summary>
    /// EMULATION. The ESP32's Wi-Fi station and the network it joins, as the esp_wifi driver and lwIP present
    /// them to nf-interpreter: the stored station configuration (a flash write each time it is saved), a connect
    /// that associates and leases an address when the access point is there, automatic reconnection, and SNTP.
    /// </summary>
    public interface IWifiRadio
    {
        /// <summary>SSID of the station configuration stored in the configuration block, empty for none.</summary>
        string StoredSsid { get; }

        /// <summary>Wireless80211Configuration.SaveConfiguration: writes the configuration block to flash.</summary>
        /// <param name="ssid">SSID.</param>
        /// <param name="password">Pass phrase.</param>
        void SaveConfiguration(string ssid, string password);

        /// <summary>WifiAdapter.Connect: starts associating (returns at once).</summary>
        /// <param name="ssid">SSID.</param>
        /// <param name="password">Pass phrase.</param>
        /// <param name="automaticReconnect">Reconnect by itself after a loss (WifiReconnectionKind.Automatic).</param>
        void Connect(string ssid, string password, bool automaticReconnect);

        /// <summary>WifiAdapter.Disconnect.</summary>
        void Disconnect();

        /// <summary>True while the station holds an IPv4 address.</summary>
        bool HasAddress { get; }

        /// <summary>True once SNTP has set the clock (DateTime.UtcNow then reads the real date).</summary>
        bool ClockSet { get; }

        /// <summary>The device's idea of the time, seconds since 1970 (1970 itself until SNTP has run).</summary>
        long UtcSeconds { get; }
    }
}
