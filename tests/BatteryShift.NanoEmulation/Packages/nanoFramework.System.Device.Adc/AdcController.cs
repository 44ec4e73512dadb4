// EMULATION of nanoFramework.System.Device.Adc 1.1.24, System.Device.Adc/AdcController.cs, with the native side of
// nf-interpreter targets/ESP32/_nanoCLR/System.Device.Adc/sys_dev_adc_native_System_Device_Adc_AdcController.cpp:
// 20 logical channels (0..7 ADC1 on GPIO 36, 37, 38, 39, 32, 33, 34, 35; 8, 9 internal; 10..19 ADC2), MaxValue fixed at
// 4095, NativeOpenChannel rejects a channel outside 0..TARGET_ADC_NUM_PINS with CLR_E_INVALID_PARAMETER. The package's
// "controller already exists" check tests a field that is always null in a constructor, so any number of controllers
// can be made.
using BatteryShift.NanoEmulation.Native;

namespace System.Device.Adc
{
    /// <summary>The ADC.</summary>
    public class AdcController
    {
        /// <summary>Initialises the ADC (native NativeInit: nothing to do on the ESP32).</summary>
        public AdcController()
        {
            EmulatedEsp32.EnterNative();
        }

        /// <summary>Logical channels (20 on the ESP32).</summary>
        public int ChannelCount
        {
            get
            {
                EmulatedEsp32.EnterNative();
                return 20;
            }
        }

        /// <summary>Largest raw value (4095: fixed 12 bit).</summary>
        public int MaxValue
        {
            get
            {
                EmulatedEsp32.EnterNative();
                return 4095;
            }
        }

        /// <summary>Smallest raw value (0).</summary>
        public int MinValue
        {
            get
            {
                EmulatedEsp32.EnterNative();
                return 0;
            }
        }

        /// <summary>Resolution (12 bit).</summary>
        public int ResolutionInBits
        {
            get
            {
                EmulatedEsp32.EnterNative();
                return 12;
            }
        }

        /// <summary>Opens a channel (12 dB attenuation, 12 bit). Opening a channel again makes a second handle.</summary>
        /// <param name="channelNumber">Logical channel 0..19.</param>
        /// <returns>The channel.</returns>
        /// <exception cref="ArgumentException">The channel is outside 0..20.</exception>
        public AdcChannel OpenChannel(int channelNumber)
        {
            EmulatedEsp32.EnterNative();

            // ADC_CHANNEL_0 .. TARGET_ADC_NUM_PINS (20) inclusive passes the native range check
            if (channelNumber < 0 || channelNumber > 20)
            {
                throw new ArgumentException();
            }

            return new AdcChannel(channelNumber);
        }
    }
}
