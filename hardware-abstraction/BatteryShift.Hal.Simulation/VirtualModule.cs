using System;
using BatteryShift.Bms.Board;

namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// A BMU-16 board wired to a 4..16-cell LFP module, simulated at the pin level. The firmware sees only
    /// <see cref="Ports"/> (pins, ADC counts, clock, serial, store, MQTT, reset); tests and benchmarks also see
    /// <see cref="Truth"/>. Physics advances in fixed steps of <see cref="SimulationOptions.StepSeconds"/>; ADC
    /// reads sample the state of the last completed step, with the mux settling modelled in microseconds.
    /// Deterministic for a seed and a step.
    /// </summary>
    public sealed class VirtualModule
    {
        private readonly SimulationOptions _options;
        private readonly BoardParameters _board;
        private readonly FrontEndErrors _errors;
        private readonly CellBank _cells;
        private readonly SimRandom _noise;
        private readonly SimRandom _powerUp;
        private readonly long _stepUs;
        private readonly double _dt;
        private readonly int _n;
        private readonly int _cellMask;
        private readonly ActiveFaults _faults;
        private readonly BleedCircuit _bleed;
        private readonly AdcPath _adc;

        // state
        private long _timeUs;
        private long _physicsUs;
        private bool _chargeFet;
        private bool _dischargeFet;
        private int _bleedMask;
        private double _packCurrentA;
        private double _boardTempC;
        private double _shuntTempC;
        private double _sensorGainError;
        private double _sensorOffsetA;
        private bool _networkUp = true;
        private bool _hardwareProtection = true;

        /// <summary>Builds the module and powers the board up.</summary>
        /// <param name="options">Options (null: defaults).</param>
        public VirtualModule(SimulationOptions? options = null)
        {
            _options = options ?? new SimulationOptions();
            if (_options.CellCount < Bmu16.MinCells || _options.CellCount > Bmu16.MaxCells)
            {
                throw new ArgumentOutOfRangeException(nameof(options), "CellCount must be 4..16");
            }

            bool worst = _options.Adc == AdcGrade.Worst;
            if (_options.AdcCorner < -1 || _options.AdcCorner > 15)
            {
                throw new ArgumentOutOfRangeException(nameof(options), "AdcCorner must be -1 (drawn) or 0..15");
            }

            _board = worst ? WorstBoard(_options.Board, _options.WorstAdc) : _options.Board;
            _errors = _options.Adc == AdcGrade.Ideal ? WithoutAdcErrors(_options.Errors) : _options.Errors;
            _n = _options.CellCount;
            _cellMask = (1 << _n) - 1;
            _dt = _options.StepSeconds;
            _stepUs = (long)Math.Round(_options.StepSeconds * 1e6);
            if (_stepUs <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(options), "StepSeconds must be positive");
            }

            var root = new SimRandom(_options.Seed);
            SimRandom cellRandom = root.Fork();
            SimRandom boardRandom = root.Fork();
            SimRandom chipRandom = root.Fork();
            _noise = root.Fork();
            _powerUp = root.Fork();
            SimRandom worstRandom = root.Fork();
            SimRandom protectionRandom = root.Fork();

            _cells = new CellBank(_n, _options.Cell, _dt, _options.InitialSocPct, _options.InitialSocSpreadPct, _options.AmbientC, cellRandom);
            for (int k = 0; k < _n; k++)
            {
                _cells.H[k] = _options.InitialHysteresis;
                _cells.S[k] = _options.InitialHysteresis > 0 ? 1 : (_options.InitialHysteresis < 0 ? -1 : 0);
                _cells.Refresh(k);
            }

            FrontEndDrift? drift = worst ? new FrontEndDrift(_options.WorstAdc, _errors, new TermDraw(worstRandom.Fork(), _options.AdcCorner)) : null;
            FrontEnd = new AnalogFrontEnd(this, _board, _errors, boardRandom, drift);
            _adc = new AdcPath(this, _board, _errors, _noise);
            AdcChip = worst
                ? new Esp32AdcModel(_board, _errors, chipRandom, _options.WorstAdc, worstRandom.Fork(), _options.AdcCorner)
                : new Esp32AdcModel(_board, _errors, chipRandom);
            ShiftRegister = new ShiftRegisterChain((int)_powerUp.NextUInt64());

            _bleed = new BleedCircuit(_n, _board, _errors);
            _faults = new ActiveFaults(_n);
            _boardTempC = _options.AmbientC;
            _shuntTempC = _options.AmbientC;
            AmbientC = _options.AmbientC;
            Load = _options.Load;

            Gpio = new VirtualGpio(this);
            Adc = new VirtualAdc(this);
            Clock = new VirtualClock(this);
            Serial = new VirtualSerialPort(this, _options.SerialTransmitBufferBytes);
            Store = new VirtualBlobStore(this);
            Mqtt = new MqttSessionGate(this, _options.Mqtt ?? new OfflineMqttSession());
            ResetControl = new VirtualResetControl(this);
            Ports = new HardwarePorts(Gpio, Adc, Clock, Serial, Store, Mqtt, ResetControl, _options.MacAddress ?? SimulatedMacAddress.FromSeed(_options.Seed));
            Supervisor = new WatchdogSupervisor(WithCorners(protectionRandom, _board.SupervisorTimeoutMinMs, _board.SupervisorTimeoutMaxMs));
            Protector = new SecondaryProtector(
                WithCorners(protectionRandom, _board.ProtectorOvV - _board.ProtectorOvToleranceV, _board.ProtectorOvV + _board.ProtectorOvToleranceV),
                WithCorners(protectionRandom, _board.ProtectorUvV - _board.ProtectorUvToleranceV, _board.ProtectorUvV + _board.ProtectorUvToleranceV),
                WithCorners(protectionRandom, _board.ProtectorDelayMs * (1 - _board.ProtectorDelayTolerance), _board.ProtectorDelayMs * (1 + _board.ProtectorDelayTolerance)),
                _board.ProtectorHysteresisV);
            Faults = new FaultSchedule(this);
            Truth = new ModuleTruth(this, _cells);
            LastResetCause = ResetCause.PowerOn;
            UpdateOutputs();
        }

        /// <summary>The options the module was built with.</summary>
        public SimulationOptions Options => _options;

        /// <summary>Cells in series.</summary>
        public int CellCount => _n;

        /// <summary>The ports the firmware gets.</summary>
        public HardwarePorts Ports { get; }

        /// <summary>GPIO (firmware side plus pin inspection).</summary>
        public VirtualGpio Gpio { get; }

        /// <summary>ADC1.</summary>
        public VirtualAdc Adc { get; }

        /// <summary>Clock (ms since the last board start).</summary>
        public VirtualClock Clock { get; }

        /// <summary>Serial port; the host side types input and takes output.</summary>
        public VirtualSerialPort Serial { get; }

        /// <summary>Non-volatile store (survives board resets).</summary>
        public VirtualBlobStore Store { get; }

        /// <summary>The MQTT session the firmware sees (gated by <see cref="NetworkAvailable"/>).</summary>
        public MqttSessionGate Mqtt { get; }

        /// <summary>The session behind <see cref="Mqtt"/>; replace it with a broker-backed one.</summary>
        public IMqttSession MqttSession
        {
            get => Mqtt.Inner;
            set => Mqtt.Inner = value ?? new OfflineMqttSession();
        }

        /// <summary>Reset control the firmware gets.</summary>
        public VirtualResetControl ResetControl { get; }

        /// <summary>Fault injection.</summary>
        public FaultSchedule Faults { get; }

        /// <summary>The external watchdog (TPS3431 and its flip-flops) on GPIO16/GPIO17 and the FET gates.</summary>
        public WatchdogSupervisor Supervisor { get; }

        /// <summary>The independent cell-voltage protector (BQ77216 class) on the FET gates.</summary>
        public SecondaryProtector Protector { get; }

        /// <summary>
        /// True (the reference board): each FET's gate is the firmware's enable AND the supervisor armed and not timed out
        /// AND the protector's output for that FET inactive. False models a board built without the supervisor and the
        /// protector, for physics tests that drive the FET pins directly and never service a watchdog.
        /// </summary>
        public bool HardwareProtectionFitted
        {
            get => _hardwareProtection;
            set
            {
                _hardwareProtection = value;
                UpdateOutputs();
            }
        }

        /// <summary>Ground truth (for tests and benchmarks only).</summary>
        public ModuleTruth Truth { get; }

        /// <summary>The chained 74HC595s.</summary>
        public ShiftRegisterChain ShiftRegister { get; }

        /// <summary>This board's ESP32 ADC (per-chip errors).</summary>
        public Esp32AdcModel AdcChip { get; }

        /// <summary>Load and charger on the terminals (null: nothing).</summary>
        public LoadProfile? Load { get; set; }

        /// <summary>Ambient temperature, C.</summary>
        public double AmbientC { get; set; }

        /// <summary>Network for the MQTT layer; false (or a NetworkLoss fault) makes the session look disconnected.</summary>
        public bool NetworkAvailable
        {
            get => _networkUp && !_faults.NetworkLoss;
            set
            {
                bool before = NetworkAvailable;
                _networkUp = value;
                NotifyNetwork(before);
            }
        }

        /// <summary>True while the external stop input is pulled low (fault or <see cref="ExternalStopPressed"/>).</summary>
        public bool ExternalStopAsserted => _faults.ExternalStop || ExternalStopPressed;

        /// <summary>Host switch on the external stop input.</summary>
        public bool ExternalStopPressed { get; set; }

        /// <summary>Simulated time since the module was built, microseconds.</summary>
        public long TimeMicroseconds => _timeUs;

        /// <summary>Simulated time, ms.</summary>
        public long TimeMs => _timeUs / 1000;

        /// <summary>Simulated time, s.</summary>
        public double TimeSeconds => _timeUs / 1e6;

        /// <summary>Simulated time of the last board start, microseconds.</summary>
        public long BootMicroseconds { get; private set; }

        /// <summary>Physics steps taken.</summary>
        public long StepCount { get; private set; }

        /// <summary>True after a board reset until the host restarts the firmware (<see cref="AcknowledgeRestart"/>).</summary>
        public bool RestartPending { get; private set; }

        /// <summary>Cause of the last reset.</summary>
        public ResetCause LastResetCause { get; private set; }

        /// <summary>Resets since the start (not counting the first power-up).</summary>
        public int ResetCount { get; private set; }

        /// <summary>Raised when the board resets.</summary>
        public event Action<VirtualModule, ResetCause>? BoardReset;

        /// <summary>Exact current-sensor gain error set by <see cref="SetCurrentSensorError"/> (0.005 = +0.5 %).</summary>
        public double CurrentSensorGainError => _sensorGainError;

        /// <summary>Exact current-sensor offset set by <see cref="SetCurrentSensorError"/>, A.</summary>
        public double CurrentSensorOffsetA => _sensorOffsetA;

        /// <summary>
        /// Sets an exact current-sensor error on top of the board's drawn tolerances, for scenarios that name one:
        /// from now on the current amplifier senses (1 + gainError) x true current + offsetA (shunt and amplifier
        /// error referred to the input), ahead of the ADC and its own error model. Both 0 by default.
        /// </summary>
        /// <param name="gainError">Gain error as a fraction (0.005 = +0.5 %).</param>
        /// <param name="offsetA">Offset, A, positive reads as charging.</param>
        public void SetCurrentSensorError(double gainError, double offsetA)
        {
            _sensorGainError = gainError;
            _sensorOffsetA = offsetA;
            _adc.Invalidate();
        }

        /// <summary>The analog front end as built: its drawn tolerances (truth for the ADC transfer tests) and voltages.</summary>
        public AnalogFrontEnd FrontEnd { get; }

        /// <summary>The channel the mux select pins address.</summary>
        public int MuxSelect => _adc.MuxSelect;

        // ---- time ----

        /// <summary>Advances simulated time.</summary>
        /// <param name="seconds">Seconds.</param>
        public void Advance(double seconds)
        {
            AdvanceToMicroseconds(_timeUs + (long)Math.Round(seconds * 1e6));
        }

        /// <summary>Advances to an absolute simulated time (no-op when already past it).</summary>
        /// <param name="ms">Milliseconds since the module was built.</param>
        public void AdvanceTo(long ms)
        {
            AdvanceToMicroseconds(ms * 1000);
        }

        /// <summary>Advances to an absolute simulated time in microseconds.</summary>
        /// <param name="us">Microseconds since the module was built.</param>
        public void AdvanceToMicroseconds(long us)
        {
            if (us <= _timeUs)
            {
                return;
            }

            while (true)
            {
                long deadline = _hardwareProtection ? Supervisor.DeadlineUs : long.MaxValue;
                long step = _physicsUs + _stepUs;
                if (deadline <= us && deadline < step)
                {
                    _timeUs = Math.Max(_timeUs, deadline);
                    WatchdogTimeout();
                    continue;
                }

                if (step > us)
                {
                    break;
                }

                _timeUs = step;
                StepPhysics();
                _physicsUs += _stepUs;
            }

            _timeUs = us;
        }

        /// <summary>Resets the board (pins released, outputs off, registers undefined, clock restarted). The
        /// firmware must be restarted (<see cref="RestartPending"/>).</summary>
        /// <param name="cause">Cause.</param>
        public void ResetBoard(ResetCause cause = ResetCause.External)
        {
            // EN low clears the arm flip-flop; a software restart does not pull EN, so the supervisor stays armed
            if (cause != ResetCause.Software)
            {
                Supervisor.OnControllerReset();
            }

            Gpio.Release();
            Adc.Release();
            ShiftRegister.PowerUp((int)_powerUp.NextUInt64());
            Serial.PowerCycle();
            _adc.PowerUp();
            BootMicroseconds = _timeUs;
            RestartPending = true;
            LastResetCause = cause;
            ResetCount++;
            UpdateOutputs();
            BoardReset?.Invoke(this, cause);
        }

        /// <summary>The host has restarted the firmware after a reset: the board accepts its calls again.</summary>
        public void AcknowledgeRestart()
        {
            RestartPending = false;
        }

        /// <summary>Test set-up: sets a cell's state of charge (0..1) and rests its dynamics.</summary>
        /// <param name="cell">Cell index, 0-based.</param>
        /// <param name="soc">State of charge, fraction.</param>
        public void SetCellSoc(int cell, double soc)
        {
            _cells.Soc[cell] = soc;
            _cells.IR1[cell] = 0;
            _cells.IR2[cell] = 0;
            _cells.Refresh(cell);
            _adc.Invalidate();
        }

        /// <summary>Test set-up: sets the board's temperature (and the ambient, so that it stays there).</summary>
        /// <param name="temperatureC">C.</param>
        public void SetBoardTemperature(double temperatureC)
        {
            _boardTempC = temperatureC;
            AmbientC = temperatureC;
            _adc.Invalidate();
        }

        /// <summary>Test set-up: sets a cell's temperature.</summary>
        /// <param name="cell">Cell index.</param>
        /// <param name="temperatureC">C.</param>
        public void SetCellTemperature(int cell, double temperatureC)
        {
            _cells.TemperatureC[cell] = temperatureC;
            _cells.Refresh(cell);
            _adc.Invalidate();
        }

        // ---- analog ----

        /// <summary>
        /// The settled voltage the board presents for an ADC channel and mux channel (no settling, no ADC).
        /// </summary>
        /// <param name="adcChannel">ADC1 channel.</param>
        /// <param name="muxChannel">Mux channel (for channels 0 and 3).</param>
        /// <returns>Volts.</returns>
        public double ChannelVoltage(int adcChannel, int muxChannel) => FrontEnd.ChannelVoltage(adcChannel, muxChannel);

        /// <summary>The voltage on an ADC pin right now (mux channels include settling).</summary>
        /// <param name="adcChannel">ADC1 channel.</param>
        /// <returns>Volts.</returns>
        public double PinVoltage(int adcChannel) => _adc.PinVoltage(adcChannel);

        /// <summary>Cell voltage at the amplifier inputs (terminal voltage minus sense-wire drops, open wires).</summary>
        /// <param name="cell">Cell index, 0-based.</param>
        /// <returns>Volts.</returns>
        public double SensedCellVoltage(int cell) => FrontEnd.SensedCellVoltage(cell);

        // ---- pins ----

        internal void OnPinChanged(int pin, bool high)
        {
            switch (pin)
            {
                case Bmu16.PinMuxS0:
                case Bmu16.PinMuxS1:
                case Bmu16.PinMuxS2:
                case Bmu16.PinMuxS3:
                    int select = (Gpio.Level(Bmu16.PinMuxS0) ? 1 : 0) | (Gpio.Level(Bmu16.PinMuxS1) ? 2 : 0) | (Gpio.Level(Bmu16.PinMuxS2) ? 4 : 0) | (Gpio.Level(Bmu16.PinMuxS3) ? 8 : 0);
                    _adc.Select(select);

                    break;
                case Bmu16.PinBleedData:
                    ShiftRegister.SetData(high);
                    break;
                case Bmu16.PinBleedClock:
                    ShiftRegister.SetClock(high);
                    break;
                case Bmu16.PinBleedLatch:
                    if (ShiftRegister.SetLatch(high))
                    {
                        UpdateOutputs();
                    }

                    break;
                case Bmu16.PinBleedOutputEnable:
                    ShiftRegister.SetOutputEnable(high);
                    UpdateOutputs();
                    break;
                case Bmu16.PinChargeFet:
                case Bmu16.PinDischargeFet:
                    UpdateOutputs();
                    break;
                case Bmu16.PinWatchdogKick:
                    bool armed = Supervisor.Armed;
                    Supervisor.OnWdi(high, _timeUs);
                    if (armed != Supervisor.Armed)
                    {
                        UpdateOutputs();
                    }

                    break;
            }
        }

        // WDO low: the flag flip-flop sets, the arm flip-flop clears (both FET gates off), the ESP32 resets.
        private void WatchdogTimeout()
        {
            Supervisor.TimeOut(_timeUs);
            ResetBoard(ResetCause.Watchdog);
        }

        // A value of this board's part drawn within its range, the corners themselves one time in five each.
        private static double WithCorners(SimRandom random, double min, double max)
        {
            double pick = random.NextDouble();
            if (pick < 0.2)
            {
                return min;
            }

            if (pick < 0.4)
            {
                return max;
            }

            return random.Uniform(min, max);
        }

        private void UpdateOutputs()
        {
            ShiftRegister.SetOutputEnable(Gpio.Level(Bmu16.PinBleedOutputEnable));
            _bleedMask = ShiftRegister.Outputs & _cellMask;
            // the gate logic (74LVC1G11 per FET): firmware enable AND supervisor armed (WDO high) AND protector output
            bool hardwareOk = !_hardwareProtection || Supervisor.GateEnabled;
            _chargeFet = Gpio.Level(Bmu16.PinChargeFet) && hardwareOk && !(_hardwareProtection && Protector.ChargeInhibit);
            _dischargeFet = Gpio.Level(Bmu16.PinDischargeFet) && hardwareOk && !(_hardwareProtection && Protector.DischargeInhibit);
            _bleed.Update(_bleedMask, _faults.OpenWire, _cells.TerminalV);
            _adc.Invalidate();
        }


        // ---- physics ----

        private void StepPhysics()
        {
            double t = _physicsUs / 1e6;
            if (Faults.NeedsUpdate)
            {
                Faults.Update(t);
            }

            double requested = 0;
            if (Load != null)
            {
                var view = new PackView(t, _n, _cells.SumTerminalV, _cells.SumSourceV, _cells.SumSeriesOhm + _board.ExternalCircuitOhm, _chargeFet, _dischargeFet, _faults.ChargerOvervoltageCellV);
                requested = Load.CurrentA(view);
            }

            double current = requested;
            if ((current > 0 && !_chargeFet) || (current < 0 && !_dischargeFet) || double.IsNaN(current))
            {
                current = 0;
            }

            _packCurrentA = current;

            double bleedPower = 0;
            if (_bleedMask != 0)
            {
                _bleed.Update(_bleedMask, _faults.OpenWire, _cells.TerminalV);
                bleedPower = _bleed.Accumulate(Truth.BledAh, _dt);
            }

            _cells.Step(current, _bleed.ExternalA, AmbientC);
            if (Protector.Sample(_cells.TerminalV, _n, _timeUs) && _hardwareProtection)
            {
                UpdateOutputs();
            }

            double shuntPower = current * current * Bmu16.ShuntMicroOhm * 1e-6;
            _boardTempC += (bleedPower + _board.BoardAmbientConductanceWPerK * (AmbientC - _boardTempC)) * _dt / _board.BoardHeatCapacityJPerK;
            _shuntTempC += (shuntPower + _board.ShuntAmbientConductanceWPerK * (AmbientC - _shuntTempC)) * _dt / _board.ShuntHeatCapacityJPerK;
            Truth.Accumulate(current, _cells.SumTerminalV, bleedPower, _dt);
            StepCount++;
            _adc.Invalidate();
        }

        // ---- faults ----

        internal void ApplyFaults()
        {
            bool networkBefore = NetworkAvailable;
            _faults.Apply(Faults.Active(), _cells, _n);
            _bleed.Update(_bleedMask, _faults.OpenWire, _cells.TerminalV);
            _adc.Invalidate();
            NotifyNetwork(networkBefore);
        }

        internal void TriggerBrownOut()
        {
            ResetBoard(ResetCause.BrownOut);
        }

        private void NotifyNetwork(bool before)
        {
            bool now = NetworkAvailable;
            if (now != before && Mqtt.Inner is INetworkAware aware)
            {
                aware.OnNetworkChanged(now);
            }
        }

        // ---- truth accessors used by ModuleTruth ----

        internal double PackCurrentA => _packCurrentA;

        internal double BoardTemperatureC => _boardTempC;

        internal double ShuntTemperatureC => _shuntTempC;

        internal bool ChargeFetOn => _chargeFet;

        internal bool DischargeFetOn => _dischargeFet;

        internal int BleedMask => _bleedMask;

        internal double[] BleedCurrents => _bleed.BleedA;

        internal bool[] OpenWires => _faults.OpenWire;

        internal bool[] NtcOpen => _faults.NtcOpen;

        internal bool[] NtcShorted => _faults.NtcShort;

        internal double[] CellTerminalV => _cells.TerminalV;

        internal int[] AdcStuck => _faults.AdcStuck;

        internal int Convert(int channel) => _adc.Convert(channel);

        /// <summary>The current the sensing amplifier sees: true current with the set sensor error and drift, A.</summary>
        internal double SensedCurrentA
        {
            get
            {
                double drift = _faults.DriftRateAPerHour != 0 ? _faults.DriftRateAPerHour * (TimeSeconds - _faults.DriftStartS) / 3600.0 : 0;
                return (_packCurrentA * (1.0 + _sensorGainError)) + _sensorOffsetA + drift;
            }
        }

        private static BoardParameters WorstBoard(BoardParameters board, WorstAdcRanges ranges)
        {
            BoardParameters b = board.Clone();
            b.BufferOffsetV = Math.Max(b.BufferOffsetV, ranges.BufferOffsetV);
            return b;
        }

        private static FrontEndErrors WithoutAdcErrors(FrontEndErrors errors)
        {
            FrontEndErrors e = errors.Clone();
            e.AdcGain = false;
            e.AdcOffset = false;
            e.AdcInl = false;
            e.AdcDnl = false;
            e.AdcNoise = false;
            e.AdcCompression = false;
            return e;
        }
    }
}
