// Surface of nanoFramework.System.Device.Gpio 1.1.62 (assembly System.Device.Gpio).
namespace System.Device.Gpio
{
    public sealed class GpioController
    {
        public GpioController()
        {
            throw new NotImplementedException();
        }

        public GpioPin OpenPin(int pinNumber)
        {
            throw new NotImplementedException();
        }

        public GpioPin OpenPin(int pinNumber, PinMode mode)
        {
            throw new NotImplementedException();
        }

        public PinValue Read(int pinNumber)
        {
            throw new NotImplementedException();
        }

        public void Write(int pinNumber, PinValue value)
        {
            throw new NotImplementedException();
        }
    }
}
