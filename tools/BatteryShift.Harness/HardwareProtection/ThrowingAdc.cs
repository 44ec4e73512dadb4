using System;
using BatteryShift.Hal;

namespace BatteryShift.Harness.HardwareProtection
{
    /// <summary>An ADC that passes reads to the board's until told to throw: a HAL call that fails inside the tick.</summary>
    public sealed class ThrowingAdc : IAdc
    {
        private readonly IAdc _inner;

        /// <summary>Wraps the board's ADC.</summary>
        /// <param name="inner">The board's ADC.</param>
        public ThrowingAdc(IAdc inner)
        {
            _inner = inner;
        }

        /// <summary>While true every read throws.</summary>
        public bool Throw { get; set; }

        /// <inheritdoc />
        public int MaxCount => _inner.MaxCount;

        /// <inheritdoc />
        public void OpenChannel(int channel)
        {
            _inner.OpenChannel(channel);
        }

        /// <inheritdoc />
        public int Read(int channel)
        {
            if (Throw)
            {
                throw new InvalidOperationException("ADC read failed");
            }

            return _inner.Read(channel);
        }
    }
}
