using BatteryShift.Hal;

namespace BatteryShift.Harness.Doubles
{
    /// <summary>
    /// Pins, ADC and clock that do nothing but answer, for measuring the core's own cost (time, IL executed): writes
    /// are dropped, inputs read low, the clock stands still, and the ADC returns a constant or, with
    /// <see cref="Varying"/>, a cheap changing pattern so that no reading is predictable.
    /// </summary>
    public sealed class NullPorts : IGpio, IAdc, IClock
    {
        private int _counter;

        /// <summary>The ADC reading when not <see cref="Varying"/>.</summary>
        public int Constant { get; set; } = 100;

        /// <summary>True for a changing ADC pattern instead of the constant.</summary>
        public bool Varying { get; set; }

        /// <inheritdoc />
        public int MaxCount => 4095;

        /// <inheritdoc />
        public long NowMs => 0;

        /// <inheritdoc />
        public void OpenOutput(int pin, bool initialHigh)
        {
        }

        /// <inheritdoc />
        public void OpenInput(int pin, PinPull pull)
        {
        }

        /// <inheritdoc />
        public void Write(int pin, bool high)
        {
        }

        /// <inheritdoc />
        bool IGpio.Read(int pin) => false;

        /// <inheritdoc />
        public void OpenChannel(int channel)
        {
        }

        /// <inheritdoc />
        int IAdc.Read(int channel) => Varying ? (_counter++ ^ channel) & 0xFFF : Constant;

        /// <inheritdoc />
        public void DelayMicroseconds(int microseconds)
        {
        }
    }
}
