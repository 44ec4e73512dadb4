using System;
using BatteryShift.Bms.Balancing;
using BatteryShift.Bms.Board;
using BatteryShift.Bms.Config;
using BatteryShift.Bms.Console;
using BatteryShift.Bms.Estimation;
using BatteryShift.Bms.Events;
using BatteryShift.Bms.Measurement;
using BatteryShift.Bms.Outputs;
using BatteryShift.Bms.Persistence;
using BatteryShift.Bms.Protection;
using BatteryShift.Bms.StateMachine;
using BatteryShift.Bms.Telemetry;
using BatteryShift.Hal;

namespace BatteryShift.Bms
{
    /// <summary>
    /// The portable BMS: composes the board drivers and the stages of the control tick over the HAL.
    /// <see cref="Tick"/> is the hard loop (acquisition, protection, estimation, balancing, outputs) and
    /// never waits on communication; <see cref="Communicate"/> runs the console and telemetry with the
    /// time that is left. Everything is allocated here, at start-up.
    /// Commands for the console and MQTT (each returns a <see cref="ResultCode"/>): <see cref="ClearFaults(bool)"/>,
    /// <see cref="Calibrate"/>, <see cref="CalibrateCurrent"/>, <see cref="SaveConfig"/>,
    /// <see cref="EnterService"/>, <see cref="ExitService"/>. Every limit and sensor fault (name, thresholds'
    /// keys, levels, delay, release, reaction) is a row of <see cref="DiagnosisTable"/>; live thresholds through
    /// <see cref="Protection"/>; the persistent fault log through <see cref="FaultLog"/>.
    /// </summary>
    public sealed class BmsCore
    {
        private readonly HardwarePorts _ports;

        // On the device Tick runs on the control thread and Communicate on the communication thread: this lock
        // keeps a console or MQTT command (clear, cal, config set) from changing state in the middle of a tick,
        // and telemetry from reading a half-written status.
        private readonly object _sync = new object();
        private readonly MuxScanner _mux;
        private readonly BleedShiftRegister _bleed;
        private readonly BalancingController _balancing;
        private readonly Calibration _calibration;
        private readonly Acquisition _acquisition;
        private readonly ProtectionMonitor _protection;
        private readonly ModuleStateMachine _stateMachine;
        private readonly OutputStage _outputs;
        private readonly ExternalStopInput _externalStop;
        private readonly StatusLed _statusLed;
        private readonly CurrentLimits _limits;
        private readonly InverterLimits _inverterLimits;
        private readonly ConfigStore _configStore;
        private readonly CalibrationStore _calibrationStore;
        private readonly FaultLog _faultLog;
        private readonly SocEstimator _estimator;
        private readonly SupervisorWatchdog _watchdog;
        private long _lastTickStartMs = -1;

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
            _watchdog = new SupervisorWatchdog(_ports.Gpio);
            _statusLed = new StatusLed(_ports.Gpio);
            _bleed = new BleedShiftRegister(_ports.Gpio, _ports.Clock);
            _mux = new MuxScanner(_ports.Gpio, _ports.Adc, _ports.Clock, 50, 16);
            Status = new ModuleStatus();
            Status.CellCount = config.Get(ModuleKeys.CellCount);
            Events = new EventLog(64);
            _calibration = new Calibration();
            _acquisition = new Acquisition(_ports.Adc, _mux, _bleed, Status, config, Events, _calibration);
            _externalStop = new ExternalStopInput(_ports.Gpio, Status);
            _protection = new ProtectionMonitor(Status, config, Events);
            _stateMachine = new ModuleStateMachine(Status, config, Events);
            _outputs = new OutputStage(_ports.Gpio, _bleed, Status, config);
            _limits = new CurrentLimits(Status, config);
            _inverterLimits = new InverterLimits(Status, _limits);

            // the stores (configuration, calibration, fault log, the estimator's learned state) encode and decode their
            // blobs in one buffer: each use begins and ends within one call, and those calls come from Start, Tick or
            // the locked part of Communicate, which never overlap
            byte[] storeBuffer = new byte[Larger(Larger(ConfigStore.BufferBytes(), EstimatorRecord.Capacity), Larger(FaultLog.BufferBytes, CalibrationStore.BufferBytes))];
            _configStore = new ConfigStore(_ports.Store, storeBuffer);
            _calibrationStore = new CalibrationStore(_ports.Store, storeBuffer);
            _faultLog = new FaultLog(_ports.Store, storeBuffer);
            _balancing = new BalancingController(config);
            _balancing.Calibration = _calibration;
            Commands = new CommandProcessor(this, ports.Reset);
            SerialConsole = new SerialConsole(ports.Serial, ports.Clock, this, Commands);
            if (ports.Mqtt != null)
            {
                Mqtt = new MqttTelemetry(ports.Mqtt, ports.Clock, config, Status, Events, new ConsoleRemoteCommands(Commands), MqttTelemetry.DefaultQueueBytes);
                Mqtt.UseMacAddress(ports.MacAddress);
                Mqtt.Limits = _inverterLimits;
            }
            _estimator = new SocEstimator(config, ports.Store, storeBuffer);
            _estimator.Calibration = _calibration;
            _estimator.Events = Events;
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

        /// <summary>The limits a power converter follows (CVL, CCL, DCL, allowed flags, validity, reason), updated every
        /// tick; the retained limits message is written from it.</summary>
        public InverterLimits Limits
        {
            get { return _inverterLimits; }
        }

        /// <summary>State of charge and health estimation.</summary>
        public SocEstimator Estimator
        {
            get { return _estimator; }
        }

        /// <summary>The bleed driver: the one owner of the bleed register (mask, pause for the scan, open-wire pattern).</summary>
        public BleedShiftRegister Bleed
        {
            get { return _bleed; }
        }

        /// <summary>The balancing stage (strategy, bleed permission, thermal budget).</summary>
        public BalancingController Balancing
        {
            get { return _balancing; }
        }

        /// <summary>Acquisition stage (ADC correction, raw readings, auto-zero).</summary>
        public Acquisition Measurement
        {
            get { return _acquisition; }
        }

        /// <summary>What bounds a calibration point (why the last one was refused).</summary>
        public CalibrationGuard CalibrationGuard { get; } = new CalibrationGuard();

        /// <summary>Per-channel calibration constants in force.</summary>
        public Calibration Calibration
        {
            get { return _calibration; }
        }

        /// <summary>Protection: values, thresholds, release levels, delays and trip times per limit id.</summary>
        public ProtectionMonitor Protection
        {
            get { return _protection; }
        }

        /// <summary>The state machine (self-test status, service).</summary>
        public ModuleStateMachine StateMachine
        {
            get { return _stateMachine; }
        }

        /// <summary>The external watchdog's service pulse and reset flag.</summary>
        public SupervisorWatchdog Watchdog
        {
            get { return _watchdog; }
        }

        /// <summary>The fault log that survives resets (for the console's faults and log commands).</summary>
        public FaultLog FaultLog
        {
            get { return _faultLog; }
        }

        /// <summary>Result of loading the stored configuration at <see cref="Start"/> (Ok, Corrupt, OutOfRange).</summary>
        public int ConfigLoadResult
        {
            get { return _configStore.LastLoadResult; }
        }

        /// <summary>
        /// Start-up after construction: loads the stored configuration and fault log, re-asserts latched
        /// faults, runs the self-test. Outputs stay off until the self-test passes.
        /// </summary>
        public void Start()
        {
            Status.TimeMs = _ports.Clock.NowMs;
            _outputs.AllOff();

            // the watchdog-reset flag is read before the first service pulse, which clears it
            Status.WatchdogReset = _watchdog.ReadResetFlag();
            int configResult = _configStore.Load(Config);
            int calibrationResult = _calibrationStore.Load(_calibration);
            Status.CellCount = Config.Get(ModuleKeys.CellCount);
            if (Mqtt != null)
            {
                // topics and discovery were built on the defaults: take the stored names and cell count
                Mqtt.ApplyConfig();
            }

            int latched = _faultLog.Load();
            Events.Append(Status.TimeMs, EventKind.Boot, Status.WatchdogReset ? EventKind.BootAfterWatchdog : 0, _faultLog.BootCount);
            _faultLog.SkipTo(Events);

            // a rejected record is never a silent fallback: a status bit, an event and its serial line
            StoreFallback.Announce(Status, Events, Status.TimeMs, StoreFallback.Configuration, configResult);
            StoreFallback.Announce(Status, Events, Status.TimeMs, StoreFallback.Calibration, calibrationResult);
            StoreFallback.Announce(Status, Events, Status.TimeMs, StoreFallback.FaultLog, _faultLog.LastLoadResult);
            _protection.Relatch(latched);
            _stateMachine.Enter(ModuleState.SelfTest);
            _estimator.Start(Status);
        }

        /// <summary>
        /// One control tick: acquisition, protection, estimation, balancing, outputs; then, only when all of it ran
        /// without an exception, one service pulse for the external watchdog. A tick that throws forces both FETs
        /// open, latches <see cref="LimitIds.FirmwareFault"/> (both stay open in the ticks after it, until a clear) and
        /// does not service the watchdog. Allocates nothing (unless something throws).
        /// </summary>
        public void Tick()
        {
            lock (_sync)
            {
                try
                {
                    RunStages();
                }
                catch (Exception)
                {
                    FailTick();
                    return;
                }

                // a complete, healthy tick: the supervisor's timeout starts again
                _watchdog.Service();
            }
        }

        /// <summary>
        /// Communication: serial console and MQTT telemetry. Runs after <see cref="Tick"/>, never inside it; on
        /// the device on its own thread, safe to call while another thread runs <see cref="Tick"/>.
        /// </summary>
        public void Communicate()
        {
            // Console commands and telemetry read and change what the tick uses: they run under the same lock,
            // between two ticks, and never wait on the network there (a command's flash write is the longest).
            lock (_sync)
            {
                // the fault log first: a latch is on flash before the console or telemetry report it
                _faultLog.Flush();
                Commands.ExpireRemote(_ports.Clock.NowMs);
                SerialConsole.Service();
                if (Mqtt != null)
                {
                    Mqtt.Collect();
                }

                // the estimator's learned state, written outside the hard loop
                _estimator.SaveIfDue();
            }

            // connecting and sending wait on the network: outside the lock, so the tick never waits on them
            if (Mqtt != null)
            {
                Mqtt.Transmit();
            }

            // last: a reboot accepted by a command waits until its reply has had a pass to go out
            Commands.ServiceReboot();
        }

        /// <summary>
        /// Clears latched faults whose cause is gone (value beyond the fault's release level), as from the local
        /// console.
        /// </summary>
        /// <returns>Ok when nothing stays latched; CauseActive when a cause is still present (that fault stays).</returns>
        public int ClearFaults()
        {
            return ClearFaults(true);
        }

        /// <summary>
        /// Clears latched faults whose cause is gone; the lost fault log (<see cref="LimitIds.FaultLogLost"/>) only
        /// when <paramref name="local"/>.
        /// </summary>
        /// <param name="local">True for the local (serial) console.</param>
        /// <returns>Ok when nothing stays latched; CauseActive when a cause is still present or a local-only fault
        /// was cleared remotely (that fault stays).</returns>
        public int ClearFaults(bool local)
        {
            int result = _protection.ClearFaults(local);
            _faultLog.Track(Events, Status.FaultMask);
            _faultLog.Flush();
            return result;
        }

        /// <summary>
        /// Two-point calibration of a cell channel from a multimeter reading, in service only. The first call
        /// for a cell sets its offset; a second call at a voltage at least 100 mV away sets gain and offset.
        /// The constants are stored at once.
        /// </summary>
        /// <param name="cellIndex">Cell index 0..cells-1.</param>
        /// <param name="multimeterMv">The multimeter's reading of that cell, mV.</param>
        /// <returns>Ok, Refused (not in service), BadArgument (cell), OutOfRange (reading, resulting constants, or a rule of
        /// <see cref="CalibrationGuard"/>), StorageError.</returns>
        public int Calibrate(int cellIndex, int multimeterMv)
        {
            CalibrationGuard.Forget();
            if (_stateMachine.State != ModuleState.Service)
            {
                return ResultCode.Refused;
            }

            if (cellIndex < 0 || cellIndex >= Status.CellCount)
            {
                return ResultCode.BadArgument;
            }

            if (multimeterMv < 2000 || multimeterMv > 4000 || !Status.MeasurementValid)
            {
                return ResultCode.OutOfRange;
            }

            int result = CalibrationGuard.TryAddPoint(_calibration, cellIndex, _acquisition.CellRawAverageMv(cellIndex), multimeterMv);
            return result == ResultCode.Ok ? _calibrationStore.Save(_calibration) : result;
        }

        /// <summary>
        /// Calibrates the current gain from a clamp meter while at least 10 A flows (not in service: the FETs
        /// are open there). Stored at once.
        /// </summary>
        /// <param name="referenceMa">The clamp meter's reading, mA, positive into the module.</param>
        /// <returns>Ok, BadArgument (too little current), OutOfRange, StorageError.</returns>
        public int CalibrateCurrent(int referenceMa)
        {
            int result = CalibrationGuard.TrySetCurrentGain(_calibration, _acquisition.CurrentRawAverageMa, referenceMa);
            return result == ResultCode.Ok ? _calibrationStore.Save(_calibration) : result;
        }

        /// <summary>
        /// Stores the configuration and the calibration constants (atomic, with version and CRC).
        /// </summary>
        /// <returns>Ok or StorageError.</returns>
        public int SaveConfig()
        {
            int result = _configStore.Save(Config);
            return result == ResultCode.Ok ? _calibrationStore.Save(_calibration) : result;
        }

        /// <summary>
        /// Enters service (calibration): FETs open, bleeders off, protection still running.
        /// </summary>
        /// <returns>Ok, or Refused before start-up.</returns>
        public int EnterService()
        {
            int result = _stateMachine.EnterService();
            if (result == ResultCode.Ok)
            {
                _outputs.AllOff();
            }

            return result;
        }

        /// <summary>
        /// Leaves service through a new self-test.
        /// </summary>
        /// <returns>Ok, or Refused when not in service.</returns>
        public int ExitService()
        {
            return _stateMachine.ExitService();
        }

        private void RunStages()
        {
            long now = _ports.Clock.NowMs;
            CountLate(now);
            Status.TimeMs = now;

            // 1. acquisition (Measurement/): the bleed driver pauses the bleeders for the cell scan (Status.CellScanBleedersOff)
            // the open-wire test and the SOC filter's step are the two heaviest pieces of periodic work: the test waits
            // one scan when the step falls due in this tick
            _acquisition.Scan(_outputs.CurrentKnownZero(now), _estimator.StepDue(now));

            // 2. protection (Protection/) and the state machine (StateMachine/); the external stop is read
            // right before, so an asserted input opens both FETs in this tick's outputs
            _externalStop.Read();
            _protection.Evaluate();
            _stateMachine.Step();

            // 3. estimation (Estimation/)
            _estimator.Tick(Status);

            // 4. balancing (Balancing/): writes Status.BleedMask from clean scans
            _balancing.Update(Status, _bleed.ActiveMask);

            // 5. outputs: FET enables and the bleed mask (only while BleedPermission allows), then the inverter limits
            _outputs.Apply(_stateMachine.State, _stateMachine.SelfTestPassed);
            _limits.Update();
            _inverterLimits.Update();
            _statusLed.Update(_stateMachine.State, now);

            // 6. the persistent fault log takes the new events in RAM; it is written by Communicate, never here
            _faultLog.Track(Events, Status.FaultMask);
            Status.TickCount++;
        }

        // A tick began later than one and a half periods after the one before (the control thread was held up).
        private void CountLate(long now)
        {
            long last = _lastTickStartMs;
            _lastTickStartMs = now;
            if (last < 0)
            {
                return;
            }

            int periodMs = Config.Get(ModuleKeys.TickPeriodMs);
            if (now - last > periodMs + (periodMs / 2))
            {
                Status.LateTickCount++;
            }
        }

        // The latch first (RAM only, cannot fail), then the pins: if the outputs are what failed, the watchdog this
        // tick did not service opens the FETs by hardware.
        private void FailTick()
        {
            Status.FailedTickCount++;
            _protection.Latch(LimitIds.FirmwareFault, Status.FailedTickCount > int.MaxValue ? int.MaxValue : (int)Status.FailedTickCount);
            try
            {
                _outputs.ForceOff();
                _faultLog.Track(Events, Status.FaultMask);
            }
            catch (Exception)
            {
                // nothing more can be done from the control thread
            }
        }

        private static int Larger(int a, int b)
        {
            return a > b ? a : b;
        }
    }
}
