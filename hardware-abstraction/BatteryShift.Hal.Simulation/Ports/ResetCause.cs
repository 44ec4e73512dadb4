namespace BatteryShift.Hal.Simulation
{
    /// <summary>Why the board last reset.</summary>
    public enum ResetCause
    {
        /// <summary>First power-up.</summary>
        PowerOn = 0,

        /// <summary>The firmware asked (IResetControl.Reboot).</summary>
        Software = 1,

        /// <summary>Supply brown-out (fault injection or a power cut during a store write).</summary>
        BrownOut = 2,

        /// <summary>The host asked (VirtualModule.ResetBoard).</summary>
        External = 3,

        /// <summary>The external watchdog's timeout (WDO low pulls the ESP32's EN low).</summary>
        Watchdog = 4,
    }
}
