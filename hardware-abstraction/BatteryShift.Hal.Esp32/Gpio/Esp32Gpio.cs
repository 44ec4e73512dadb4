using System;
using System.Device.Gpio;

namespace BatteryShift.Hal.Esp32
{
    /// <summary>
    /// <see cref="IGpio"/> on nanoFramework's <see cref="GpioController"/>. Pin numbers are ESP32 GPIO numbers;
    /// which pin does what is the board definition's business (BatteryShift.Bms Board/Bmu16), passed in by the
    /// firmware composition, so this assembly knows nothing of the BMS.
    /// </summary>
    /// <remarks>
    /// <para>nanoFramework refuses a write to a pin that is not an output (GpioPin.Write: ArgumentException), and
    /// switching a pin to an output drives it low before any level can be written (nf-interpreter's
    /// CPU_GPIO_EnableOutputPin). So an output opened low is opened as an output at once (it is driven low from that
    /// moment, which is the level asked for), and an output opened high stays an input with its internal pull-up,
    /// which with the board's pull-up holds it high, until the first write of low makes it an output driven low.
    /// Neither ever drives the opposite level. A pin opened high must therefore have a pull-up on the board (the only
    /// one is the bleed register's output enable, pulled up).</para>
    /// <para>Writes go to the held <see cref="GpioPin"/> objects, and only when the level changes, through
    /// <see cref="GpioPin.Toggle"/>: in System.Device.Gpio 1.1.62 Toggle is the one write that goes straight to native
    /// code (nf-interpreter's GpioPin Toggle___VOID: the pin's stored output state inverted, no managed lock, no
    /// PinValue, no search of the open pins), while GpioPin.Write takes the pin's managed lock around its native call
    /// and GpioController.Write has the native code walk the controller's list of open pins for the number
    /// (docs/benchmarks.md, the device tick cost model). The level this class last gave each output is kept here; it
    /// is the state nanoFramework stores for the pin, since every change of it goes through this class.</para>
    /// <para>A pin may be opened again (the firmware opens the FET and bleed-enable pins before the core does); it is
    /// then re-driven, not re-created.</para>
    /// </remarks>
    public sealed class Esp32Gpio : IGpio
    {
        /// <summary>Highest GPIO number of the ESP32 plus one.</summary>
        public const int PinCount = 40;

        private readonly GpioController _controller;
        private readonly GpioPin[] _pins = new GpioPin[PinCount];
        private readonly bool[] _output = new bool[PinCount];
        private readonly bool[] _high = new bool[PinCount];

        /// <summary>
        /// Takes the controller's pins.
        /// </summary>
        /// <param name="controller">The one GPIO controller of the application.</param>
        public Esp32Gpio(GpioController controller)
        {
            _controller = controller;
        }

        /// <inheritdoc/>
        public void OpenOutput(int pin, bool initialHigh)
        {
            GpioPin gpioPin = _pins[CheckPin(pin)];
            if (gpioPin == null)
            {
                _pins[pin] = _controller.OpenPin(pin, initialHigh ? PinMode.InputPullUp : PinMode.Output);
                _output[pin] = !initialHigh;
                _high[pin] = false;
                return;
            }

            if (_output[pin])
            {
                Drive(gpioPin, pin, initialHigh);
            }
            else
            {
                gpioPin.SetPinMode(initialHigh ? PinMode.InputPullUp : PinMode.Output);
                _output[pin] = !initialHigh;
                _high[pin] = false;
            }
        }

        /// <inheritdoc/>
        public void OpenInput(int pin, PinPull pull)
        {
            PinMode mode = pull == PinPull.Up ? PinMode.InputPullUp : (pull == PinPull.Down ? PinMode.InputPullDown : PinMode.Input);
            GpioPin gpioPin = _pins[CheckPin(pin)];
            if (gpioPin == null)
            {
                _pins[pin] = _controller.OpenPin(pin, mode);
            }
            else
            {
                gpioPin.SetPinMode(mode);
            }

            _output[pin] = false;
        }

        /// <inheritdoc/>
        public void Write(int pin, bool high)
        {
            GpioPin gpioPin = _pins[pin];
            if (_output[pin])
            {
                // nothing to do at the level the output holds, one native toggle otherwise
                if (_high[pin] != high)
                {
                    gpioPin.Toggle();
                    _high[pin] = high;
                }

                return;
            }

            if (gpioPin == null)
            {
                throw new InvalidOperationException();
            }

            if (!high)
            {
                // an output opened high and held by the pull-ups: becoming an output drives it low
                gpioPin.SetPinMode(PinMode.Output);
                _output[pin] = true;
                _high[pin] = false;
            }
        }

        /// <inheritdoc/>
        public bool Read(int pin)
        {
            // GpioPin.Read is a native method (no lock, no search of the open pins)
            GpioPin gpioPin = _pins[CheckPin(pin)];
            if (gpioPin == null)
            {
                throw new InvalidOperationException();
            }

            return (int)gpioPin.Read() != 0;
        }

        // an output: nothing to do at the level it holds, one native toggle otherwise
        private void Drive(GpioPin gpioPin, int pin, bool high)
        {
            if (_high[pin] != high)
            {
                gpioPin.Toggle();
                _high[pin] = high;
            }
        }

        private static int CheckPin(int pin)
        {
            if (pin < 0 || pin >= PinCount)
            {
                throw new ArgumentOutOfRangeException();
            }

            return pin;
        }
    }
}
