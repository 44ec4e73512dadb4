// EMULATION of nanoFramework.System.Device.Gpio 1.1.62 (System.Device.Gpio/PinMode.cs): the package's values in order.
namespace System.Device.Gpio
{
    /// <summary>Pin drive mode (values as the package's).</summary>
    public enum PinMode
    {
        /// <summary>Input.</summary>
        Input,

        /// <summary>Input with pull-down.</summary>
        InputPullDown,

        /// <summary>Input with pull-up.</summary>
        InputPullUp,

        /// <summary>Push-pull output.</summary>
        Output,

        /// <summary>Open-drain output.</summary>
        OutputOpenDrain,

        /// <summary>Open-drain output with pull-up.</summary>
        OutputOpenDrainPullUp,

        /// <summary>Open-source output.</summary>
        OutputOpenSource,

        /// <summary>Open-source output with pull-down.</summary>
        OutputOpenSourcePullDown,
    }
}
