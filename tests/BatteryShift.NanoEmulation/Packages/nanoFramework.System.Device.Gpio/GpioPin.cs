// EMULATION of nanoFramework.System.Device.Gpio 1.1.62, System.Device.Gpio/GpioPin.cs (managed side: every call takes
// the pin's lock, then the native method) with the native side of nf-interpreter
// src/System.Device.Gpio/sys_dev_gpio_native_System_Device_Gpio_GpioPin.cpp (see Esp32GpioNative).
using BatteryShift.NanoEmulation.Native;

namespace System.Device.Gpio
{
    /// <summary>One GPIO pin, opened through <see cref="GpioController.OpenPin(int)"/>.</summary>
    public sealed class GpioPin : IDisposable
    {
        private readonly object _syncLock = new object();
        // read directly by the native list walk (GetGpioPin reads the field, not the managed property)
        internal readonly int _pinNumber;

        // the package initialises the managed mode field to Input: a pin opened without a mode is an input to the
        // native Write check, whatever the pad was doing
        private PinMode _pinMode = PinMode.Input;
        private bool _disposedValue;

        internal GpioPin(int pinNumber)
        {
            _pinNumber = pinNumber;
        }

        /// <summary>The pin's GPIO number.</summary>
        public int PinNumber
        {
            get { return _pinNumber; }
        }

        internal PinMode Mode
        {
            get { return _pinMode; }
            set { _pinMode = value; }
        }

        internal bool Disposed
        {
            get { return _disposedValue; }
        }

        /// <summary>The mode last set.</summary>
        /// <returns>Mode.</returns>
        /// <exception cref="ObjectDisposedException">The pin is disposed.</exception>
        public PinMode GetPinMode()
        {
            lock (_syncLock)
            {
                EmulatedEsp32.CountLock();
                if (!_disposedValue)
                {
                    return _pinMode;
                }

                throw new ObjectDisposedException("GpioPin");
            }
        }

        /// <summary>Sets the drive mode (native: validates it, configures the pad, stores it).</summary>
        /// <param name="value">Mode.</param>
        /// <exception cref="ArgumentException">The pad cannot take that mode (an output mode on GPIO34..39).</exception>
        /// <exception cref="ObjectDisposedException">The pin is disposed.</exception>
        public void SetPinMode(PinMode value)
        {
            lock (_syncLock)
            {
                EmulatedEsp32.CountLock();
                Esp32GpioNative.SetPinMode(this, value);
            }
        }

        /// <summary>Reads the pad's level (native: gpio_get_level; an output pad reads low, its input being off).</summary>
        /// <returns>Level.</returns>
        /// <exception cref="ObjectDisposedException">The pin is disposed.</exception>
        [BatteryShift.NanoEmulation.EmulatesNative] // an InternalCall in the package (no lock, no managed code)
        public PinValue Read()
        {
            return Esp32GpioNative.Read(this) ? PinValue.High : PinValue.Low;
        }

        /// <summary>Writes the output level (native: only while the pin's mode is an output).</summary>
        /// <param name="value">Level.</param>
        /// <exception cref="ArgumentException">The pin is not in an output mode (CLR_E_INVALID_PARAMETER).</exception>
        /// <exception cref="ObjectDisposedException">The pin is disposed.</exception>
        public void Write(PinValue value)
        {
            lock (_syncLock)
            {
                EmulatedEsp32.CountLock();
                Esp32GpioNative.Write(this, value);
            }
        }

        /// <summary>Inverts an output (native; does nothing on an input).</summary>
        /// <exception cref="ObjectDisposedException">The pin is disposed.</exception>
        [BatteryShift.NanoEmulation.EmulatesNative] // an InternalCall in the package (no lock, no managed code)
        public void Toggle()
        {
            Esp32GpioNative.Toggle(this);
        }

        /// <summary>Releases the pin: the pad becomes an input and the number can be opened again.</summary>
        public void Dispose()
        {
            lock (_syncLock)
            {
                EmulatedEsp32.CountLock();
                if (!_disposedValue)
                {
                    Esp32GpioNative.Dispose(this);
                    _disposedValue = true;
                }
            }
        }
    }
}
