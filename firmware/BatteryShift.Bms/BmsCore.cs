using BatteryShift.Bms.Balancing;
using BatteryShift.Bms.Board;
using BatteryShift.Bms.Config;
using BatteryShift.Bms.Console;
using BatteryShift.Bms.Events;
using BatteryShift.Bms.Telemetry;
using BatteryShift.Hal;

namespace BatteryShift.Bms
{
    /// <summary>
    /// The portable BMS: composes the board drivers and the stages of the control tick over the HAL.
    /// <see cref="Tick"/> is the hard loop (acquisition, protection, estimation, balancing, outputs) and
    /// never waits on communication; <see cref="Communicate"/> runs the console and telemetry with the
    /// time that is left. Everything is allocated here, at start-up.
    /// </summary>
    public sealed class BmsCore
    {
        private readonly HardwarePorts _ports;
        private readonly MuxScanner _mux;
        private readonly BleedShiftRegister _bleed;
        private readonly BalancingController _balancing;

        /// <summary>
        /// Builds the core over the ports. Outputs are driven to their safe state here: FETs open,
        /// bleed register disabled and cleared.
        /// </summary>
        /// <param name="ports">The hardware.</param>
        /// <param name="config">Configuration (defaults or loaded).</param>
        public BmsCore(HardwarePorts ports, BmsConfig config)
        {
            _ports = ports;
            Config = config;
            _ports.Gpio.OpenOutput(Bmu16.PinChargeFet, false);
            _ports.Gpio.OpenOutput(Bmu16.PinDischargeFet, false);
            _bleed = new BleedShiftRegister(_ports.Gpio);
            _mux = new MuxScanner(_ports.Gpio, _ports.Adc, _ports.Clock, 50, 8);
            Status = new ModuleStatus();
            Status.CellCount = config.Get(ModuleKeys.CellCount);
            Events = new EventLog(64);
            _balancing = new BalancingController(config);
            Commands = new CommandProcessor(this, ports.Reset);
            SerialConsole = new SerialConsole(ports.Serial, ports.Clock, this, Commands);
            if (ports.Mqtt != null)
            {
                Mqtt = new MqttTelemetry(ports.Mqtt, ports.Clock, config, Status, Events, new ConsoleRemoteCommands(Commands), MqttTelemetry.DefaultQueueBytes);
            }
        }

        /// <summary>The command language of the serial console and MQTT (Console/CommandProcessor).</summary>
        public CommandProcessor Commands { get; }

        /// <summary>The serial monitor on COM2 (Console/SerialConsole).</summary>
        public SerialConsole SerialConsole { get; }

        /// <summary>The module state as last computed.</summary>
        public ModuleStatus Status { get; }

        /// <summary>Events for the console, telemetry and the fault log.</summary>
        public EventLog Events { get; }

        /// <summary>The configuration in force.</summary>
        public BmsConfig Config { get; }

        /// <summary>MQTT telemetry and commands (null without an MQTT session).</summary>
        public MqttTelemetry Mqtt { get; }

        /// <summary>The multiplexer driver.</summary>
        public MuxScanner Mux
        {
            get { return _mux; }
        }

        /// <summary>The bleed shift-register driver.</summary>
        public BleedShiftRegister Bleed
        {
            get { return _bleed; }
        }

        /// <summary>The balancing stage (strategy, interleave with measurement, thermal budget).</summary>
        public BalancingController Balancing
        {
            get { return _balancing; }
        }

        /// <summary>
        /// Start-up after construction: loads the stored configuration and fault log, re-asserts latched
        /// faults, runs the self-test. Outputs stay off until the self-test passes.
        /// </summary>
        public void Start()
        {
            Status.State = ModuleState.Boot;
            Status.TimeMs = _ports.Clock.NowMs;
        }

        /// <summary>
        /// One control tick: acquisition, protection, estimation, balancing, outputs. Allocates nothing.
        /// </summary>
        public void Tick()
        {
            Status.TimeMs = _ports.Clock.NowMs;

            // 1. acquisition (Measurement/)
            // 2. protection (Protection/) and the state machine (StateMachine/)
            // 3. estimation (Estimation/)
            // 4. balancing (Balancing/)
            _balancing.Update(Status, BleedOutput.Active(_bleed));

            // 5. outputs: FET enables and bleed mask
            BleedOutput.Apply(_bleed, Status.BleedMask);
            Status.TickCount++;
        }

        /// <summary>
        /// Communication: serial console and MQTT telemetry. Runs after <see cref="Tick"/>, never inside it.
        /// </summary>
        public void Communicate()
        {
            // console (Console/) and telemetry (Telemetry/)
            SerialConsole.Service();
            if (Mqtt != null)
            {
                Mqtt.Communicate();
            }

            // last: a reboot accepted by a command waits until its reply has had a pass to go out
            Commands.ServiceReboot();
        }
    }
}
