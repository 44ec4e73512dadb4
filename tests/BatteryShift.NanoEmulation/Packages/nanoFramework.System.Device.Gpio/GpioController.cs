// EMULATION of nanoFramework.System.Device.Gpio 1.1.62, System.Device.Gpio/GpioController.cs: the open pins are kept
// in a static list (shared by every controller); Read and Write by number go straight to native code, which looks
// the pin up in that list (nf-interpreter sys_dev_gpio_native_System_Device_Gpio_GpioController.cpp, GetGpioPin).
using System.Collections;
using BatteryShift.NanoEmulation.Native;

namespace System.Device.Gpio
{
    /// <summary>The GPIO controller.</summary>
    public sealed class GpioController : IDisposable
    {
        private static ArrayList s_gpioPins = new ArrayList();
        private bool _disposedValue;

        /// <summary>Creates a controller (nothing is opened).</summary>
        public GpioController()
        {
        }

        internal static ArrayList OpenPins
        {
            get { return s_gpioPins; }
        }

        /// <summary>Opens a pin without setting a mode: the pad is left as it is and the pin counts as an input.</summary>
        /// <param name="pinNumber">GPIO number.</param>
        /// <returns>The pin.</returns>
        /// <exception cref="InvalidOperationException">Not a GPIO of the chip, or already open.</exception>
        public GpioPin OpenPin(int pinNumber)
        {
            GpioPin pin = InternalOpenPin(pinNumber);
            s_gpioPins.Add(pin);
            return pin;
        }

        /// <summary>Opens a pin and sets its mode.</summary>
        /// <param name="pinNumber">GPIO number.</param>
        /// <param name="mode">Mode.</param>
        /// <returns>The pin.</returns>
        /// <exception cref="InvalidOperationException">Not a GPIO of the chip, or already open.</exception>
        /// <exception cref="ArgumentException">The pad cannot take that mode.</exception>
        public GpioPin OpenPin(int pinNumber, PinMode mode)
        {
            GpioPin pin = InternalOpenPin(pinNumber);
            pin.SetPinMode(mode);
            s_gpioPins.Add(pin);
            return pin;
        }

        /// <summary>Closes a pin opened through a controller.</summary>
        /// <param name="pinNumber">GPIO number.</param>
        /// <exception cref="InvalidOperationException">The pin is not open.</exception>
        public void ClosePin(int pinNumber)
        {
            for (int i = 0; i < s_gpioPins.Count; i++)
            {
                GpioPin pin = (GpioPin)s_gpioPins[i];
                // the field, as the native walk reads it: the managed property's IL would be counted as the tick's
                if (pin._pinNumber == pinNumber)
                {
                    pin.Dispose();
                    s_gpioPins.RemoveAt(i);
                    return;
                }
            }

            throw new InvalidOperationException();
        }

        /// <summary>True when the pin is reserved (native CPU_GPIO_PinIsBusy; invalid numbers count as busy).</summary>
        /// <param name="pinNumber">GPIO number.</param>
        /// <returns>Busy or not.</returns>
        public bool IsPinOpen(int pinNumber)
        {
            return Esp32GpioNative.IsReserved(pinNumber);
        }

        /// <summary>Reads an open pin by number.</summary>
        /// <param name="pinNumber">GPIO number.</param>
        /// <returns>Level.</returns>
        /// <exception cref="InvalidOperationException">The pin is not open through a controller.</exception>
        public PinValue Read(int pinNumber)
        {
            return NativeRead(pinNumber) == 1 ? PinValue.High : PinValue.Low;
        }

        /// <summary>Writes an open output pin by number.</summary>
        /// <param name="pinNumber">GPIO number.</param>
        /// <param name="value">Level.</param>
        /// <exception cref="InvalidOperationException">The pin is not open through a controller.</exception>
        /// <exception cref="ArgumentException">The pin is not in an output mode.</exception>
        public void Write(int pinNumber, PinValue value)
        {
            NativeWrite(pinNumber, (byte)value);
        }

        /// <summary>Sets the mode of an open pin by number.</summary>
        /// <param name="pinNumber">GPIO number.</param>
        /// <param name="mode">Mode.</param>
        /// <exception cref="InvalidOperationException">The pin is not open through a controller.</exception>
        public void SetPinMode(int pinNumber, PinMode mode)
        {
            EmulatedEsp32.EnterNative();
            CheckNotDisposed();
            Esp32GpioNative.SetPinModeNative(Find(pinNumber), mode);
        }

        /// <summary>Disposes every pin opened through the controllers.</summary>
        public void Dispose()
        {
            if (!_disposedValue)
            {
                for (int i = 0; i < s_gpioPins.Count; i++)
                {
                    ((GpioPin)s_gpioPins[i]).Dispose();
                }

                _disposedValue = true;
            }
        }

        internal static void ResetStatics()
        {
            s_gpioPins = new ArrayList();
        }

        private static GpioPin InternalOpenPin(int pinNumber)
        {
            GpioPin pin = new GpioPin(pinNumber);
            if (Esp32GpioNative.Init(pinNumber))
            {
                return pin;
            }

            throw new InvalidOperationException();
        }

        // NativeRead___U1__I4: disposed check, the pin looked up in s_GpioPins, CLR_E_INVALID_OPERATION when absent
        [BatteryShift.NanoEmulation.EmulatesNative]
        private byte NativeRead(int pinNumber)
        {
            EmulatedEsp32.EnterNative();
            CheckNotDisposed();
            return Esp32GpioNative.ReadPad(Find(pinNumber)) ? (byte)1 : (byte)0;
        }

        // NativeWrite___VOID__I4__U1: as NativeRead, then GpioPin::Write (the output-mode check)
        [BatteryShift.NanoEmulation.EmulatesNative]
        private void NativeWrite(int pinNumber, byte value)
        {
            EmulatedEsp32.EnterNative();
            CheckNotDisposed();
            Esp32GpioNative.WritePad(Find(pinNumber), value != 0);
        }

        [BatteryShift.NanoEmulation.EmulatesNative]
        private void CheckNotDisposed()
        {
            if (_disposedValue)
            {
                throw new ObjectDisposedException("GpioController");
            }
        }

        // GetGpioPin: a walk of the list in order (the cost model counts its length)
        [BatteryShift.NanoEmulation.EmulatesNative]
        private static GpioPin Find(int pinNumber)
        {
            ArrayList pins = s_gpioPins;
            for (int i = 0; i < pins.Count; i++)
            {
                GpioPin pin = (GpioPin)pins[i];
                // the field, as the native walk reads it: the managed property's IL would be counted as the tick's
                if (pin._pinNumber == pinNumber)
                {
                    Esp32GpioNative.CountListSteps(i + 1);
                    return pin;
                }
            }

            Esp32GpioNative.CountListSteps(pins.Count);
            throw new InvalidOperationException();
        }
    }
}
