using nanoFramework.Runtime.Native;

namespace BatteryShift.Hal.Esp32
{
    /// <summary>
    /// <see cref="IResetControl"/> through nanoFramework's <see cref="Power.RebootDevice(RebootOption)"/> with a full
    /// restart of the chip (<see cref="RebootOption.NormalReboot"/>): its outputs fall back to their reset states (board
    /// pulls: FETs off, bleeders off) while it restarts. The call returns: nanoFramework only sets a reboot request, and
    /// the chip restarts once the scheduler takes the running thread off the processor.
    /// </summary>
    public sealed class Esp32ResetControl : IResetControl
    {
        /// <inheritdoc/>
        public void Reboot()
        {
            Power.RebootDevice(RebootOption.NormalReboot);
        }
    }
}
