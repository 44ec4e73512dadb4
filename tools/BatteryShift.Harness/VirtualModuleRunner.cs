using System;
using System.Collections.Generic;
using BatteryShift.Bms;
using BatteryShift.Bms.Config;
using BatteryShift.Hal;
using BatteryShift.Hal.Simulation;
using BatteryShift.Harness.HardwareProtection;

namespace BatteryShift.Harness
{
    /// <summary>
    /// Runs the unmodified firmware core (<see cref="BmsCore"/>) on a <see cref="VirtualModule"/>, as
    /// BatteryShift.Firmware's Program.Main does on the ESP32: build the core over the ports, Start, then every
    /// control-tick period Tick and Communicate. A board reset (brown-out fault, power cut during a store write,
    /// IResetControl.Reboot from the console, or <see cref="Reset"/>) rebuilds the core over the same module and
    /// store, with a fresh copy of the boot configuration, as a real restart would.
    /// </summary>
    public sealed class VirtualModuleRunner
    {
        private readonly BmsConfig _bootConfig;
        private long _nextTickUs;
        private bool _started;

        /// <summary>Builds a module from options and a core over it.</summary>
        /// <param name="options">Simulation options (null: defaults).</param>
        /// <param name="config">Configuration the firmware boots with (null: defaults).</param>
        public VirtualModuleRunner(SimulationOptions? options = null, BmsConfig? config = null)
            : this(new VirtualModule(options), config)
        {
        }

        /// <summary>Builds a core over an existing module.</summary>
        /// <param name="module">The module.</param>
        /// <param name="config">Configuration the firmware boots with (null: defaults).</param>
        public VirtualModuleRunner(VirtualModule module, BmsConfig? config = null)
        {
            Module = module;
            Adc = new ThrowingAdc(module.Adc);
            _bootConfig = new BmsConfig();
            if (config != null)
            {
                _bootConfig.CopyFrom(config);
            }

            Core = BuildCore(config);
        }

        /// <summary>The simulated module.</summary>
        public VirtualModule Module { get; }

        /// <summary>The firmware core (replaced by a new one after each reset).</summary>
        public BmsCore Core { get; private set; }

        /// <summary>The ports the core runs on.</summary>
        public HardwarePorts Ports => Module.Ports;

        /// <summary>Ground truth of the module.</summary>
        public ModuleTruth Truth => Module.Truth;

        /// <summary>Called after every Tick + Communicate (oracles, recorders). Runs in order.</summary>
        public List<Action<VirtualModuleRunner>> AfterTick { get; } = new List<Action<VirtualModuleRunner>>();

        /// <summary>Called after a reset rebuilt the core (before its Start).</summary>
        public List<Action<VirtualModuleRunner>> AfterRestart { get; } = new List<Action<VirtualModuleRunner>>();

        /// <summary>Control ticks run (all cores together).</summary>
        public long TickCount { get; private set; }

        /// <summary>Times the core was rebuilt after a reset.</summary>
        public int RestartCount { get; private set; }

        /// <summary>
        /// The ADC the core reads through: the module's, until <see cref="ThrowingAdc.Throw"/> makes every read throw (a HAL
        /// call failing inside the tick). Cleared by a reset.
        /// </summary>
        public ThrowingAdc Adc { get; }

        /// <summary>
        /// While true the control thread is hung (a deadlock, a native call that never returns): <see cref="Step"/> runs
        /// neither Tick nor Communicate, so only the board's supervisor can open the FETs. Cleared by a reset.
        /// </summary>
        public bool ControlHung { get; set; }

        /// <summary>Communication passes that threw (caught and counted, as the firmware's communication loop does).</summary>
        public long CommunicateFailures { get; private set; }

        /// <summary>Control-tick period of the running core, ms (config key module.tick).</summary>
        public int TickPeriodMs => Core.Config.Get(ModuleKeys.TickPeriodMs);

        /// <summary>Replaces the MQTT session behind the module's gate (for example a broker-backed one).</summary>
        /// <param name="session">Session.</param>
        public void UseMqttSession(IMqttSession session)
        {
            Module.MqttSession = session;
        }

        /// <summary>Starts the core (called by the first <see cref="Step"/> when not called before).</summary>
        public void Start()
        {
            _started = true;
            _nextTickUs = Module.TimeMicroseconds;
            Core.Start();
            HandleReset();
        }

        /// <summary>
        /// One control period: advances the module to the next tick time (ticks are scheduled on absolute time, so
        /// the core's own settling delays do not stretch the period), then Tick and Communicate, then the
        /// <see cref="AfterTick"/> callbacks.
        /// </summary>
        public void Step()
        {
            if (!_started)
            {
                Start();
            }

            _nextTickUs += TickPeriodMs * 1000L;
            Module.AdvanceToMicroseconds(_nextTickUs);
            HandleReset();
            if (!ControlHung)
            {
                Core.Tick();
                TickCount++;
                if (!HandleReset())
                {
                    RunCommunicate();
                    HandleReset();
                }
            }

            for (int i = 0; i < AfterTick.Count; i++)
            {
                AfterTick[i](this);
            }
        }

        /// <summary>Runs control periods until the given simulated time has passed.</summary>
        /// <param name="duration">Simulated time.</param>
        public void RunFor(TimeSpan duration)
        {
            RunSeconds(duration.TotalSeconds);
        }

        /// <summary>Runs control periods until the given simulated seconds have passed.</summary>
        /// <param name="seconds">Simulated seconds.</param>
        public void RunSeconds(double seconds)
        {
            if (!_started)
            {
                Start();
            }

            long end = Module.TimeMicroseconds + (long)Math.Round(seconds * 1e6);
            while (_nextTickUs + TickPeriodMs * 1000L <= end)
            {
                Step();
            }

            Module.AdvanceToMicroseconds(end);
            HandleReset();
        }

        /// <summary>Reboots the board (as a reset button would) and restarts the firmware.</summary>
        public void Reset()
        {
            Module.ResetBoard(ResetCause.External);
            HandleReset();
        }

        private bool HandleReset()
        {
            if (!Module.RestartPending)
            {
                return false;
            }

            Module.AcknowledgeRestart();

            // a reset ends a hung control thread and a HAL call that failed (the controller starts again)
            ControlHung = false;
            Adc.Throw = false;
            Core = BuildCore(_bootConfig);
            RestartCount++;
            for (int i = 0; i < AfterRestart.Count; i++)
            {
                AfterRestart[i](this);
            }

            _nextTickUs = Module.TimeMicroseconds;
            Core.Start();

            // a reset during Start (for example a power cut while it writes the store) restarts again
            if (Module.RestartPending)
            {
                return HandleReset();
            }

            return true;
        }

        private BmsCore BuildCore(BmsConfig? config)
        {
            var fresh = new BmsConfig();
            if (config != null)
            {
                fresh.CopyFrom(config);
            }

            HardwarePorts p = Module.Ports;
            var ports = new HardwarePorts(p.Gpio, Adc, p.Clock, p.Serial, p.Store, p.Mqtt, p.Reset, p.MacAddress);
            return new BmsCore(ports, fresh);
        }

        // the firmware's communication loop catches what a pass throws (heap exhausted, a session failing) and goes on
        private void RunCommunicate()
        {
            try
            {
                Core.Communicate();
            }
            catch (Exception)
            {
                CommunicateFailures++;
            }
        }
    }
}
