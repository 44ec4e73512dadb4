// Surface of nanoFramework.System.Device.Gpio 1.1.62: the values used, with the package's values.
namespace System.Device.Gpio
{
    public enum PinMode
    {
        Input = 0,
        InputPullDown = 1,
        InputPullUp = 2,
        Output = 3,
    }
}
