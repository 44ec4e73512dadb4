// Surface of nanoFramework.Hardware.Esp32 1.6.40. Only the values the device code uses, with the
// package's numeric values: DeviceTypes.SERIAL (3 * 0x10000) + 2 * DeviceIndex (0x100) + n.
namespace nanoFramework.Hardware.Esp32
{
    public enum DeviceFunction
    {
        COM2_TX = 0x30200,
        COM2_RX = 0x30201,
    }
}
