using System.Device.Gpio;
using BatteryShift.Bms.Board;
using BatteryShift.Hal.Esp32;

namespace BatteryShift.DeviceTests
{
    /// <summary>
    /// The board's peripherals, opened once for all tests (a GPIO pin or ADC channel can be opened only once).
    /// Outputs are made safe first, as the firmware does: FETs off, bleed register outputs disabled.
    /// </summary>
    internal static class TestBoard
    {
        /// <summary>Conversions averaged per reading in the tests.</summary>
        public const int Oversample = 16;

        /// <summary>Settling time after a mux select change in the tests, microseconds.</summary>
        public const int SettleMicroseconds = 200;

        private static Esp32Gpio s_gpio;
        private static Esp32Adc s_adc;
        private static Esp32Clock s_clock;
        private static MuxScanner s_mux;
        private static BleedShiftRegister s_bleed;

        public static Esp32Gpio Gpio
        {
            get
            {
                if (s_gpio == null)
                {
                    s_gpio = new Esp32Gpio(new GpioController());
                    s_gpio.OpenOutput(Bmu16.PinChargeFet, false);
                    s_gpio.OpenOutput(Bmu16.PinDischargeFet, false);
                    s_gpio.OpenOutput(Bmu16.PinBleedOutputEnable, true);
                }

                return s_gpio;
            }
        }

        public static Esp32Clock Clock
        {
            get
            {
                if (s_clock == null)
                {
                    s_clock = new Esp32Clock();
                }

                return s_clock;
            }
        }

        public static BleedShiftRegister Bleed
        {
            get
            {
                if (s_bleed == null)
                {
                    s_bleed = new BleedShiftRegister(Gpio);
                }

                return s_bleed;
            }
        }

        public static MuxScanner Mux
        {
            get
            {
                if (s_mux == null)
                {
                    // the bleed register is opened (outputs disabled) before anything is measured
                    BleedShiftRegister bleed = Bleed;
                    s_adc = new Esp32Adc();
                    s_mux = new MuxScanner(Gpio, s_adc, Clock, SettleMicroseconds, Oversample);
                }

                return s_mux;
            }
        }

        /// <summary>
        /// Mean raw count of a mux B channel.
        /// </summary>
        public static int ReadAux(int channel)
        {
            return Mux.ReadSum(Bmu16.AdcMuxAux, channel) / Mux.Oversample;
        }

        /// <summary>
        /// Reads all sixteen mux B channels. A bare ESP32 module (no BMU-16 front end) reads the same floating
        /// pin whatever the select lines say, so a spread below <paramref name="minSpread"/> counts means the
        /// board is absent.
        /// </summary>
        public static bool ReadAllAux(int[] counts, int minSpread)
        {
            int min = int.MaxValue;
            int max = int.MinValue;
            for (int channel = 0; channel < counts.Length; channel++)
            {
                counts[channel] = ReadAux(channel);
                min = counts[channel] < min ? counts[channel] : min;
                max = counts[channel] > max ? counts[channel] : max;
            }

            return max - min >= minSpread;
        }
    }
}
