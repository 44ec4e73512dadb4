using System;
using BatteryShift.Bms.Board;

namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// ADC1 of the virtual ESP32: each read converts the analog voltage the board presents on that channel at the
    /// present simulated time through the chip's <see cref="Esp32AdcModel"/>.
    /// </summary>
    public sealed class VirtualAdc : IAdc
    {
        private readonly VirtualModule _module;
        private readonly bool[] _open = new bool[8];

        internal VirtualAdc(VirtualModule module)
        {
            _module = module;
        }

        /// <summary>Conversions since start-up.</summary>
        public long ReadCount { get; private set; }

        /// <inheritdoc />
        public int MaxCount => Bmu16.MaxAdcCount;

        /// <inheritdoc />
        public void OpenChannel(int channel)
        {
            if (channel < 0 || channel >= _open.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(channel), "only ADC1 channels 0..7");
            }

            _open[channel] = true;
        }

        /// <inheritdoc />
        public int Read(int channel)
        {
            if (channel < 0 || channel >= _open.Length || !_open[channel])
            {
                throw new InvalidOperationException("ADC channel " + channel + " is not open");
            }

            ReadCount++;
            return _module.Convert(channel);
        }

        internal void Release()
        {
            Array.Clear(_open);
        }
    }
}
