using BatteryShift.Harness.Doubles;
using System.Collections.Generic;
using System.Linq;
using BatteryShift.Bms.Board;
using BatteryShift.Hal;
using Xunit;

namespace BatteryShift.Tests.Board
{
    /// <summary>
    /// The board drivers against the 74HC595 and CD74HC4067 data-sheet behaviour, modelled here by hand
    /// from the recorded pin calls (the simulation's own models are tested separately).
    /// </summary>
    public class BoardDriverTests
    {
        /// <summary>Replays recorded pin calls through two chained 74HC595s: returns the latched 16 outputs.</summary>
        private static int Replay595(IEnumerable<(string Op, int Pin, bool High)> calls)
        {
            int shift = 0;
            int latched = 0;
            bool data = false;
            bool clock = false;
            bool latch = false;
            foreach (var c in calls.Where(c => c.Op != "input"))
            {
                if (c.Pin == Bmu16.PinBleedData)
                {
                    data = c.High;
                }
                else if (c.Pin == Bmu16.PinBleedClock)
                {
                    if (c.High && !clock)
                    {
                        // rising SRCLK: every stage moves one on (register 1 QH -> register 2 QA), DS -> register 1 QA
                        shift = ((shift << 1) | (data ? 1 : 0)) & 0xFFFF;
                    }

                    clock = c.High;
                }
                else if (c.Pin == Bmu16.PinBleedLatch)
                {
                    if (c.High && !latch)
                    {
                        latched = shift;
                    }

                    latch = c.High;
                }
            }

            // bit k of the chain is stage k (0 = register 1 QA ... 15 = register 2 QH) = output k = cell k+1.
            // A bit shifted in first has moved furthest along the chain.
            return latched;
        }

        [Theory]
        [InlineData(0x0001)]
        [InlineData(0x8000)]
        [InlineData(0x00FF)]
        [InlineData(0x5A3C)]
        public void Shift_register_latches_bit_n_onto_cell_n_plus_1(int mask)
        {
            var gpio = new PinBoard();
            var register = new BleedShiftRegister(gpio);
            gpio.Calls.Clear();
            register.ShiftOut(mask);

            // the first data bit clocked must be cell 16's, the last cell 1's
            var clocked = new List<bool>();
            bool data = false;
            foreach (var c in gpio.Calls)
            {
                if (c.Pin == Bmu16.PinBleedData)
                {
                    data = c.High;
                }
                else if (c.Pin == Bmu16.PinBleedClock && c.High)
                {
                    clocked.Add(data);
                }
            }

            Assert.Equal(16, clocked.Count);
            for (int i = 0; i < 16; i++)
            {
                int cellIndex = 15 - i;
                Assert.Equal(((mask >> cellIndex) & 1) != 0, clocked[i]);
            }

            Assert.Equal(mask, Replay595(gpio.Calls));
            Assert.Equal(mask, register.LatchedMask);
        }

        [Fact]
        public void Shift_register_writes_the_data_line_only_when_its_level_changes_and_still_latches_each_mask()
        {
            var gpio = new PinBoard();
            var register = new BleedShiftRegister(gpio);
            bool level = false; // the data line is opened low
            foreach (int mask in new[] { 0x5555, 0xAAAA, 0x0000, 0xFFFF, 0x5A3C, 0x0001, 0x8000, 0x0000 })
            {
                int before = gpio.Calls.Count;
                register.ShiftOut(mask);
                var calls = gpio.Calls.GetRange(before, gpio.Calls.Count - before);

                // by hand: one write per change of level along cell 16 .. cell 1, then back to low
                int changes = 0;
                for (int bit = 15; bit >= 0; bit--)
                {
                    bool high = ((mask >> bit) & 1) != 0;
                    changes += high != level ? 1 : 0;
                    level = high;
                }

                changes += level ? 1 : 0;
                level = false;
                Assert.Equal(changes, calls.Count(c => c.Pin == Bmu16.PinBleedData));
                Assert.Equal(32, calls.Count(c => c.Pin == Bmu16.PinBleedClock));
                Assert.False(gpio.Level[Bmu16.PinBleedData]);

                // the whole call history through two 74HC595s: the data line holds its level between writes
                Assert.Equal(mask, Replay595(gpio.Calls));
                Assert.Equal(mask, register.LatchedMask);
            }
        }

        [Fact]
        public void Bleed_outputs_stay_disabled_from_the_first_pin_call_until_enabled()
        {
            var gpio = new PinBoard();
            var register = new BleedShiftRegister(gpio);
            Assert.Equal(("open", Bmu16.PinBleedOutputEnable, true), gpio.Calls[0]);
            Assert.True(gpio.Level[Bmu16.PinBleedOutputEnable]);
            register.ShiftOut(0xFFFF);
            Assert.True(gpio.Level[Bmu16.PinBleedOutputEnable]);
            register.Enable();
            Assert.False(gpio.Level[Bmu16.PinBleedOutputEnable]);
            register.Disable();
            Assert.True(gpio.Level[Bmu16.PinBleedOutputEnable]);
        }

        [Fact]
        public void Mux_select_lines_carry_the_channel_number_with_S0_least_significant()
        {
            var gpio = new PinBoard();
            var adc = new CountingAdc();
            var mux = new MuxScanner(gpio, adc, adc, 50, 4);
            for (int ch = 0; ch < 16; ch++)
            {
                mux.Select(ch);
                int seen = (gpio.Read(Bmu16.PinMuxS0) ? 1 : 0) | (gpio.Read(Bmu16.PinMuxS1) ? 2 : 0)
                    | (gpio.Read(Bmu16.PinMuxS2) ? 4 : 0) | (gpio.Read(Bmu16.PinMuxS3) ? 8 : 0);
                Assert.Equal(ch, seen);
            }
        }

        [Fact]
        public void Mux_read_settles_after_a_switch_and_sums_the_oversamples()
        {
            var gpio = new PinBoard();
            var adc = new CountingAdc();
            var mux = new MuxScanner(gpio, adc, adc, 50, 4);
            int sum = mux.ReadSum(Bmu16.AdcMuxCells, 5);
            Assert.Equal(4 * 100, sum);
            Assert.Equal(50, adc.DelayedMicroseconds);
            Assert.Equal(4, adc.Reads);
            mux.ReadSum(Bmu16.AdcMuxAux, 5);
            Assert.Equal(50, adc.DelayedMicroseconds); // same channel: no new settling wait
            Assert.Equal(new[] { Bmu16.AdcMuxCells, Bmu16.AdcMuxAux }, adc.Opened);
        }

        private sealed class CountingAdc : IAdc, IClock
        {
            public List<int> Opened { get; } = new();

            public int Reads { get; private set; }

            public int DelayedMicroseconds { get; private set; }

            public int MaxCount => 4095;

            public long NowMs => 0;

            public void OpenChannel(int channel) => Opened.Add(channel);

            public int Read(int channel)
            {
                Reads++;
                return 100;
            }

            public void DelayMicroseconds(int microseconds) => DelayedMicroseconds += microseconds;
        }
    }
}
