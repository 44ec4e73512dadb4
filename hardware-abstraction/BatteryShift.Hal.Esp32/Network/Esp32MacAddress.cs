using System.Net.NetworkInformation;

namespace BatteryShift.Hal.Esp32
{
    /// <summary>
    /// The chip's Wi-Fi station MAC address, through System.Net's <see cref="NetworkInterface"/> (the address ESP-IDF
    /// reads from the eFuses, unique per chip). The portable core makes the default MQTT client id from it.
    /// </summary>
    public static class Esp32MacAddress
    {
        /// <summary>
        /// Reads the Wi-Fi station's MAC address (the first interface of type Wireless80211; the first interface when
        /// there is none of that type).
        /// </summary>
        /// <returns>Six bytes, or null when no interface reports a 6-byte address.</returns>
        public static byte[] ReadWifiStation()
        {
            NetworkInterface[] interfaces = NetworkInterface.GetAllNetworkInterfaces();
            byte[] first = null;
            for (int i = 0; i < interfaces.Length; i++)
            {
                byte[] mac = interfaces[i].PhysicalAddress;
                if (mac == null || mac.Length != 6)
                {
                    continue;
                }

                if (interfaces[i].NetworkInterfaceType == NetworkInterfaceType.Wireless80211)
                {
                    return mac;
                }

                if (first == null)
                {
                    first = mac;
                }
            }

            return first;
        }
    }
}
