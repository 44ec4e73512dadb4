using BatteryShift.Hal;

namespace BatteryShift.Bms.Board
{
    /// <summary>
    /// Drives the select lines shared by the two CD74HC4067 multiplexers and reads a channel through
    /// ADC1 with settling and oversampling. S0 is the least significant select bit.
    /// </summary>
    public sealed class MuxScanner
    {
        private readonly IGpio _gpio;
        private readonly IAdc _adc;
        private readonly IClock _clock;
        private int _selected;

        /// <summary>From this many conversions per reading on, the two lowest and two highest are trimmed.</summary>
        public const int TrimFrom = 12;

        /// <summary>From this many conversions per reading up to <see cref="TrimFrom"/>, the lowest and highest are trimmed.</summary>
        public const int TrimOneFrom = 4;

        /// <summary>
        /// Opens the select pins (driven low: channel 0) and the two mux ADC channels.
        /// </summary>
        /// <param name="gpio">Digital pins.</param>
        /// <param name="adc">ADC1.</param>
        /// <param name="clock">Clock, for settling delays.</param>
        /// <param name="settleMicroseconds">Wait after a select change before converting.</param>
        /// <param name="oversample">Conversions summed per reading (1..64).</param>
        public MuxScanner(IGpio gpio, IAdc adc, IClock clock, int settleMicroseconds, int oversample)
        {
            _gpio = gpio;
            _adc = adc;
            _clock = clock;
            SettleMicroseconds = settleMicroseconds;
            Oversample = oversample < 1 ? 1 : (oversample > 64 ? 64 : oversample);
            _gpio.OpenOutput(Bmu16.PinMuxS0, false);
            _gpio.OpenOutput(Bmu16.PinMuxS1, false);
            _gpio.OpenOutput(Bmu16.PinMuxS2, false);
            _gpio.OpenOutput(Bmu16.PinMuxS3, false);
            _adc.OpenChannel(Bmu16.AdcMuxCells);
            _adc.OpenChannel(Bmu16.AdcMuxAux);
            _selected = 0;
        }

        /// <summary>Wait after a select change, microseconds.</summary>
        public int SettleMicroseconds { get; }

        /// <summary>Conversions summed per reading.</summary>
        public int Oversample { get; }

        /// <summary>The channel (0..15) the select lines currently address.</summary>
        public int Selected
        {
            get { return _selected; }
        }

        /// <summary>
        /// Sets the select lines to a channel. Only the lines that change are written.
        /// </summary>
        /// <param name="channel">Mux channel 0..15.</param>
        public void Select(int channel)
        {
            int changed = (_selected ^ channel) & 0x0F;
            if ((changed & 1) != 0)
            {
                _gpio.Write(Bmu16.PinMuxS0, (channel & 1) != 0);
            }

            if ((changed & 2) != 0)
            {
                _gpio.Write(Bmu16.PinMuxS1, (channel & 2) != 0);
            }

            if ((changed & 4) != 0)
            {
                _gpio.Write(Bmu16.PinMuxS2, (channel & 4) != 0);
            }

            if ((changed & 8) != 0)
            {
                _gpio.Write(Bmu16.PinMuxS3, (channel & 8) != 0);
            }

            _selected = channel & 0x0F;
        }

        /// <summary>
        /// Selects a channel, waits for the analog path to settle and returns the sum of
        /// <see cref="Oversample"/> conversions of the given mux output.
        /// </summary>
        /// <param name="adcChannel"><see cref="Bmu16.AdcMuxCells"/> or <see cref="Bmu16.AdcMuxAux"/>.</param>
        /// <param name="muxChannel">Mux channel 0..15.</param>
        /// <returns>Sum of raw counts.</returns>
        public int ReadSum(int adcChannel, int muxChannel)
        {
            return ReadSum(adcChannel, muxChannel, Oversample);
        }

        /// <summary>
        /// Selects a channel, waits for the analog path to settle and returns the sum of <paramref name="count"/>
        /// conversions of the given mux output, for a reading that needs fewer than <see cref="Oversample"/> (from
        /// <see cref="TrimFrom"/> conversions on, the extremes are trimmed as there).
        /// </summary>
        /// <param name="adcChannel"><see cref="Bmu16.AdcMuxCells"/> or <see cref="Bmu16.AdcMuxAux"/>.</param>
        /// <param name="muxChannel">Mux channel 0..15.</param>
        /// <param name="count">Conversions, 1 or more.</param>
        /// <returns>Sum of raw counts.</returns>
        public int ReadSum(int adcChannel, int muxChannel, int count)
        {
            if (_selected != muxChannel)
            {
                Select(muxChannel);
                _clock.DelayMicroseconds(SettleMicroseconds);
            }

            // the count and the port in locals: on the device every property call and field load in this loop is
            // interpreted once per conversion (docs/benchmarks.md, the device tick cost model)
            IAdc adc = _adc;
            int sum = 0;
            if (count < TrimOneFrom)
            {
                for (int i = count; i > 0; i--)
                {
                    sum += adc.Read(adcChannel);
                }

                return sum;
            }

            if (count < TrimFrom)
            {
                return ReadTrimmedOne(adc, adcChannel, count);
            }

            int low1 = int.MaxValue;
            int low2 = int.MaxValue;
            int high1 = int.MinValue;
            int high2 = int.MinValue;
            for (int i = count; i > 0; i--)
            {
                int c = adc.Read(adcChannel);
                sum += c;

                // low1 <= low2 and high1 >= high2 always: a conversion between the second lowest and the second
                // highest, most of them, is decided by two compares (on the device each is interpreted per conversion)
                if (c < low2)
                {
                    if (c < low1)
                    {
                        low2 = low1;
                        low1 = c;
                    }
                    else
                    {
                        low2 = c;
                    }
                }

                if (c > high2)
                {
                    if (c > high1)
                    {
                        high2 = high1;
                        high1 = c;
                    }
                    else
                    {
                        high2 = c;
                    }
                }
            }

            // the ESP32 throws rare spikes of hundreds of counts (Wi-Fi bursts, docs/adc-model.md): the two lowest and
            // two highest conversions are dropped and the mean of the rest is scaled back to a sum of Oversample
            int kept = count - 4;
            int trimmed = sum - low1 - low2 - high1 - high2;
            return ((trimmed * count) + (kept / 2)) / kept;
        }

        // a short reading (TrimOneFrom..TrimFrom-1 conversions): the lowest and the highest dropped, the mean of the rest
        // scaled back to a sum of count (one spike among four conversions would otherwise move it by a quarter of itself)
        private static int ReadTrimmedOne(IAdc adc, int adcChannel, int count)
        {
            int sum = 0;
            int low = int.MaxValue;
            int high = int.MinValue;
            for (int i = count; i > 0; i--)
            {
                int c = adc.Read(adcChannel);
                sum += c;
                if (c < low)
                {
                    low = c;
                }

                if (c > high)
                {
                    high = c;
                }
            }

            int kept = count - 2;
            return (((sum - low - high) * count) + (kept / 2)) / kept;
        }
    }
}
