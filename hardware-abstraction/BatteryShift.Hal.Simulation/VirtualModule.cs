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

        // a mux output within this of its final value counts as settled (1/800 of an ADC step)
        private const double MuxSettledResidualV = 1e-6;

        // per-board front-end values

        // state
        private readonly double[] _externalA;
        private readonly double[] _bleedA;
        private readonly bool[] _openWire;
        private readonly bool[] _ntcOpen = new bool[Bmu16.TemperatureCount];
        private readonly bool[] _ntcShort = new bool[Bmu16.TemperatureCount];
        private readonly int[] _adcStuck = new int[8];
        private readonly double[] _muxStartV = new double[2];
        private readonly long[] _muxSettledUs = new long[2];
        private readonly double[] _meanCounts = new double[4];
        private readonly long[] _meanVersion = { -1, -1, -1, -1 };
        private long _analogVersion;
        private long _timeUs;
        private long _physicsUs;
        private int _muxSelect;
        private long _muxSelectUs = long.MinValue / 2;
        private bool _chargeFet;
        private bool _dischargeFet;
        private int _bleedMask;
        private double _packCurrentA;
        private double _boardTempC;
        private double _shuntTempC;
        private double _driftRateAPerHour;
        private double _driftStartS;
        private double _sensorGainError;
        private double _sensorOffsetA;
        private double _chargerOvervoltageCellV;
        private bool _networkFault;
        private bool _networkUp = true;
        private bool _externalStopFault;

        /// <summary>Builds the module and powers the board up.</summary>
        /// <param name="options">Options (null: defaults).</param>
        public VirtualModule(SimulationOptions? options = null)
        {
            _options = options ?? new SimulationOptions();
            if (_options.CellCount < Bmu16.MinCells || _options.CellCount > Bmu16.MaxCells)
            {
                throw new ArgumentOutOfRangeException(nameof(options), "CellCount must be 4..16");
            }

            _board = _options.Board;
            _errors = _options.Errors;
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

            _cells = new CellBank(_n, _options.Cell, _dt, _options.InitialSocPct, _options.InitialSocSpreadPct, _options.AmbientC, cellRandom);
            for (int k = 0; k < _n; k++)
            {
                _cells.H[k] = _options.InitialHysteresis;
                _cells.S[k] = _options.InitialHysteresis > 0 ? 1 : (_options.InitialHysteresis < 0 ? -1 : 0);
                _cells.Refresh(k);
            }

            FrontEnd = new AnalogFrontEnd(this, _board, _errors, boardRandom);
            AdcChip = new Esp32AdcModel(_board, _errors, chipRandom);
            ShiftRegister = new ShiftRegisterChain((int)_powerUp.NextUInt64());

            _externalA = new double[_n];
            _bleedA = new double[_n];
            _openWire = new bool[_n + 1];
            Array.Fill(_adcStuck, -1);
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
            Ports = new HardwarePorts(Gpio, Adc, Clock, Serial, Store, Mqtt, ResetControl);
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
            get => _networkUp && !_networkFault;
            set
            {
                bool before = NetworkAvailable;
                _networkUp = value;
                NotifyNetwork(before);
            }
        }

        /// <summary>True while the external stop input is pulled low (fault or <see cref="ExternalStopPressed"/>).</summary>
        public bool ExternalStopAsserted => _externalStopFault || ExternalStopPressed;

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
            AnalogChanged();
        }

        /// <summary>The analog front end as built: its drawn tolerances (truth for the ADC transfer tests) and voltages.</summary>
        public AnalogFrontEnd FrontEnd { get; }

        /// <summary>The channel the mux select pins address.</summary>
        public int MuxSelect => _muxSelect;

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

            while (_physicsUs + _stepUs <= us)
            {
                _timeUs = _physicsUs + _stepUs;
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
            Gpio.Release();
            Adc.Release();
            ShiftRegister.PowerUp((int)_powerUp.NextUInt64());
            Serial.PowerCycle();
            _muxSelect = 0;
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
            AnalogChanged();
        }

        /// <summary>Test set-up: sets a cell's temperature.</summary>
        /// <param name="cell">Cell index.</param>
        /// <param name="temperatureC">C.</param>
        public void SetCellTemperature(int cell, double temperatureC)
        {
            _cells.TemperatureC[cell] = temperatureC;
            _cells.Refresh(cell);
            AnalogChanged();
        }

        // ---- analog ----

        /// <summary>
        /// The settled voltage the board presents for an ADC channel and mux channel (no settling, no ADC).
        /// </summary>
        /// <param name="adcChannel">ADC1 channel.</param>
        /// <param name="muxChannel">Mux channel (for channels 0 and 3).</param>
        /// <returns>Volts.</returns>
        public double ChannelVoltage(int adcChannel, int muxChannel)
        {
            switch (adcChannel)
            {
                case Bmu16.AdcMuxCells:
                    return FrontEnd.CellAmpOutput(muxChannel);
                case Bmu16.AdcMuxAux:
                    return FrontEnd.AuxOutput(muxChannel);
                case Bmu16.AdcCurrent:
                    return FrontEnd.CurrentAmpOutput();
                case Bmu16.AdcCurrentReference:
                    return FrontEnd.RefMidV;
                default:
                    return 0.0;
            }
        }

        /// <summary>The voltage on an ADC pin right now (mux channels include settling).</summary>
        /// <param name="adcChannel">ADC1 channel.</param>
        /// <returns>Volts.</returns>
        public double PinVoltage(int adcChannel)
        {
            if (adcChannel == Bmu16.AdcMuxCells)
            {
                return MuxVoltage(0);
            }

            if (adcChannel == Bmu16.AdcMuxAux)
            {
                return MuxVoltage(1);
            }

            return ChannelVoltage(adcChannel, 0);
        }

        /// <summary>Cell voltage at the amplifier inputs (terminal voltage minus sense-wire drops, open wires).</summary>
        /// <param name="cell">Cell index, 0-based.</param>
        /// <returns>Volts.</returns>
        public double SensedCellVoltage(int cell) => FrontEnd.SensedCellVoltage(cell);

        internal int Convert(int channel)
        {
            int stuck = _adcStuck[channel];
            if (stuck >= 0)
            {
                return stuck;
            }

            // the settled input and its mean transfer only change with the physics step or a pin/fault change:
            // oversampled reads of one channel reuse them
            int slot = channel == Bmu16.AdcMuxCells ? 0 : (channel == Bmu16.AdcMuxAux ? 1 : (channel == Bmu16.AdcCurrent ? 2 : 3));
            bool settling = slot < 2 && _errors.MuxSettling && _timeUs < _muxSettledUs[slot];
            if (settling)
            {
                return AdcChip.Convert(PinVoltage(channel), _boardTempC, _noise);
            }

            if (_meanVersion[slot] != _analogVersion)
            {
                _meanCounts[slot] = AdcChip.MeanCounts(PinVoltage(channel), _boardTempC);
                _meanVersion[slot] = _analogVersion;
            }

            return AdcChip.ConvertMean(_meanCounts[slot], _noise);
        }

        private void AnalogChanged()
        {
            _analogVersion++;
        }

        private double MuxVoltage(int mux)
        {
            double target = mux == 0 ? FrontEnd.CellAmpOutput(_muxSelect) : FrontEnd.AuxOutput(_muxSelect);
            if (!_errors.MuxSettling)
            {
                return target;
            }

            double elapsedUs = _timeUs - _muxSelectUs;
            double tau = _board.MuxSettleTauUs;
            if (_timeUs >= _muxSettledUs[mux])
            {
                return target;
            }

            return target + (_muxStartV[mux] - target) * Math.Exp(-elapsedUs / tau);
        }

        // When the exponential step from the last output to the new channel's has decayed below 1 uV (1/800 of an
        // ADC step), the mux output is taken as settled: the conversions after it skip the per-read exponential.
        private long SettledAtUs(double startV, double targetV)
        {
            double step = Math.Abs(startV - targetV);
            if (step <= MuxSettledResidualV)
            {
                return _timeUs;
            }

            return _timeUs + (long)Math.Ceiling(_board.MuxSettleTauUs * Math.Log(step / MuxSettledResidualV));
        }

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
                    if (select != _muxSelect)
                    {
                        _muxStartV[0] = MuxVoltage(0);
                        _muxStartV[1] = MuxVoltage(1);
                        _muxSelect = select;
                        _muxSelectUs = _timeUs;
                        _muxSettledUs[0] = SettledAtUs(_muxStartV[0], FrontEnd.CellAmpOutput(select));
                        _muxSettledUs[1] = SettledAtUs(_muxStartV[1], FrontEnd.AuxOutput(select));
                        AnalogChanged();
                    }

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
            }
        }

        private void UpdateOutputs()
        {
            ShiftRegister.SetOutputEnable(Gpio.Level(Bmu16.PinBleedOutputEnable));
            _bleedMask = ShiftRegister.Outputs & _cellMask;
            _chargeFet = Gpio.Level(Bmu16.PinChargeFet);
            _dischargeFet = Gpio.Level(Bmu16.PinDischargeFet);
            UpdateBleedCurrents();
            AnalogChanged();
        }

        private void UpdateBleedCurrents()
        {
            double r = _board.BleedResistorOhm + _board.BleedFetOhm;
            double rw = _errors.SenseWireDrop ? 2 * _board.SenseWireOhm : 0;
            for (int k = 0; k < _n; k++)
            {
                double i = 0;
                if ((_bleedMask >> k & 1) != 0)
                {
                    bool lowOpen = k > 0 && _openWire[k];
                    bool highOpen = _openWire[k + 1];
                    if (!lowOpen && !highOpen)
                    {
                        i = _cells.TerminalV[k] / (r + rw);
                    }
                    else if (highOpen && k + 1 < _n && (_bleedMask >> (k + 1) & 1) != 0)
                    {
                        i = (_cells.TerminalV[k] + _cells.TerminalV[k + 1]) / (2 * r + rw);
                    }
                    else if (lowOpen && (_bleedMask >> (k - 1) & 1) != 0)
                    {
                        i = (_cells.TerminalV[k] + _cells.TerminalV[k - 1]) / (2 * r + rw);
                    }
                }

                _bleedA[k] = i;
                _externalA[k] = _board.BoardSupplyCurrentA + i;
            }
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
                var view = new PackView(t, _n, _cells.SumTerminalV, _cells.SumSourceV, _cells.SumSeriesOhm + _board.ExternalCircuitOhm, _chargeFet, _dischargeFet, _chargerOvervoltageCellV);
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
                UpdateBleedCurrents();
                double rb = _board.BleedResistorOhm;
                double[] bled = Truth.BledAh;
                for (int k = 0; k < _n; k++)
                {
                    double ib = _bleedA[k];
                    if (ib != 0)
                    {
                        bleedPower += ib * ib * rb;
                        bled[k] += ib * _dt / 3600.0;
                    }
                }
            }

            _cells.Step(current, _externalA, AmbientC);

            double shuntPower = current * current * Bmu16.ShuntMicroOhm * 1e-6;
            _boardTempC += (bleedPower + _board.BoardAmbientConductanceWPerK * (AmbientC - _boardTempC)) * _dt / _board.BoardHeatCapacityJPerK;
            _shuntTempC += (shuntPower + _board.ShuntAmbientConductanceWPerK * (AmbientC - _shuntTempC)) * _dt / _board.ShuntHeatCapacityJPerK;
            Truth.Accumulate(current, _cells.SumTerminalV, bleedPower, _dt);
            StepCount++;
            AnalogChanged();
        }

        // ---- faults ----

        internal void ApplyFaults()
        {
            bool networkBefore = NetworkAvailable;
            Array.Clear(_openWire);
            Array.Clear(_ntcOpen);
            Array.Clear(_ntcShort);
            Array.Fill(_adcStuck, -1);
            Array.Clear(_cells.SoftShortOhm);
            Array.Clear(_cells.ExtraHeatW);
            double driftRate = 0;
            double driftStart = 0;
            _chargerOvervoltageCellV = 0;
            _networkFault = false;
            _externalStopFault = false;
            foreach (Fault f in Faults.Active())
            {
                int t = f.Target;
                switch (f.Kind)
                {
                    case FaultKind.OpenSenseWire:
                        if (t >= 0 && t <= _n)
                        {
                            _openWire[t] = true;
                        }

                        break;
                    case FaultKind.NtcOpen:
                        _ntcOpen[t] = true;
                        break;
                    case FaultKind.NtcShort:
                        _ntcShort[t] = true;
                        break;
                    case FaultKind.AdcStuck:
                        _adcStuck[t] = (int)Math.Clamp(f.Value, 0, Bmu16.MaxAdcCount);
                        break;
                    case FaultKind.SoftShort:
                        _cells.SoftShortOhm[t] = f.Value;
                        break;
                    case FaultKind.CellHeating:
                        _cells.ExtraHeatW[t] += f.Value;
                        break;
                    case FaultKind.CurrentOffsetDrift:
                        driftRate = f.Value;
                        driftStart = f.StartSeconds;
                        break;
                    case FaultKind.ChargerOvervoltage:
                        _chargerOvervoltageCellV = f.Value;
                        break;
                    case FaultKind.NetworkLoss:
                        _networkFault = true;
                        break;
                    case FaultKind.ExternalStop:
                        _externalStopFault = true;
                        break;
                }
            }

            if (driftRate != _driftRateAPerHour || driftStart != _driftStartS)
            {
                _driftRateAPerHour = driftRate;
                _driftStartS = driftStart;
            }

            UpdateBleedCurrents();
            AnalogChanged();
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

        internal double[] BleedCurrents => _bleedA;

        internal bool[] OpenWires => _openWire;

        internal bool[] NtcOpen => _ntcOpen;

        internal bool[] NtcShorted => _ntcShort;

        internal double[] CellTerminalV => _cells.TerminalV;

        /// <summary>The current the sensing amplifier sees: true current with the set sensor error and drift, A.</summary>
        internal double SensedCurrentA
        {
            get
            {
                double drift = _driftRateAPerHour != 0 ? _driftRateAPerHour * (TimeSeconds - _driftStartS) / 3600.0 : 0;
                return (_packCurrentA * (1.0 + _sensorGainError)) + _sensorOffsetA + drift;
            }
        }
    }
}
