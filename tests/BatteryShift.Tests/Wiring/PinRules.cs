using System.Collections.Generic;
using BatteryShift.Bms.Board;
using BatteryShift.Wiring.Board;

namespace BatteryShift.Tests.Wiring
{
    /// <summary>A pin table shaped like <see cref="Bmu16Pins"/>, so the rules can be shown to catch bad ones.</summary>
    public sealed record PinTable(int[] Gpio, int[] Role, int[] AdcChannel, int[] ExternalPull, int[] SafeLevel)
    {
        public static PinTable Board() => new(
            (int[])Bmu16Pins.Gpio.Clone(),
            (int[])Bmu16Pins.Role.Clone(),
            (int[])Bmu16Pins.AdcChannel.Clone(),
            (int[])Bmu16Pins.ExternalPull.Clone(),
            (int[])Bmu16Pins.SafeLevel.Clone());

        public int Row(int gpio) => System.Array.IndexOf(Gpio, gpio);
    }

    /// <summary>The pin rules of docs/hardware.md against ESP32 facts written down separately.</summary>
    public static class PinRules
    {
        public static List<string> Problems(PinTable t)
        {
            var problems = new List<string>();
            int n = t.Gpio.Length;
            if (t.Role.Length != n || t.AdcChannel.Length != n || t.ExternalPull.Length != n || t.SafeLevel.Length != n)
            {
                problems.Add("pin table columns differ in length");
                return problems;
            }

            var seenPins = new HashSet<int>();
            var seenChannels = new HashSet<int>();
            for (int i = 0; i < n; i++)
            {
                int gpio = t.Gpio[i];
                string name = "GPIO" + gpio;
                if (!seenPins.Add(gpio))
                {
                    problems.Add(name + " is used twice");
                }

                if (DevKitC.Find(gpio) == null)
                {
                    problems.Add(name + " is not on the dev board's header");
                }

                if (Esp32Facts.Flash.Contains(gpio) || Esp32Facts.Com1.Contains(gpio))
                {
                    problems.Add(name + " is reserved (flash or COM1)");
                }

                // GPIO16/17 carry PSRAM on WROVER modules only: the board names a WROOM module (no PSRAM)
                if (Esp32Facts.Psram.Contains(gpio) && !DevKitC.Variant.Contains("WROOM"))
                {
                    problems.Add(name + " is PSRAM on this module");
                }

                if (t.Role[i] == Bmu16Pins.RoleAnalogInput)
                {
                    if (Esp32Facts.Adc2Gpio.Contains(gpio))
                    {
                        problems.Add(name + " is an ADC2 pin used as an analog input (ADC2 stops while Wi-Fi runs)");
                    }

                    if (!Esp32Facts.Adc1ChannelGpio.TryGetValue(t.AdcChannel[i], out int channelGpio) || channelGpio != gpio)
                    {
                        problems.Add($"{name}: ADC1 channel {t.AdcChannel[i]} is not this pin");
                    }

                    if (!seenChannels.Add(t.AdcChannel[i]))
                    {
                        problems.Add($"ADC channel {t.AdcChannel[i]} is used twice");
                    }
                }
                else if (t.AdcChannel[i] != Bmu16Pins.NoAdcChannel)
                {
                    problems.Add(name + " has an ADC channel but is not an analog input");
                }

                bool drives = t.Role[i] == Bmu16Pins.RoleOutput || t.Role[i] == Bmu16Pins.RoleSerialTx;
                if (drives && Esp32Facts.InputOnly.Contains(gpio))
                {
                    problems.Add(name + " is input-only but is used as an output");
                }

                if ((t.Role[i] == Bmu16Pins.RoleInput || t.Role[i] == Bmu16Pins.RoleSerialRx) && Esp32Facts.InputOnly.Contains(gpio) && t.ExternalPull[i] == Bmu16Pins.PullNone)
                {
                    problems.Add(name + " is an input-only pin (no internal pull) without an external pull");
                }

                if (Esp32Facts.StrappingMustNotPullHigh.TryGetValue(gpio, out bool mustNotPullHigh))
                {
                    bool pullsHigh = t.ExternalPull[i] == Bmu16Pins.PullUp;
                    bool pullsLow = t.ExternalPull[i] == Bmu16Pins.PullDown;
                    if ((mustNotPullHigh && pullsHigh) || (!mustNotPullHigh && pullsLow))
                    {
                        problems.Add(name + " is a strapping pin and the board pulls it to the level that changes the boot");
                    }
                }

                if (Esp32Facts.ActiveDuringBoot.Contains(gpio) && t.SafeLevel[i] != Bmu16Pins.SafeAny)
                {
                    problems.Add(name + " toggles during boot but drives something that must stay quiet then");
                }

                if (t.SafeLevel[i] == Bmu16Pins.SafeLow && t.ExternalPull[i] != Bmu16Pins.PullDown)
                {
                    problems.Add(name + " must be low at reset but has no pull-down");
                }

                if (t.SafeLevel[i] == Bmu16Pins.SafeHigh && t.ExternalPull[i] != Bmu16Pins.PullUp)
                {
                    problems.Add(name + " must be high at reset but has no pull-up");
                }

                if (t.SafeLevel[i] != Bmu16Pins.SafeAny && !drives)
                {
                    problems.Add(name + " has a reset level but is not an output");
                }
            }

            return problems;
        }
    }
}
