// Surface of nanoFramework.System.Device.Adc 1.1.24 (assembly System.Device.Adc).
namespace System.Device.Adc
{
    public sealed class AdcController
    {
        public AdcController()
        {
            throw new NotImplementedException();
        }

        public int MaxValue
        {
            get { throw new NotImplementedException(); }
        }

        public AdcChannel OpenChannel(int channelNumber)
        {
            throw new NotImplementedException();
        }
    }
}
