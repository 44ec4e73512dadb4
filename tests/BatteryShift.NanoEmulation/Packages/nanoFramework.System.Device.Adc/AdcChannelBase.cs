// EMULATION of nanoFramework.System.Device.Adc 1.1.24 (System.Device.Adc/AdcChannelBase.cs).
namespace System.Device.Adc
{
    /// <summary>Base of an ADC channel.</summary>
    public abstract class AdcChannelBase
    {
        /// <summary>One raw conversion.</summary>
        /// <returns>Raw counts.</returns>
        public abstract int ReadValue();
    }
}
