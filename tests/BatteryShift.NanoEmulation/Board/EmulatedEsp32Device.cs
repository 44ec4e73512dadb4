extern alias device;

using System;
using System.Threading;
using BatteryShift.Bms;
using BatteryShift.Hal.Simulation;
using BatteryShift.NanoEmulation.Native;
using EmulatedPackages = device::BatteryShift.NanoEmulation.EmulatedPackages;
using Program = device::BatteryShift.Firmware.Program;

namespace BatteryShift.NanoEmulation.Board
{
    /// <summary>
    /// An ESP32 running the unmodified firmware (BatteryShift.Firmware.Program) on the emulated packages, soldered to a virtual
    /// module, on an emulated Wi-Fi network. <see cref="PowerOn"/> boots it as a power-up does; a reboot the firmware
    /// requests through Power.RebootDevice halts it, resets the board and boots it again. One device per process at a
    /// time: the firmware and the packages keep static state, as on the chip.
    /// </summary>
    public sealed class EmulatedEsp32Device : IDisposable
    {
        private static readonly object s_oneDevice = new object();
        private readonly Thread _supervisor;
        private volatile bool _disposed;
        private BmsCore? _previousCore;
        private bool _owning;

        /// <summary>Builds the device (not yet powered).</summary>
        /// <param name="module">The virtual module the board is on.</param>
        /// <param name="network">The Wi-Fi network.</param>
        /// <param name="flash">The flash volume (null: blank).</param>
        public EmulatedEsp32Device(VirtualModule module, EmulatedNetwork network, EmulatedFlash? flash = null)
        {
            Module = module;
            Network = network;
            Flash = flash ?? new EmulatedFlash();
            Board = new VirtualEsp32Board(module) { SelfTestPassed = SelfTestPassedThisBoot };
            Runtime = new EmulatedRuntime();
            _supervisor = new Thread(Supervise) { IsBackground = true, Name = "emulated-esp32-supervisor" };
        }

        /// <summary>The virtual module.</summary>
        public VirtualModule Module { get; }

        /// <summary>The network.</summary>
        public EmulatedNetwork Network { get; }

        /// <summary>The flash volume.</summary>
        public EmulatedFlash Flash { get; }

        /// <summary>The pads, ADC and COM2.</summary>
        public VirtualEsp32Board Board { get; }

        /// <summary>The execution engine.</summary>
        public EmulatedRuntime Runtime { get; }

        /// <summary>Boots completed (the first power-up included).</summary>
        public int Boots { get; private set; }

        /// <summary>What the firmware's start threw, null when it started.</summary>
        public Exception? BootFailure { get; private set; }

        /// <summary>The core of the running firmware (null until this boot has made one).</summary>
        public BmsCore? Core => Program.Core == _previousCore ? null : Program.Core;

        /// <summary>Powers the board up and starts the firmware.</summary>
        public void PowerOn()
        {
            Monitor.Enter(s_oneDevice);
            _owning = true;
            Boot();
            _supervisor.Start();
        }

        /// <summary>
        /// Attaches the emulated chip without starting the firmware, for tests that drive the HAL or the packages
        /// themselves.
        /// </summary>
        public void AttachWithoutFirmware()
        {
            Monitor.Enter(s_oneDevice);
            _owning = true;
            EmulatedEsp32.NextGeneration();
            EmulatedPackages.ResetStatics();
            Attach();
        }

        /// <summary>Waits until a condition holds or the time is up.</summary>
        /// <param name="condition">Condition.</param>
        /// <param name="timeoutMs">Longest wait.</param>
        /// <returns>True when it held.</returns>
        public static bool WaitFor(Func<bool> condition, int timeoutMs)
        {
            long end = Environment.TickCount64 + timeoutMs;
            while (Environment.TickCount64 < end)
            {
                if (condition())
                {
                    return true;
                }

                Thread.Sleep(20);
            }

            return condition();
        }

        /// <summary>Stops the firmware and releases the emulated chip.</summary>
        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_owning)
            {
                Halt();
                EmulatedEsp32.Runtime = null!;
                _owning = false;
                Monitor.Exit(s_oneDevice);
            }
        }

        private void Boot()
        {
            EmulatedEsp32.NextGeneration();
            EmulatedPackages.ResetStatics();
            _previousCore = Program.Core;
            Attach();
            try
            {
                BootFailure = null;
                Program.Start();
                Boots++;
            }
            catch (Exception ex)
            {
                BootFailure = ex;
            }
        }

        // the firmware's static core stays the last run's until Start has made the new one
        private bool SelfTestPassedThisBoot()
        {
            BmsCore? core = Core;
            return core != null && core.StateMachine.SelfTestPassed;
        }

        private void Attach()
        {
            EmulatedEsp32.Board = Board;
            EmulatedEsp32.Flash = Flash;
            EmulatedEsp32.Wifi = Network;
            EmulatedEsp32.Tcp = Network;
            EmulatedEsp32.Runtime = Runtime;
            Board.PowerOn();
            Runtime.Run();
        }

        private void Halt()
        {
            Runtime.Halt();
            Program.Stop();
            EmulatedEsp32.NextGeneration();
            Network.PowerCycle();
            WaitFor(() => EmulatedEsp32.ThreadsAlive == 0, 3000);
        }

        private void Supervise()
        {
            while (!_disposed)
            {
                if (!Runtime.RebootRequested.WaitOne(100) || _disposed)
                {
                    continue;
                }

                Halt();
                if (_disposed)
                {
                    return;
                }

                // esp_restart: every pad back to its reset state, the board's pulls take over, then the boot
                Module.ResetBoard(ResetCause.Software);
                Module.AcknowledgeRestart();
                Boot();
            }
        }
    }
}
