// Surface of nanoFramework.System.Device.Gpio 1.1.62.
namespace System.Device.Gpio
{
    public readonly struct PinValue
    {
        public static PinValue High
        {
            get { throw new NotImplementedException(); }
        }

        public static PinValue Low
        {
            get { throw new NotImplementedException(); }
        }

        public static explicit operator int(PinValue value)
        {
            throw new NotImplementedException();
        }
    }
}
