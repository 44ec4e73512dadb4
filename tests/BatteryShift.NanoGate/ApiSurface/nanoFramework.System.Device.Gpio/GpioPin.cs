// Surface of nanoFramework.System.Device.Gpio 1.1.62.
namespace System.Device.Gpio
{
    public sealed class GpioPin
    {
        internal GpioPin()
        {
        }

        public void SetPinMode(PinMode value)
        {
            throw new NotImplementedException();
        }

        public void Write(PinValue value)
        {
            throw new NotImplementedException();
        }
    }
}
