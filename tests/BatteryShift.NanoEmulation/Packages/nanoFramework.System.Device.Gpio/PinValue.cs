// EMULATION of nanoFramework.System.Device.Gpio 1.1.62 (System.Device.Gpio/PinValue.cs): a struct of one byte,
// 0 low and 1 high; High and Low make a new value each time (on nanoFramework a value-type heap block).
namespace System.Device.Gpio
{
    /// <summary>A pin level.</summary>
    public readonly struct PinValue
    {
        private readonly byte _value;

        private PinValue(byte value)
        {
            _value = value;
        }

        /// <summary>High.</summary>
        public static PinValue High
        {
            get { return new PinValue(1); }
        }

        /// <summary>Low.</summary>
        public static PinValue Low
        {
            get { return new PinValue(0); }
        }

        /// <summary>0 is low, anything else high.</summary>
        /// <param name="value">Level.</param>
        public static implicit operator PinValue(int value)
        {
            return value == 0 ? Low : High;
        }

        /// <summary>False is low, true high.</summary>
        /// <param name="value">Level.</param>
        public static implicit operator PinValue(bool value)
        {
            return value ? High : Low;
        }

        /// <summary>1 for high, 0 for low.</summary>
        /// <param name="value">Level.</param>
        public static explicit operator byte(PinValue value)
        {
            return value._value;
        }

        /// <summary>1 for high, 0 for low.</summary>
        /// <param name="value">Level.</param>
        public static explicit operator int(PinValue value)
        {
            return value._value;
        }

        /// <summary>True for high.</summary>
        /// <param name="value">Level.</param>
        public static explicit operator bool(PinValue value)
        {
            return value._value != 0;
        }

        /// <summary>Same level.</summary>
        /// <param name="a">First.</param>
        /// <param name="b">Second.</param>
        public static bool operator ==(PinValue a, PinValue b)
        {
            return a.Equals(b);
        }

        /// <summary>Different level.</summary>
        /// <param name="a">First.</param>
        /// <param name="b">Second.</param>
        public static bool operator !=(PinValue a, PinValue b)
        {
            return !a.Equals(b);
        }

        /// <summary>Same level.</summary>
        /// <param name="other">Other.</param>
        /// <returns>True when equal.</returns>
        public bool Equals(PinValue other)
        {
            return other._value == _value;
        }

        /// <inheritdoc/>
        public override bool Equals(object obj)
        {
            return obj is PinValue && Equals((PinValue)obj);
        }

        /// <inheritdoc/>
        public override int GetHashCode()
        {
            return _value;
        }

        /// <inheritdoc/>
        public override string ToString()
        {
            return _value == 0 ? "Low" : "High";
        }
    }
}
