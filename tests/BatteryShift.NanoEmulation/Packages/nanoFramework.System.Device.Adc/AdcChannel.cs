// EMULATION of nanoFramework.System.Device.Adc 1.1.24, System.Device.Adc/AdcChannel.cs (ReadValue takes the channel's
// lock, checks disposal, then calls native) with the native side of nf-interpreter
// targets/ESP32/_nanoCLR/System.Device.Adc/sys_dev_adc_native_System_Device_Adc_AdcChannel.cpp (CONFIG_IDF_TARGET_ESP32:
// channels 0..7 are adc1_get_raw, raw 12-bit counts at 12 dB, no calibration; 8 the temperature sensor; 9 the Hall sensor,
// CLR_E_INVALID_PARAMETER with IDF 5; 10..19 ADC2 through adc2_get_raw, which fails while Wi-Fi runs: CLR_E_PIN_UNAVAILABLE).
using BatteryShift.NanoEmulation.Native;

namespace System.Device.Adc
{
    /// <summary>An open ADC channel.</summary>
    public class AdcChannel : AdcChannelBase, IDisposable
    {
        private readonly object _syncLock = new object();
        private readonly int _channelNumber;
        private bool _disposed;

        internal AdcChannel(int channelNumber)
        {
            _channelNumber = channelNumber;
        }

        /// <summary>One raw conversion (0..4095 on the ESP32).</summary>
        /// <returns>Raw counts.</returns>
        /// <exception cref="ObjectDisposedException">The channel is disposed.</exception>
        /// <exception cref="ArgumentException">Channel 9 (no Hall sensor with IDF 5).</exception>
        /// <exception cref="Exception">An ADC2 channel while Wi-Fi runs (CLR_E_PIN_UNAVAILABLE).</exception>
        public override int ReadValue()
        {
            lock (_syncLock)
            {
                EmulatedEsp32.CountLock();
                if (_disposed)
                {
                    throw new ObjectDisposedException("AdcChannel");
                }

                return NativeReadValue();
            }
        }

        /// <summary>Closes the channel.</summary>
        public void Dispose()
        {
            lock (_syncLock)
            {
                EmulatedEsp32.CountLock();
                _disposed = true;
            }
        }

        [BatteryShift.NanoEmulation.EmulatesNative]
        private int NativeReadValue()
        {
            EmulatedEsp32.EnterNative();
            if (_channelNumber <= 7)
            {
                return EmulatedEsp32.Board.ConvertAdc1(_channelNumber);
            }

            if (_channelNumber == 8)
            {
                // temprature_sens_read(): the raw internal sensor, not a pin
                return 128;
            }

            if (_channelNumber == 9)
            {
                throw new ArgumentException();
            }

            if (EmulatedEsp32.Wifi != null && EmulatedEsp32.Wifi.HasAddress)
            {
                throw new Exception("CLR_E_PIN_UNAVAILABLE: ADC2 is in use by Wi-Fi");
            }

            return 0;
        }
    }
}
