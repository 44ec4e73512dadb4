// Surface of nanoFramework.System.Device.Wifi 1.5.149: the value used, with the package's value.
namespace System.Device.Wifi
{
    public enum WifiReconnectionKind
    {
        Automatic = 0,
    }
}
