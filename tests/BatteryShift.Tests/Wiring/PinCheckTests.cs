using System;
using System.Collections.Generic;
using System.Reflection;
using BatteryShift.Bms.Board;
using BatteryShift.Wiring.Board;
using Xunit;

namespace BatteryShift.Tests.Wiring
{
    /// <summary>The board's pins against the ESP32's rules, and the rules against tables known to be bad.</summary>
    public sealed class PinCheckTests
    {
        [Fact]
        public void TheBoardBreaksNoPinRule()
        {
            List<string> problems = PinRules.Problems(PinTable.Board());
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        [Fact]
        public void EveryPinAndAdcConstantOfTheDefinitionHasExactlyOneRowAndEveryRowAConstant()
        {
            var pinConstants = new List<int>();
            var adcConstants = new List<int>();
            foreach (FieldInfo field in typeof(Bmu16).GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                if (field.Name.StartsWith("Pin", StringComparison.Ordinal))
                {
                    pinConstants.Add((int)field.GetValue(null)!);
                }
                else if (field.Name.StartsWith("Adc", StringComparison.Ordinal))
                {
                    adcConstants.Add((int)field.GetValue(null)!);
                }
            }

            Assert.Equal(pinConstants.Count, Bmu16Pins.Gpio.Length);
            foreach (int pin in pinConstants)
            {
                Assert.Single(Array.FindAll(Bmu16Pins.Gpio, g => g == pin));
            }

            foreach (int channel in adcConstants)
            {
                Assert.Single(Array.FindAll(Bmu16Pins.AdcChannel, c => c == channel));
            }

            Assert.Equal(adcConstants.Count, Array.FindAll(Bmu16Pins.Role, r => r == Bmu16Pins.RoleAnalogInput).Length);
        }

        [Fact]
        public void AnalogChannelsAreTheEsp32Adc1ChannelsOfTheirPins()
        {
            // ESP32 datasheet: ADC1_CH0 GPIO36, CH3 GPIO39, CH6 GPIO34, CH7 GPIO35
            Assert.Equal(36, Bmu16.PinMuxCellsAnalog);
            Assert.Equal(0, Bmu16.AdcMuxCells);
            Assert.Equal(39, Bmu16.PinMuxAuxAnalog);
            Assert.Equal(3, Bmu16.AdcMuxAux);
            Assert.Equal(34, Bmu16.PinCurrentAnalog);
            Assert.Equal(6, Bmu16.AdcCurrent);
            Assert.Equal(35, Bmu16.PinCurrentReferenceAnalog);
            Assert.Equal(7, Bmu16.AdcCurrentReference);
        }

        [Fact]
        public void OutputsThatSwitchPowerAreOffAtResetByTheirPulls()
        {
            // docs/hardware.md: FET enables active high with pull-downs; 74HC595 /OE active low with a pull-up
            AssertRow(Bmu16.PinChargeFet, Bmu16Pins.RoleOutput, Bmu16Pins.PullDown, Bmu16Pins.SafeLow);
            AssertRow(Bmu16.PinDischargeFet, Bmu16Pins.RoleOutput, Bmu16Pins.PullDown, Bmu16Pins.SafeLow);
            AssertRow(Bmu16.PinBleedOutputEnable, Bmu16Pins.RoleOutput, Bmu16Pins.PullUp, Bmu16Pins.SafeHigh);
            AssertRow(Bmu16.PinExternalStop, Bmu16Pins.RoleInput, Bmu16Pins.PullUp, Bmu16Pins.SafeAny);
        }

        [Fact]
        public void DevKitHeaderHas38DistinctPinsAndEveryEsp32PinAtMostOnce()
        {
            Assert.Equal(38, DevKitC.Pins.Count);
            var seen = new HashSet<string>();
            var gpios = new HashSet<int>();
            foreach (HeaderPin pin in DevKitC.Pins)
            {
                Assert.True(seen.Add(pin.Header + pin.Number));
                Assert.InRange(pin.Number, 1, 19);
                if (pin.Gpio >= 0)
                {
                    Assert.True(gpios.Add(pin.Gpio), "GPIO" + pin.Gpio + " twice on the header");
                }
            }

            // spot checks against the DevKitC V4 header table
            Assert.Equal(("J2", 3), Where(36));
            Assert.Equal(("J2", 12), Where(14));
            Assert.Equal(("J3", 2), Where(23));
            Assert.Equal(("J3", 13), Where(4));
            Assert.Equal(("J3", 15), Where(2));
        }

        public static TheoryData<string, Action<PinTable>> BadTables => new()
        {
            { "ADC2 pin as analog input", t => { t.Gpio[0] = 4; } },
            { "pin used twice", t => { t.Gpio[1] = t.Gpio[0]; } },
            { "channel not of its pin", t => { t.AdcChannel[t.Row(Bmu16.PinCurrentAnalog)] = 5; } },
            { "output on an input-only pin", t => { t.Gpio[t.Row(Bmu16.PinChargeFet)] = 37; } },
            { "flash pin", t => { t.Gpio[t.Row(Bmu16.PinMuxS3)] = 9; } },
            { "COM1 pin", t => { t.Gpio[t.Row(Bmu16.PinSerialTx)] = 1; } },
            { "GPIO12 pulled high (1.8 V flash)", t => { int r = t.Row(Bmu16.PinExternalStop); t.Gpio[r] = 12; } },
            { "FET enable on a pin that toggles at boot", t => { t.Gpio[t.Row(Bmu16.PinDischargeFet)] = 15; } },
            { "FET enable without pull-down", t => { t.ExternalPull[t.Row(Bmu16.PinChargeFet)] = Bmu16Pins.PullNone; } },
            { "bleed OE pulled down", t => { t.ExternalPull[t.Row(Bmu16.PinBleedOutputEnable)] = Bmu16Pins.PullDown; } },
            { "mux select on GPIO16 (PSRAM)", t => { t.Gpio[t.Row(Bmu16.PinMuxS0)] = 16; } },
        };

        [Theory]
        [MemberData(nameof(BadTables))]
        public void TheRulesCatchABadTable(string what, Action<PinTable> spoil)
        {
            PinTable table = PinTable.Board();
            spoil(table);
            Assert.True(PinRules.Problems(table).Count > 0, "not caught: " + what);
        }

        private static void AssertRow(int gpio, int role, int pull, int safe)
        {
            int row = Bmu16Pins.IndexOf(gpio);
            Assert.True(row >= 0);
            Assert.Equal(role, Bmu16Pins.Role[row]);
            Assert.Equal(pull, Bmu16Pins.ExternalPull[row]);
            Assert.Equal(safe, Bmu16Pins.SafeLevel[row]);
        }

        private static (string, int) Where(int gpio)
        {
            HeaderPin pin = DevKitC.Find(gpio)!;
            return (pin.Header, pin.Number);
        }
    }
}
