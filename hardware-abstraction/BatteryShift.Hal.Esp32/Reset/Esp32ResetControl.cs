using nanoFramework.Runtime.Native;

namespace BatteryShift.Hal.Esp32
{
    /// <summary>
    /// <see cref="IResetControl"/> through nanoFramework's <see cref="Power.RebootDevice()"/>. Outputs fall back to
    /// their reset states (board pulls: FETs off, bleeders off) while the controller restarts.
    /// </summary>
    public sealed class Esp32ResetControl : IResetControl
    {
        /// <inheritdoc/>
        public void Reboot()
        {
            Power.RebootDevice();
        }
    }
}
