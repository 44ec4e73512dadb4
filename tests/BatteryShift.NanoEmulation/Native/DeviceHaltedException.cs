using System;

namespace BatteryShift.NanoEmulation.Native
{
    /// <summary>
    /// EMULATION. Thrown into a device thread that calls native code after the engine has stopped (a reboot is
    /// pending): it unwinds the thread, as the chip simply stops running it.
    /// </summary>
    public sealed class DeviceHaltedException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public DeviceHaltedException()
            : base("the emulated ESP32 is rebooting")
        {
        }
    }
}
