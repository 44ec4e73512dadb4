namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// Controller restart. On the device Reboot does not return; here it resets the board at once (pins released,
    /// outputs off, clock restarted) and marks <see cref="VirtualModule.RestartPending"/>; until the host restarts
    /// the firmware, its pin writes, serial output and store writes are ignored, as if it had stopped running.
    /// </summary>
    public sealed class VirtualResetControl : IResetControl
    {
        private readonly VirtualModule _module;

        internal VirtualResetControl(VirtualModule module)
        {
            _module = module;
        }

        /// <summary>Reboots requested by the firmware.</summary>
        public int RebootRequests { get; private set; }

        /// <inheritdoc />
        public void Reboot()
        {
            RebootRequests++;
            _module.ResetBoard(ResetCause.Software);
        }
    }
}
