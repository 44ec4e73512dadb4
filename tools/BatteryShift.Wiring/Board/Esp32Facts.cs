using System.Collections.Generic;

namespace BatteryShift.Wiring.Board
{
    /// <summary>
    /// Facts about the ESP32 (ESP32 datasheet v4.9, section 2.2 pin description and 2.4 strapping pins;
    /// ESP32 technical reference manual, IO_MUX; nanoFramework ESP32 ADC channel numbering), written
    /// down independently of the board definition so the checks compare two sources.
    /// </summary>
    public static class Esp32Facts
    {
        /// <summary>nanoFramework ADC1 channel (0..7) to GPIO. Channel 1/2 (GPIO37/38) are not on the WROOM module.</summary>
        public static readonly IReadOnlyDictionary<int, int> Adc1ChannelGpio = new Dictionary<int, int>
        {
            [0] = 36,
            [1] = 37,
            [2] = 38,
            [3] = 39,
            [4] = 32,
            [5] = 33,
            [6] = 34,
            [7] = 35,
        };

        /// <summary>GPIOs of ADC2 (channels 10-19 in nanoFramework): unusable while Wi-Fi runs.</summary>
        public static readonly IReadOnlySet<int> Adc2Gpio = new HashSet<int> { 0, 2, 4, 12, 13, 14, 15, 25, 26, 27 };

        /// <summary>Input-only pins: no output driver and no internal pull resistors.</summary>
        public static readonly IReadOnlySet<int> InputOnly = new HashSet<int> { 34, 35, 36, 37, 38, 39 };

        /// <summary>Pins wired to the module's SPI flash (GPIO6-11): never usable.</summary>
        public static readonly IReadOnlySet<int> Flash = new HashSet<int> { 6, 7, 8, 9, 10, 11 };

        /// <summary>COM1 (UART0): nanoFramework's debugger and deployment.</summary>
        public static readonly IReadOnlySet<int> Com1 = new HashSet<int> { 1, 3 };

        /// <summary>PSRAM on WROVER modules.</summary>
        public static readonly IReadOnlySet<int> Psram = new HashSet<int> { 16, 17 };

        /// <summary>
        /// Strapping pins and the level the board must not force at reset: GPIO0 low enters the
        /// download mode, GPIO2 must be low or floating for it, GPIO12 high selects 1.8 V flash (the
        /// WROOM-32 then fails to boot), GPIO5 and GPIO15 set SDIO timing and boot-log output.
        /// Value: the level the board must not pull the pin to (true = must not be pulled high).
        /// </summary>
        public static readonly IReadOnlyDictionary<int, bool> StrappingMustNotPullHigh = new Dictionary<int, bool>
        {
            [0] = false,
            [2] = true,
            [5] = false,
            [12] = true,
            [15] = false,
        };

        /// <summary>
        /// Pins that toggle or output a signal during boot before the firmware owns them (UART0 log,
        /// SDIO/PWM activity on 5, 14 and 15, strapping sampling): nothing that must stay quiet at
        /// boot may hang on them.
        /// </summary>
        public static readonly IReadOnlySet<int> ActiveDuringBoot = new HashSet<int> { 0, 1, 2, 3, 5, 12, 14, 15 };
    }
}
