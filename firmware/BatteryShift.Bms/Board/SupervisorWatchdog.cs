using BatteryShift.Hal;

namespace BatteryShift.Bms.Board
{
    /// <summary>
    /// The firmware's side of the board's external watchdog (TPS3431 supervisor and its two 74LVC74 flip-flops,
    /// docs/hardware.md): one pulse on <see cref="Bmu16.PinWatchdogKick"/> after each complete, healthy control tick,
    /// and the watchdog-reset flag on <see cref="Bmu16.PinWatchdogFlag"/>, read once at start-up before the first
    /// pulse clears it. Nothing here can loosen the hardware: the supervisor arms itself on the first pulse and only a
    /// reset disarms it; while it is disarmed or its timeout has run out, the board's gate logic holds both FETs open.
    /// </summary>
    public sealed class SupervisorWatchdog
    {
        private readonly IGpio _gpio;

        /// <summary>
        /// Opens the service pin low (its board pull-down holds it low through reset) and the flag pin as an input.
        /// </summary>
        /// <param name="gpio">The ESP32's pins.</param>
        public SupervisorWatchdog(IGpio gpio)
        {
            _gpio = gpio;
            _gpio.OpenOutput(Bmu16.PinWatchdogKick, false);
            _gpio.OpenInput(Bmu16.PinWatchdogFlag, PinPull.None);
        }

        /// <summary>Pulses serviced since start-up.</summary>
        public long Pulses { get; private set; }

        /// <summary>
        /// Reads the watchdog-reset flag: true when the supervisor's timeout reset the ESP32 since the flag was last
        /// cleared. Meaningful only before the first <see cref="Service"/> of this start-up, which clears it.
        /// </summary>
        /// <returns>True after a watchdog reset.</returns>
        public bool ReadResetFlag()
        {
            return _gpio.Read(Bmu16.PinWatchdogFlag);
        }

        /// <summary>
        /// One service pulse: the rising edge arms the supervisor (first pulse) and clears the reset flag, the falling
        /// edge restarts the supervisor's timeout. Allocates nothing.
        /// </summary>
        public void Service()
        {
            _gpio.Write(Bmu16.PinWatchdogKick, true);
            _gpio.Write(Bmu16.PinWatchdogKick, false);
            Pulses++;
        }
    }
}
