// Surface of nanoFramework.System.Device.Adc 1.1.24. In the package ReadValue is abstract here and
// overridden by AdcChannel; callers bind to this declaration either way.
namespace System.Device.Adc
{
    public abstract class AdcChannelBase
    {
        public virtual int ReadValue()
        {
            throw new NotImplementedException();
        }
    }
}
