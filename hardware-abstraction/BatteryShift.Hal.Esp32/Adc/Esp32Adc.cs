using System;
using System.Device.Adc;

namespace BatteryShift.Hal.Esp32
{
    /// <summary>
    /// <see cref="IAdc"/> on nanoFramework's <see cref="AdcController"/>: raw counts at the fixed 12 dB
    /// attenuation, no calibration (the core calibrates against the board references every scan).
    /// Only ADC1 is accepted: nanoFramework channels 0..7 are GPIO 36, 37, 38, 39, 32, 33, 34, 35 and 8, 9
    /// are internal; channels 10..19 are ADC2, which fails while Wi-Fi runs (nf-interpreter
    /// targets/ESP32/_nanoCLR/System.Device.Adc: adc2_get_raw while Wi-Fi runs).
    /// </summary>
    public sealed class Esp32Adc : IAdc
    {
        /// <summary>Channels of ADC1 in nanoFramework's numbering (0..9).</summary>
        public const int Adc1ChannelCount = 10;

        private readonly AdcController _controller;
        private readonly AdcChannel[] _channels = new AdcChannel[Adc1ChannelCount];
        private readonly int _maxCount;

        /// <summary>
        /// Opens the ADC controller.
        /// </summary>
        public Esp32Adc()
        {
            _controller = new AdcController();
            _maxCount = _controller.MaxValue;
        }

        /// <inheritdoc/>
        public int MaxCount
        {
            get { return _maxCount; }
        }

        /// <summary>
        /// Opens an ADC1 channel once at start-up.
        /// </summary>
        /// <param name="channel">nanoFramework channel number, 0..9.</param>
        /// <exception cref="ArgumentOutOfRangeException">The channel is not on ADC1 (10..19 are ADC2).</exception>
        public void OpenChannel(int channel)
        {
            if (channel < 0 || channel >= Adc1ChannelCount)
            {
                throw new ArgumentOutOfRangeException();
            }

            if (_channels[channel] == null)
            {
                _channels[channel] = _controller.OpenChannel(channel);
            }
        }

        /// <inheritdoc/>
        public int Read(int channel)
        {
            return _channels[channel].ReadValue();
        }
    }
}
