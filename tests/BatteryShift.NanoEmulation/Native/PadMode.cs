namespace BatteryShift.NanoEmulation.Native
{
    /// <summary>
    /// EMULATION. The gpio_config settings CPU_GPIO_SetDriveMode makes for each nanoFramework PinMode
    /// (nf-interpreter targets/ESP32/_nanoCLR/System.Device.Gpio/cpu_gpio.cpp).
    /// </summary>
    public static class PadMode
    {
        /// <summary>GPIO_MODE_INPUT, no pull.</summary>
        public const int Input = 0;

        /// <summary>GPIO_MODE_INPUT, pull-down.</summary>
        public const int InputPullDown = 1;

        /// <summary>GPIO_MODE_INPUT, pull-up.</summary>
        public const int InputPullUp = 2;

        /// <summary>GPIO_MODE_OUTPUT (push-pull).</summary>
        public const int Output = 3;

        /// <summary>GPIO_MODE_OUTPUT_OD (OutputOpenDrain and, as the driver maps it, OutputOpenSource).</summary>
        public const int OutputOpenDrain = 4;

        /// <summary>GPIO_MODE_OUTPUT_OD with pull-up.</summary>
        public const int OutputOpenDrainPullUp = 5;

        /// <summary>GPIO_MODE_OUTPUT_OD with pull-down.</summary>
        public const int OutputOpenDrainPullDown = 7;
    }
}
