// EMULATION, NOT nanoFramework: the emulation's own entry point, not part of any package.
namespace BatteryShift.NanoEmulation
{
    /// <summary>
    /// Resets the static state of the emulated packages, as a restart of the chip does (the open-pin list, the pin
    /// reservations, the serial ports, the pin map, the reboot handlers, the network helper's status).
    /// </summary>
    public static class EmulatedPackages
    {
        /// <summary>Forgets everything the previous run of the firmware left in the packages' statics.</summary>
        public static void ResetStatics()
        {
            System.Device.Gpio.GpioController.ResetStatics();
            System.Device.Gpio.Esp32GpioNative.ResetStatics();
            System.IO.Ports.SerialPort.ResetStatics();
            nanoFramework.Hardware.Esp32.Configuration.ResetStatics();
            nanoFramework.Runtime.Native.Power.ResetStatics();
            nanoFramework.Networking.WifiNetworkHelper.ResetStatics();
        }

        /// <summary>Entries of the open-pin list walked by GpioController.Read and Write so far (the cost model's
        /// native search).</summary>
        public static long GpioListSteps
        {
            get { return System.Device.Gpio.Esp32GpioNative.ListSteps; }
        }
    }
}
