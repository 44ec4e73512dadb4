namespace BatteryShift.Bms.Board
{
    /// <summary>
    /// The role of every ESP32 pin the BMU-16 uses, as parallel arrays indexed together: one row per
    /// pin. The pin numbers are the <see cref="Bmu16"/> constants, so this table cannot drift from
    /// them; it adds what the firmware, the ESP32 HAL and the wiring diagrams need to know beyond the
    /// number: direction, the board's external pull resistor and the level that keeps the module safe
    /// while the ESP32 is in reset or booting. The wiring-diagrams tests check the board against it.
    /// The columns are made when read (a new array each read): the firmware never reads them, so on the device they
    /// take no heap (nanoFramework runs every static constructor at boot, which would hold five arrays for good).
    /// </summary>
    public static class Bmu16Pins
    {
        /// <summary>Analog input on ADC1 (see <see cref="AdcChannel"/>).</summary>
        public const int RoleAnalogInput = 0;

        /// <summary>Digital output.</summary>
        public const int RoleOutput = 1;

        /// <summary>Digital input.</summary>
        public const int RoleInput = 2;

        /// <summary>COM2 transmit (serial function set by the ESP32 HAL).</summary>
        public const int RoleSerialTx = 3;

        /// <summary>COM2 receive (serial function set by the ESP32 HAL).</summary>
        public const int RoleSerialRx = 4;

        /// <summary>No external pull resistor on the board.</summary>
        public const int PullNone = 0;

        /// <summary>External pull-down resistor to ground on the board.</summary>
        public const int PullDown = 1;

        /// <summary>External pull-up resistor to 3.3 V on the board.</summary>
        public const int PullUp = 2;

        /// <summary>The level at reset does not matter to safety.</summary>
        public const int SafeAny = -1;

        /// <summary>The pin must be low while the ESP32 is in reset or booting.</summary>
        public const int SafeLow = 0;

        /// <summary>The pin must be high while the ESP32 is in reset or booting.</summary>
        public const int SafeHigh = 1;

        /// <summary>No ADC channel (digital pin).</summary>
        public const int NoAdcChannel = -1;

        /// <summary>GPIO number of each row.</summary>
        public static int[] Gpio
        {
            get
            {
                return new int[]
                {
                    Bmu16.PinMuxCellsAnalog,
                    Bmu16.PinMuxAuxAnalog,
                    Bmu16.PinCurrentAnalog,
                    Bmu16.PinCurrentReferenceAnalog,
                    Bmu16.PinMuxS0,
                    Bmu16.PinMuxS1,
                    Bmu16.PinMuxS2,
                    Bmu16.PinMuxS3,
                    Bmu16.PinBleedData,
                    Bmu16.PinBleedClock,
                    Bmu16.PinBleedLatch,
                    Bmu16.PinBleedOutputEnable,
                    Bmu16.PinChargeFet,
                    Bmu16.PinDischargeFet,
                    Bmu16.PinExternalStop,
                    Bmu16.PinSerialTx,
                    Bmu16.PinSerialRx,
                    Bmu16.PinStatusLed,
                    Bmu16.PinWatchdogKick,
                    Bmu16.PinWatchdogFlag,
                };
            }
        }

        /// <summary>Role of each row (Role* constants).</summary>
        public static int[] Role
        {
            get
            {
                return new int[]
                {
                    RoleAnalogInput,
                    RoleAnalogInput,
                    RoleAnalogInput,
                    RoleAnalogInput,
                    RoleOutput,
                    RoleOutput,
                    RoleOutput,
                    RoleOutput,
                    RoleOutput,
                    RoleOutput,
                    RoleOutput,
                    RoleOutput,
                    RoleOutput,
                    RoleOutput,
                    RoleInput,
                    RoleSerialTx,
                    RoleSerialRx,
                    RoleOutput,
                    RoleOutput,
                    RoleInput,
                };
            }
        }

        /// <summary>ADC1 channel of each row, or <see cref="NoAdcChannel"/>.</summary>
        public static int[] AdcChannel
        {
            get
            {
                return new int[]
                {
                    Bmu16.AdcMuxCells,
                    Bmu16.AdcMuxAux,
                    Bmu16.AdcCurrent,
                    Bmu16.AdcCurrentReference,
                    NoAdcChannel,
                    NoAdcChannel,
                    NoAdcChannel,
                    NoAdcChannel,
                    NoAdcChannel,
                    NoAdcChannel,
                    NoAdcChannel,
                    NoAdcChannel,
                    NoAdcChannel,
                    NoAdcChannel,
                    NoAdcChannel,
                    NoAdcChannel,
                    NoAdcChannel,
                    NoAdcChannel,
                    NoAdcChannel,
                    NoAdcChannel,
                };
            }
        }

        /// <summary>External pull resistor of each row (Pull* constants).</summary>
        public static int[] ExternalPull
        {
            get
            {
                return new int[]
                {
                    PullNone,
                    PullNone,
                    PullNone,
                    PullNone,
                    PullNone,
                    PullNone,
                    PullNone,
                    PullNone,
                    PullNone,
                    PullNone,
                    PullNone,
                    PullUp,
                    PullDown,
                    PullDown,
                    PullUp,
                    PullNone,
                    PullUp,
                    PullNone,
                    PullDown,
                    PullNone,
                };
            }
        }

        /// <summary>
        /// Level each row must have while the ESP32 is in reset or booting (Safe* constants), which is
        /// also the level the firmware opens an output at: FET enables low, bleed output-enable high.
        /// </summary>
        public static int[] SafeLevel
        {
            get
            {
                return new int[]
                {
                    SafeAny,
                    SafeAny,
                    SafeAny,
                    SafeAny,
                    SafeAny,
                    SafeAny,
                    SafeAny,
                    SafeAny,
                    SafeAny,
                    SafeAny,
                    SafeAny,
                    SafeHigh,
                    SafeLow,
                    SafeLow,
                    SafeAny,
                    SafeAny,
                    SafeAny,
                    SafeAny,
                    SafeLow,
                    SafeAny,
                };
            }
        }

        /// <summary>
        /// Finds the row of a GPIO.
        /// </summary>
        /// <param name="gpio">GPIO number.</param>
        /// <returns>Row index, or -1 when the board does not use the pin.</returns>
        public static int IndexOf(int gpio)
        {
            int[] pins = Gpio;
            for (int i = 0; i < pins.Length; i++)
            {
                if (pins[i] == gpio)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
