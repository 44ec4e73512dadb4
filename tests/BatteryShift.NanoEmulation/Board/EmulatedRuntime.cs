using System.Threading;
using BatteryShift.NanoEmulation.Native;

namespace BatteryShift.NanoEmulation.Board
{
    /// <summary>
    /// The execution engine of the emulated ESP32: records the reboot request (and halts the device's native calls,
    /// as the scheduler stops running managed threads), and holds the device configuration's CA roots.
    /// </summary>
    public sealed class EmulatedRuntime : IRuntimeHost
    {
        private readonly ManualResetEventSlim _rebootRequested = new ManualResetEventSlim(false);
        private volatile bool _halted;

        /// <summary>CA roots stored in the device configuration (PEM), null for none.</summary>
        public string? StoredCaBundle { get; set; }

        string IRuntimeHost.StoredCaBundle => StoredCaBundle!;

        /// <inheritdoc />
        public bool Halted => _halted;

        /// <summary>Reboots requested through Power.RebootDevice.</summary>
        public int RebootRequests { get; private set; }

        /// <summary>The RebootOption of the last request.</summary>
        public int LastRebootOption { get; private set; } = -1;

        /// <summary>Set when a reboot is requested.</summary>
        public WaitHandle RebootRequested => _rebootRequested.WaitHandle;

        /// <inheritdoc />
        public void RequestReboot(int option)
        {
            RebootRequests++;
            LastRebootOption = option;
            _halted = true;
            _rebootRequested.Set();
        }

        internal void Run()
        {
            _rebootRequested.Reset();
            _halted = false;
        }

        internal void Halt()
        {
            _halted = true;
        }
    }
}
