// EMULATION of nanoFramework.System.Net 1.11.60 (NetworkInformation/NetworkInterfaceType.cs): the package's values.
namespace System.Net.NetworkInformation
{
    /// <summary>Type of a network interface.</summary>
    public enum NetworkInterfaceType
    {
        /// <summary>Unknown.</summary>
        Unknown = 1,

        /// <summary>Ethernet (IEEE 802.3).</summary>
        Ethernet = 6,

        /// <summary>Wireless LAN station (IEEE 802.11).</summary>
        Wireless80211 = 71,

        /// <summary>Wireless soft access point.</summary>
        WirelessAP = 72,
    }
}
