using System.Collections.Generic;
using BatteryShift.Bms.Board;
using BatteryShift.Hal;
using Xunit;

namespace BatteryShift.Tests.Board
{
    /// <summary>
    /// The mux reading's trimmed sum: from 12 conversions on, the two lowest and two highest are dropped, from 4 to 11
    /// the lowest and the highest, and the rest scaled back to a sum of the conversions read, so one ESP32 spike (docs/adc-model.md) does not move a reading,
    /// while symmetric scatter reads as its plain mean.
    /// </summary>
    public class MuxTrimTests
    {
        [Fact]
        public void OneSpikeAmongSixteenConversionsDoesNotMoveTheReading()
        {
            var values = new List<int>();
            for (int i = 0; i < 15; i++)
            {
                values.Add(1000);
            }

            values.Insert(7, 1400);
            var adc = new ScriptedAdc(values);
            var mux = new MuxScanner(new NoPins(), adc, adc, 50, 16);

            // plain sum would be 16400: the spike is one of the two highest and is dropped
            Assert.Equal(16 * 1000, mux.ReadSum(Bmu16.AdcMuxCells, 3));
        }

        [Fact]
        public void SymmetricScatterReadsAsItsPlainMean()
        {
            var values = new List<int>();
            for (int i = 0; i < 16; i++)
            {
                values.Add(1000 + ((i * 7) % 16));
            }

            var adc = new ScriptedAdc(values);
            var mux = new MuxScanner(new NoPins(), adc, adc, 50, 16);

            // 1000..1015 once each: the middle twelve average 1007.5, times 16 = 16120, the plain sum
            Assert.Equal(16120, mux.ReadSum(Bmu16.AdcMuxCells, 3));
        }

        [Fact]
        public void FromFourToElevenConversionsTheLowestAndHighestAreDropped()
        {
            // a spike among 8: the other seven's lowest goes with it, the six left scaled back to a sum of 8
            var values = new List<int> { 1000, 1000, 1000, 1400, 1000, 1000, 1000, 1000 };
            var adc = new ScriptedAdc(values);
            var mux = new MuxScanner(new NoPins(), adc, adc, 50, 8);
            Assert.Equal(8000, mux.ReadSum(Bmu16.AdcMuxCells, 3));

            // below four conversions the sum is plain, the spike kept
            var few = new ScriptedAdc(new List<int> { 1000, 1400, 1000, 995, 1010, 1002 });
            var plain = new MuxScanner(new NoPins(), few, few, 50, 3);
            Assert.Equal(3400, plain.ReadSum(Bmu16.AdcMuxCells, 3));

            // and the next three, all kept
            Assert.Equal(3007, plain.ReadSum(Bmu16.AdcMuxCells, 3));
        }

        [Fact]
        public void TrimmedSumMatchesTheSortedReference()
        {
            // independent truth: sort, drop the two lowest and two highest, scale the rest's sum back to 16 (rounded
            // as the firmware rounds); ties, runs and spikes from a seeded draw
            var random = new System.Random(15);
            for (int trial = 0; trial < 500; trial++)
            {
                var values = new List<int>();
                for (int i = 0; i < 16; i++)
                {
                    int v = 1000 + random.Next(-3, 4);
                    if (random.Next(10) == 0)
                    {
                        v += random.Next(-400, 401);
                    }

                    values.Add(v);
                }

                var sorted = new List<int>(values);
                sorted.Sort();
                int kept = 0;
                for (int i = 2; i < 14; i++)
                {
                    kept += sorted[i];
                }

                var adc = new ScriptedAdc(values);
                var mux = new MuxScanner(new NoPins(), adc, adc, 50, 16);
                Assert.Equal(((kept * 16) + 6) / 12, mux.ReadSum(Bmu16.AdcMuxCells, 3));
            }
        }

        [Fact]
        public void AShorterReadingTakesExactlyItsConversionsTrimmedByOne()
        {
            var values = new List<int> { 1000, 1001, 1002, 1400, 2000, 2001, 2002, 2003 };
            var adc = new ScriptedAdc(values);
            var mux = new MuxScanner(new NoPins(), adc, adc, 50, 16);

            // a reading of 4 on a scanner that oversamples 16 (the NTCs', the open-wire test's): the first four with
            // the spike and the lowest dropped, (1001 + 1002) x 4 / 2; the next reading starts at the fifth conversion
            Assert.Equal(4006, mux.ReadSum(Bmu16.AdcMuxCells, 3, 4));
            Assert.Equal(8006, mux.ReadSum(Bmu16.AdcMuxCells, 3, 4));
        }

        private sealed class ScriptedAdc : IAdc, IClock
        {
            private readonly List<int> _values;
            private int _next;

            public ScriptedAdc(List<int> values)
            {
                _values = values;
            }

            public int MaxCount => 4095;

            public long NowMs => 0;

            public void OpenChannel(int channel)
            {
            }

            public int Read(int channel) => _values[_next++ % _values.Count];

            public void DelayMicroseconds(int microseconds)
            {
            }
        }

        private sealed class NoPins : IGpio
        {
            public void OpenOutput(int pin, bool initialHigh)
            {
            }

            public void OpenInput(int pin, PinPull pull)
            {
            }

            public void Write(int pin, bool high)
            {
            }

            public bool Read(int pin) => false;
        }
    }
}
