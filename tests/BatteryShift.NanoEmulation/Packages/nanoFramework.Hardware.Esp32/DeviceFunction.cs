// EMULATION of nanoFramework.Hardware.Esp32 1.6.40 (nanoFramework.Hardware.Esp32/DeviceTypePins.cs): the serial values,
// DeviceTypes.SERIAL (3 * 0x10000) + port * 0x100 + signal.
namespace nanoFramework.Hardware.Esp32
{
    /// <summary>A peripheral signal a pin can be routed to.</summary>
    public enum DeviceFunction
    {
        /// <summary>COM1 transmit.</summary>
        COM1_TX = 0x30100,

        /// <summary>COM1 receive.</summary>
        COM1_RX = 0x30101,

        /// <summary>COM2 transmit.</summary>
        COM2_TX = 0x30200,

        /// <summary>COM2 receive.</summary>
        COM2_RX = 0x30201,

        /// <summary>COM3 transmit.</summary>
        COM3_TX = 0x30300,

        /// <summary>COM3 receive.</summary>
        COM3_RX = 0x30301,
    }
}
