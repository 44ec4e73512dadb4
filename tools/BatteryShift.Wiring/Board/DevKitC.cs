using System.Collections.Generic;

namespace BatteryShift.Wiring.Board
{
    /// <summary>One pin of the dev board's two headers.</summary>
    /// <param name="Header">J2 (left, seen from the top with the USB socket at the bottom) or J3 (right).</param>
    /// <param name="Number">Pin number on that header, 1 at the antenna end.</param>
    /// <param name="Label">Silkscreen label.</param>
    /// <param name="Gpio">GPIO number, or -1 for power, ground and EN.</param>
    public sealed record HeaderPin(string Header, int Number, string Label, int Gpio);

    /// <summary>
    /// The ESP32-DevKitC V4 (ESP32-WROOM-32 / -32E / -32UE module, 38-pin header, 2 x 19) as Espressif
    /// documents its header blocks J2 and J3. Clones with the same 38-pin layout (often sold as
    /// "ESP32 DevKitC 38 pin" or "ESP-32S 38 pin") follow it; 30-pin and 36-pin boards do not.
    /// </summary>
    public static class DevKitC
    {
        /// <summary>The board variant the pin map is drawn for.</summary>
        public const string Variant = "ESP32-DevKitC V4, 38-pin header (ESP32-WROOM-32E module)";

        /// <summary>Both headers, J2 1..19 then J3 1..19.</summary>
        public static readonly IReadOnlyList<HeaderPin> Pins = new List<HeaderPin>
        {
            new("J2", 1, "3V3", -1),
            new("J2", 2, "EN", -1),
            new("J2", 3, "SENSOR_VP", 36),
            new("J2", 4, "SENSOR_VN", 39),
            new("J2", 5, "IO34", 34),
            new("J2", 6, "IO35", 35),
            new("J2", 7, "IO32", 32),
            new("J2", 8, "IO33", 33),
            new("J2", 9, "IO25", 25),
            new("J2", 10, "IO26", 26),
            new("J2", 11, "IO27", 27),
            new("J2", 12, "IO14", 14),
            new("J2", 13, "IO12", 12),
            new("J2", 14, "GND", -1),
            new("J2", 15, "IO13", 13),
            new("J2", 16, "SD2", 9),
            new("J2", 17, "SD3", 10),
            new("J2", 18, "CMD", 11),
            new("J2", 19, "5V", -1),
            new("J3", 1, "GND", -1),
            new("J3", 2, "IO23", 23),
            new("J3", 3, "IO22", 22),
            new("J3", 4, "TXD0", 1),
            new("J3", 5, "RXD0", 3),
            new("J3", 6, "IO21", 21),
            new("J3", 7, "GND", -1),
            new("J3", 8, "IO19", 19),
            new("J3", 9, "IO18", 18),
            new("J3", 10, "IO5", 5),
            new("J3", 11, "IO17", 17),
            new("J3", 12, "IO16", 16),
            new("J3", 13, "IO4", 4),
            new("J3", 14, "IO0", 0),
            new("J3", 15, "IO2", 2),
            new("J3", 16, "IO15", 15),
            new("J3", 17, "SD1", 8),
            new("J3", 18, "SD0", 7),
            new("J3", 19, "CLK", 6),
        };

        /// <summary>Finds the header pin of a GPIO.</summary>
        /// <param name="gpio">GPIO number.</param>
        /// <returns>The header pin, or null when the board does not bring it out.</returns>
        public static HeaderPin? Find(int gpio)
        {
            foreach (HeaderPin pin in Pins)
            {
                if (pin.Gpio == gpio)
                {
                    return pin;
                }
            }

            return null;
        }
    }
}
