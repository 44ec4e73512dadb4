// EMULATION of the native side of System.Device.Gpio on ESP32, from nf-interpreter:
//   src/System.Device.Gpio/sys_dev_gpio_native_System_Device_Gpio_GpioPin.cpp (disposed checks, SetPinMode, Write:
//     CLR_E_INVALID_PARAMETER unless the stored mode is an output, Toggle, NativeInit = CPU_GPIO_ReservePin),
//   targets/ESP32/_nanoCLR/System.Device.Gpio/cpu_gpio.cpp (CPU_GPIO_ReservePin, CPU_GPIO_EnableOutputPin: reset the
//     pad, configure it as an output, THEN set it LOW; CPU_GPIO_EnableInputPin; CPU_GPIO_SetDriveMode rejects output
//     modes on input-only pads GPIO34..39; GPIO_IS_VALID_GPIO).
// CLR_E_INVALID_PARAMETER surfaces as ArgumentException, CLR_E_INVALID_OPERATION as InvalidOperationException,
// CLR_E_OBJECT_DISPOSED as ObjectDisposedException (src/CLR/CorLib/corlib_native_System_Exception.cpp).
using System.Device.Gpio;
using BatteryShift.NanoEmulation.Native;

namespace System.Device.Gpio
{
    [BatteryShift.NanoEmulation.EmulatesNative]
    internal static class Esp32GpioNative
    {
        private static readonly bool[] s_reserved = new bool[40];
        private static readonly bool[] s_stateStore = new bool[40];
        private static long s_listSteps;

        /// <summary>Entries of the open-pin list walked by controller reads and writes so far.</summary>
        internal static long ListSteps
        {
            get { return s_listSteps; }
        }

        internal static void ResetStatics()
        {
            for (int i = 0; i < s_reserved.Length; i++)
            {
                s_reserved[i] = false;
                s_stateStore[i] = false;
            }
        }

        internal static void CountListSteps(int steps)
        {
            s_listSteps += steps;
        }

        // GPIO_IS_VALID_GPIO for the ESP32: 0..39 less 20, 24 and 28..31
        internal static bool IsValid(int pin)
        {
            return pin >= 0 && pin <= 39 && pin != 20 && pin != 24 && (pin < 28 || pin > 31);
        }

        // GPIO_IS_VALID_OUTPUT_GPIO: GPIO34..39 are input only
        internal static bool IsValidOutput(int pin)
        {
            return IsValid(pin) && pin < 34;
        }

        internal static bool IsReserved(int pin)
        {
            EmulatedEsp32.EnterNative();
            return !IsValid(pin) || s_reserved[pin];
        }

        // NativeInit___BOOLEAN__I4 -> CPU_GPIO_ReservePin(pin, true): false for an invalid or reserved pin; the pad is
        // not touched
        internal static bool Init(int pin)
        {
            EmulatedEsp32.EnterNative();
            if (!IsValid(pin) || s_reserved[pin])
            {
                return false;
            }

            s_reserved[pin] = true;
            return true;
        }

        internal static void SetPinMode(GpioPin pin, PinMode mode)
        {
            EmulatedEsp32.EnterNative();
            SetPinModeNative(pin, mode);
        }

        internal static void SetPinModeNative(GpioPin pin, PinMode mode)
        {
            if (pin.Disposed)
            {
                throw new ObjectDisposedException("GpioPin");
            }

            int number = pin.PinNumber;
            bool valid;
            if (mode >= PinMode.Output)
            {
                // CPU_GPIO_EnableOutputPin(pin, GpioPinValue_Low, mode): reset, configure, then drive LOW
                valid = IsValidOutput(number);
                if (valid)
                {
                    EmulatedEsp32.Board.ResetPad(number);
                    EmulatedEsp32.Board.ConfigurePad(number, PadModeOf(mode));
                    SetPinState(number, false);
                }
            }
            else
            {
                // CPU_GPIO_EnableInputPin: reset, then configure as an input with the mode's pull
                valid = IsValid(number);
                if (valid)
                {
                    EmulatedEsp32.Board.ResetPad(number);
                    EmulatedEsp32.Board.ConfigurePad(number, PadModeOf(mode));
                }
            }

            if (!valid)
            {
                throw new ArgumentException();
            }

            pin.Mode = mode;
        }

        internal static void Write(GpioPin pin, PinValue value)
        {
            EmulatedEsp32.EnterNative();
            if (pin.Disposed)
            {
                throw new ObjectDisposedException("GpioPin");
            }

            WritePad(pin, (int)value != 0);
        }

        // GpioPin::Write(CLR_RT_HeapBlock*, GpioPinValue): the pad is set only when the stored mode is an output
        internal static void WritePad(GpioPin pin, bool high)
        {
            if (pin.Mode < PinMode.Output)
            {
                throw new ArgumentException();
            }

            SetPinState(pin.PinNumber, high);
        }

        internal static bool Read(GpioPin pin)
        {
            EmulatedEsp32.EnterNative();
            if (pin.Disposed)
            {
                throw new ObjectDisposedException("GpioPin");
            }

            return ReadPad(pin);
        }

        internal static bool ReadPad(GpioPin pin)
        {
            return EmulatedEsp32.Board.GetPadLevel(pin.PinNumber);
        }

        internal static void Toggle(GpioPin pin)
        {
            EmulatedEsp32.EnterNative();
            if (pin.Disposed)
            {
                throw new ObjectDisposedException("GpioPin");
            }

            if (pin.Mode >= PinMode.Output)
            {
                // CPU_GPIO_TogglePinState toggles the stored state, not the pad reading
                int number = pin.PinNumber;
                SetPinState(number, !s_stateStore[number]);
            }
        }

        // DisposeNative: CPU_GPIO_DisablePin(pin, PinMode_Input, 0): input, reservation released
        internal static void Dispose(GpioPin pin)
        {
            EmulatedEsp32.EnterNative();
            int number = pin.PinNumber;
            EmulatedEsp32.Board.ConfigurePad(number, PadMode.Input);
            s_reserved[number] = false;
        }

        private static void SetPinState(int number, bool high)
        {
            s_stateStore[number] = high;
            EmulatedEsp32.Board.SetPadLevel(number, high);
        }

        private static int PadModeOf(PinMode mode)
        {
            switch (mode)
            {
                case PinMode.InputPullDown:
                    return PadMode.InputPullDown;
                case PinMode.InputPullUp:
                    return PadMode.InputPullUp;
                case PinMode.Output:
                    return PadMode.Output;
                case PinMode.OutputOpenDrain:
                case PinMode.OutputOpenSource:
                    return PadMode.OutputOpenDrain;
                case PinMode.OutputOpenDrainPullUp:
                    return PadMode.OutputOpenDrainPullUp;
                case PinMode.OutputOpenSourcePullDown:
                    return PadMode.OutputOpenDrainPullDown;
                default:
                    return PadMode.Input;
            }
        }
    }
}
