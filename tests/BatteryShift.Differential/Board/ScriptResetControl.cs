using BatteryShift.Hal;

namespace BatteryShift.Differential.Board
{
    /// <summary>Reset of the scripted board: the scenario restarts the core when one was asked for.</summary>
    public sealed class ScriptResetControl : IResetControl
    {
        /// <summary>True once <see cref="Reboot"/> was called, until the scenario restarts the core.</summary>
        public bool Requested { get; set; }

        /// <inheritdoc/>
        public void Reboot()
        {
            Requested = true;
        }
    }
}
