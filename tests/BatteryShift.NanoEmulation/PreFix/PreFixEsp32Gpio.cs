// FIXTURE: the code of hardware-abstraction/BatteryShift.Hal.Esp32/Gpio/Esp32Gpio.cs before issue 15, kept unchanged so that
// the emulation's tests show what the real packages do to it (see ../README.md). Never built for a device.
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
    /// An output is opened as an input first (the board's pull resistors hold the safe level), its output latch is loaded with the requested level, and only then is the
    /// pin switched to an output, so it never drives the wrong level. A pin may be opened again (the firmware
    /// opens the FET and bleed-enable pins before the core does); it is then re-driven, not re-created.
    /// </remarks>
    public sealed class Esp32Gpio : IGpio
    {
        /// <summary>Highest GPIO number of the ESP32 plus one.</summary>
        public const int PinCount = 40;

        private readonly GpioController _controller;
        private readonly GpioPin[] _pins = new GpioPin[PinCount];

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
            PinValue level = initialHigh ? PinValue.High : PinValue.Low;
            GpioPin gpioPin = _pins[CheckPin(pin)];
            if (gpioPin == null)
            {
                gpioPin = _controller.OpenPin(pin);
                _pins[pin] = gpioPin;
            }

            try
            {
                // loads the output latch while the pin is still an input
                gpioPin.Write(level);
            }
            catch (InvalidOperationException)
            {
                // a driver that refuses writes to inputs: the level is written again below
            }

            gpioPin.SetPinMode(PinMode.Output);
            gpioPin.Write(level);
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
        }

        /// <inheritdoc/>
        public void Write(int pin, bool high)
        {
            _controller.Write(pin, high ? PinValue.High : PinValue.Low);
        }

        /// <inheritdoc/>
        public bool Read(int pin)
        {
            return (int)_controller.Read(pin) != 0;
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
