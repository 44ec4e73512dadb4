// EMULATION of nanoFramework.System.Device.Wifi 1.5.149 (System.Device.Wifi/WifiReconnectionKind.cs).
namespace System.Device.Wifi
{
    /// <summary>Whether the station reconnects by itself.</summary>
    public enum WifiReconnectionKind
    {
        /// <summary>The driver reconnects after a loss.</summary>
        Automatic = 0,

        /// <summary>The application reconnects.</summary>
        Manual = 1,
    }
}
