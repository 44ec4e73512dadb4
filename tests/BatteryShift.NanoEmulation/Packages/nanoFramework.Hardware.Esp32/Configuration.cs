// EMULATION of nanoFramework.Hardware.Esp32 1.6.40, nanoFramework.Hardware.Esp32/Configuration.cs (SetPinFunction and
// GetFunctionPin go straight to native), with nf-interpreter targets/ESP32/_common/ESP32_DeviceMapping.cpp: COM1 maps to
// GPIO1/3 by default, COM2 and COM3 to UART_PIN_NO_CHANGE, so a UART opened without SetPinFunction for its pins is routed
// to no pad at all (the port opens and nothing reaches the pins), and targets/ESP32/_common/DeviceMapping_common.cpp
// (Esp32_SetMappedDevicePins stores the pin in the device's map; it is read when the port is opened).
using BatteryShift.NanoEmulation.Native;

namespace nanoFramework.Hardware.Esp32
{
    /// <summary>Pin routing of the ESP32's peripherals.</summary>
    public class Configuration
    {
        // [uart][0 = TX, 1 = RX]
        private static int[] s_serialPins = DefaultSerialPins();

        /// <summary>Routes a peripheral signal to a pin (takes effect when the peripheral is next opened).</summary>
        /// <param name="pin">GPIO number.</param>
        /// <param name="value">Signal.</param>
        public static void SetPinFunction(int pin, DeviceFunction value)
        {
            EmulatedEsp32.EnterNative();
            int function = (int)value;
            if ((function & 0x7F0000) == 0x30000)
            {
                int uart = ((function >> 8) & 0xFF) - 1;
                int signal = function & 0xFF;
                if (uart >= 0 && uart < 3 && signal < 2)
                {
                    s_serialPins[(uart * 2) + signal] = pin;
                }
            }
        }

        /// <summary>The pin a signal is routed to, -1 for none.</summary>
        /// <param name="function">Signal.</param>
        /// <returns>GPIO number or -1.</returns>
        public static int GetFunctionPin(DeviceFunction function)
        {
            EmulatedEsp32.EnterNative();
            int value = (int)function;
            int uart = ((value >> 8) & 0xFF) - 1;
            int signal = value & 0xFF;
            if ((value & 0x7F0000) == 0x30000 && uart >= 0 && uart < 3 && signal < 2)
            {
                return s_serialPins[(uart * 2) + signal];
            }

            return -1;
        }

        internal static int SerialPin(int uart, int signal)
        {
            return s_serialPins[(uart * 2) + signal];
        }

        internal static void ResetStatics()
        {
            s_serialPins = DefaultSerialPins();
        }

        private static int[] DefaultSerialPins()
        {
            return new int[] { 1, 3, -1, -1, -1, -1 };
        }
    }
}
