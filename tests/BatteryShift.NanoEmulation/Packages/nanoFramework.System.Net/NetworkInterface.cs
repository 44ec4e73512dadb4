// EMULATION of nanoFramework.System.Net 1.11.60 (NetworkInformation/NetworkInterface.cs): GetAllNetworkInterfaces returns
// one object per interface the native layer reports (on the ESP32 targets the Wi-Fi station first, then the soft AP),
// each holding the settings native code loaded into it, among them the MAC address (PhysicalAddress, read from the
// chip's eFuses by ESP-IDF's esp_read_mac) and the interface type. Only the members the device code uses are here.
using BatteryShift.NanoEmulation.Native;

namespace System.Net.NetworkInformation
{
    /// <summary>A network interface of the device.</summary>
    public class NetworkInterface
    {
        private readonly byte[] _macAddress;
        private readonly NetworkInterfaceType _type;

        internal NetworkInterface(byte[] macAddress, NetworkInterfaceType type)
        {
            _macAddress = macAddress;
            _type = type;
        }

        /// <summary>The MAC address of the interface.</summary>
        public byte[] PhysicalAddress
        {
            get { return _macAddress; }
        }

        /// <summary>The interface type.</summary>
        public NetworkInterfaceType NetworkInterfaceType
        {
            get { return _type; }
        }

        /// <summary>Every network interface of the device.</summary>
        /// <returns>The interfaces (a new array and new objects on each call, as the package makes them).</returns>
        public static NetworkInterface[] GetAllNetworkInterfaces()
        {
            EmulatedEsp32.EnterNative();
            byte[] station = EmulatedEsp32.Board.ReadWifiStationMac();

            // ESP-IDF derives the soft AP's address from the station's: the last byte plus one (esp_mac.c, universal MACs)
            byte[] accessPoint = new byte[station.Length];
            for (int i = 0; i < station.Length; i++)
            {
                accessPoint[i] = station[i];
            }

            accessPoint[accessPoint.Length - 1]++;
            return new NetworkInterface[]
            {
                new NetworkInterface(station, NetworkInterfaceType.Wireless80211),
                new NetworkInterface(accessPoint, NetworkInterfaceType.WirelessAP),
            };
        }
    }
}
