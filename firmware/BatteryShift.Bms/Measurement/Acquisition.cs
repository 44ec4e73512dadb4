using BatteryShift.Bms.Board;
using BatteryShift.Bms.Config;
using BatteryShift.Bms.Events;
using BatteryShift.Hal;
using BatteryShift.Bms.Util;

namespace BatteryShift.Bms.Measurement
{
    /// <summary>
    /// First stage of the control tick: scans both muxes and the current channels, corrects the ADC from the
    /// references every scan, applies the per-channel calibration, converts to cell mV, 0.1 C, mA and module mV,
    /// and checks plausibility. Results go to <see cref="ModuleStatus"/>; sensor faults to
    /// <see cref="ModuleStatus.SensorFaultMask"/> and the event log. Allocates nothing.
    /// </summary>
    public sealed class Acquisition
    {
        /// <summary>Conversions of each current channel per scan (interleaved, amplifier output and reference).</summary>
        public const int CurrentOversample = 64;

        /// <summary>Current per millivolt at the amplifier output, mA (INA240A1 gain 20 on 100 uOhm: 2 mV/A, Bmu16.cs).</summary>
        public const float MaPerMv = 1000000f / (Bmu16.CurrentAmpGain * Bmu16.ShuntMicroOhm);

        /// <summary>A cell reading below this is not a cell but an open sense wire, mV.</summary>
        public const int OpenWireLowMv = 1000;

        /// <summary>A cell reading above this is not a cell but an open sense wire, mV.</summary>
        public const int OpenWireHighMv = 4300;

        /// <summary>Largest offset auto-zero may absorb, mA (INA240 offset 25 uV is 0.25 A; margin for drift).</summary>
        public const float MaxZeroMa = 3000f;

        /// <summary>Largest deviation of the current amplifier reference from REF_MID, mV.</summary>
        public const int CurrentReferenceWindowMv = 60;

        /// <summary>Ticks between open-wire tests (the two bleed patterns alternate).</summary>
        public const int OpenWireTestPeriodTicks = 10;

        /// <summary>Largest auto-zero offset of a healthy current sensor, mA (INA240 25 uV is 0.25 A; beyond this it has drifted).</summary>
        public const float MaxHealthyZeroMa = 1000f;

        /// <summary>
        /// Largest corrected reading of the mux B ground channel, mV: more means an ADC offset, a lifted analog
        /// ground or a mux that does not switch (ESP32 ADC offset is tens of mV; the correction removes most).
        /// </summary>
        public const int GroundToleranceMv = 150;

        /// <summary>Lowest plausible 3.3 V rail (read through the 1/2 divider), mV: references and NTCs depend on it.</summary>
        public const int RailLowMv = 3000;

        /// <summary>Highest plausible 3.3 V rail, mV.</summary>
        public const int RailHighMv = 3600;

        /// <summary>Consecutive scans a sensor condition must be present (or absent) to raise (or clear).</summary>
        public const int SensorDebounceScans = 2;

        private readonly IAdc _adc;
        private readonly IClock _clock;
        private readonly MuxScanner _mux;
        private readonly BleedShiftRegister _bleed;
        private readonly ModuleStatus _status;
        private readonly BmsConfig _config;
        private readonly EventLog _events;
        private readonly AdcCorrection _correction = new AdcCorrection();
        private readonly Calibration _calibration;
        private readonly int[] _cellSums = new int[Bmu16.MaxCells];
        private readonly int[] _auxSums = new int[16];
        private readonly float[] _cellRawMv = new float[Bmu16.MaxCells];
        private readonly float[] _cellRawAverageMv = new float[Bmu16.MaxCells];
        private readonly int[] _sensorCount = new int[SensorFaultIds.Count];
        private readonly int[] _sensorValue = new int[SensorFaultIds.Count];
        private readonly bool[] _sensorNow = new bool[SensorFaultIds.Count];
        private readonly int[] _testSums = new int[Bmu16.MaxCells];
        private readonly int[] _openTap = new int[] { -1, -1 };
        private int _openWireCountdown = 1;
        private int _openWirePattern;
        private float _zeroMa;
        private int _zeroSamples;
        private bool _averageSeeded;

        /// <summary>
        /// Opens the current channels; the mux channels are opened by the scanner.
        /// </summary>
        /// <param name="adc">ADC1.</param>
        /// <param name="clock">Clock, for the bleed-off settling wait.</param>
        /// <param name="mux">Mux scanner.</param>
        /// <param name="bleed">Bleed register, paused for the cell scan.</param>
        /// <param name="status">The blackboard.</param>
        /// <param name="config">Configuration.</param>
        /// <param name="events">Event log.</param>
        /// <param name="calibration">Calibration constants.</param>
        public Acquisition(IAdc adc, IClock clock, MuxScanner mux, BleedShiftRegister bleed, ModuleStatus status, BmsConfig config, EventLog events, Calibration calibration)
        {
            _adc = adc;
            _clock = clock;
            _mux = mux;
            _bleed = bleed;
            _status = status;
            _config = config;
            _events = events;
            _calibration = calibration;
            _adc.OpenChannel(Bmu16.AdcCurrent);
            _adc.OpenChannel(Bmu16.AdcCurrentReference);
            UseCorrection = true;
            UseCalibration = true;
        }

        /// <summary>The ADC correction in use.</summary>
        public AdcCorrection Correction
        {
            get { return _correction; }
        }

        /// <summary>Apply the per-scan reference correction (off only to measure what it gains).</summary>
        public bool UseCorrection { get; set; }

        /// <summary>Apply the per-channel calibration (off only to measure what it gains).</summary>
        public bool UseCalibration { get; set; }

        /// <summary>Current before gain calibration, offset removed, mA.</summary>
        public float CurrentRawMa { get; private set; }

        /// <summary>Current before gain calibration, offset removed, averaged over recent scans, mA.</summary>
        public float CurrentRawAverageMa { get; private set; }

        /// <summary>Offset removed by auto-zero, mA.</summary>
        public float CurrentZeroMa
        {
            get { return _zeroMa; }
        }

        /// <summary>Scans that contributed to the auto-zero offset.</summary>
        public int ZeroSamples
        {
            get { return _zeroSamples; }
        }

        /// <summary>
        /// A cell's reading after ADC correction and before calibration, averaged over recent scans, mV
        /// (what a multimeter reading is compared with).
        /// </summary>
        /// <param name="cell">Cell index.</param>
        /// <returns>mV.</returns>
        public float CellRawAverageMv(int cell)
        {
            return _cellRawAverageMv[cell];
        }

        /// <summary>
        /// Takes one scan and updates the status. When bleeders are on, the measurement phase disables the
        /// bleed register (every bleeder off at once, the latched mask kept), waits meas.bleed_settle and scans
        /// the cells, then enables the register again: bleed current flows in the sense wires (hardware.md), so
        /// cells are always read unloaded and <see cref="ModuleStatus.CellScanBleedersOff"/> tells the balancer so.
        /// </summary>
        /// <param name="currentIsZero">True when both FETs have been open long enough that no current flows (auto-zero).</param>
        public void Scan(bool currentIsZero)
        {
            int cells = _status.CellCount;
            bool paused = _bleed.Enabled && _bleed.LatchedMask != 0;
            if (paused)
            {
                _bleed.Disable();
                _clock.DelayMicroseconds(_config.Get(ProtectionKeys.BleedSettleUs));
            }

            for (int ch = 0; ch < cells; ch++)
            {
                _cellSums[ch] = _mux.ReadSum(Bmu16.AdcMuxCells, ch);
            }

            bool tested = false;
            if (--_openWireCountdown <= 0 && cells > 1)
            {
                _openWireCountdown = OpenWireTestPeriodTicks;
                OpenWireScan(cells, paused);
                tested = true;
            }
            else if (paused)
            {
                _bleed.Enable();
            }

            _status.CellScanBleedersOff = paused;
            for (int ch = 0; ch < 16; ch++)
            {
                _auxSums[ch] = _mux.ReadSum(Bmu16.AdcMuxAux, ch);
            }

            float n = _mux.Oversample;
            for (int i = 0; i < SensorFaultIds.Count; i++)
            {
                _sensorNow[i] = false;
            }

            // 1. references: per-scan gain, offset and bow
            bool refsOk = _correction.Update(_auxSums[Bmu16.AuxRefLow] / n, _auxSums[Bmu16.AuxRefMid] / n, _auxSums[Bmu16.AuxRefHigh] / n);
            if (!refsOk)
            {
                if (_correction.Stuck)
                {
                    Flag(SensorFaultIds.AdcStuck, Bmu16.AdcMuxAux);
                }
                else
                {
                    Flag(SensorFaultIds.ReferenceOutOfRange, _correction.FailedReference);
                }
            }
            else
            {
                // ground and the 3.3 V rail, read in the same aux pass (no extra conversions): a plausibility
                // check of the corrected ADC at both ends of its range
                int groundMv = FloatMath.Round(ToMv(_auxSums[Bmu16.AuxGround] / n));
                _status.AuxGroundMv = groundMv;
                _status.RailMv = FloatMath.Round(ToMv(_auxSums[Bmu16.AuxRailHalf] / n) * Bmu16.RailDividerRatio);
                if (groundMv > GroundToleranceMv || groundMv < -GroundToleranceMv)
                {
                    Flag(SensorFaultIds.ReferenceOutOfRange, Bmu16.AuxGround);
                }
                else if (_status.RailMv < RailLowMv || _status.RailMv > RailHighMv)
                {
                    Flag(SensorFaultIds.ReferenceOutOfRange, Bmu16.AuxRailHalf);
                }
            }

            // 2. module voltage, then the cells; a stuck aux converter input leaves the aux values as they were
            bool auxStuck = !refsOk && _correction.Stuck;
            if (!auxStuck)
            {
                _status.ModuleVoltageMv = FloatMath.Round(ToMv(_auxSums[Bmu16.AuxModuleDivider] / n) * Bmu16.ModuleDividerRatio);
            }

            ConvertCells(cells, n);
            if (tested)
            {
                EvaluateOpenWire(cells, n);
            }

            if (_openTap[0] >= 0 || _openTap[1] >= 0)
            {
                Flag(SensorFaultIds.OpenSenseWire, _openTap[0] >= 0 ? _openTap[0] : _openTap[1]);
            }

            // 3. temperatures (ratiometric to REF_HI)
            if (auxStuck)
            {
                _status.TemperatureValidMask = 0;
            }
            else
            {
                ConvertTemperatures(n);
            }

            // 4. the module voltage cross-checked against the sum of cells
            if (_status.MeasurementValid && !_sensorNow[SensorFaultIds.OpenSenseWire])
            {
                int difference = _status.ModuleVoltageMv - _status.SumOfCellsMv;
                if (difference > _config.Get(ProtectionKeys.SumToleranceMv) || difference < -_config.Get(ProtectionKeys.SumToleranceMv))
                {
                    Flag(SensorFaultIds.SumMismatch, difference);
                }
            }

            // 5. current
            ConvertCurrent(currentIsZero);

            UpdateSensorFaults();
        }

        private void ConvertCells(int cells, float n)
        {
            int sum = 0;
            int min = int.MaxValue;
            int max = int.MinValue;
            int minIndex = 0;
            int maxIndex = 0;
            bool allEqual = true;
            int implausible = -1;
            const float ampGain = Bmu16.CellAmpGainE4 / 10000f;
            for (int i = 0; i < cells; i++)
            {
                float raw = ToMv(_cellSums[i] / n) / ampGain;
                _cellRawMv[i] = raw;
                float step = raw - _cellRawAverageMv[i];
                _cellRawAverageMv[i] = _averageSeeded && step < 20f && step > -20f ? _cellRawAverageMv[i] + (step * 0.125f) : raw;
                float calibrated = UseCalibration ? _calibration.Apply(i, raw) : raw;
                int mv = FloatMath.Round(calibrated);
                _status.CellVoltageMv[i] = mv;
                sum += mv;
                if (i > 0 && _cellSums[i] != _cellSums[0])
                {
                    allEqual = false;
                }

                if (mv < OpenWireLowMv || mv > OpenWireHighMv)
                {
                    // not a cell voltage: a sensor fault, kept out of the extremes the limits compare
                    implausible = implausible < 0 ? i : implausible;
                    continue;
                }

                if (mv < min)
                {
                    min = mv;
                    minIndex = i;
                }

                if (mv > max)
                {
                    max = mv;
                    maxIndex = i;
                }

            }

            _averageSeeded = true;
            // every cell channel returning the same code while the divider says otherwise: mux A's converter
            // input is stuck (identical healthy cells read the same too, but then they agree with the divider)
            int perCellMv = _status.ModuleVoltageMv / cells;
            int firstMv = _status.CellVoltageMv[0];
            if (allEqual && cells > 1 && (perCellMv - firstMv > 200 || firstMv - perCellMv > 200))
            {
                Flag(SensorFaultIds.AdcStuck, Bmu16.AdcMuxCells);
            }
            else if (implausible >= 0)
            {
                // a cell far outside any cell voltage: the tap above it is open (the top tap reads the top cell
                // as 0 V); value = tap number, tap n between cell n and n+1 counted from 1
                Flag(SensorFaultIds.OpenSenseWire, implausible + 1);
            }

            _status.SumOfCellsMv = sum;
            if (min > max)
            {
                // no plausible cell at all: nothing for the cell limits to compare
                _status.MeasurementValid = false;
                return;
            }

            _status.MinCellMv = min;
            _status.MaxCellMv = max;
            _status.MinCellIndex = minIndex;
            _status.MaxCellIndex = maxIndex;
            _status.MeasurementValid = true;
        }

        /// <summary>
        /// Open-wire test: switches on every other bleeder (odd or even cells, alternating between tests) and
        /// reads the cells again. A bleeder pulls a floating tap onto its own cell's other terminal, so with an
        /// open tap the bleeding cell reads near 0 V and its neighbour across the tap reads both cells; with
        /// healthy wires only the sense-wire drop (millivolts) shows. Restores the balancer's mask afterwards.
        /// </summary>
        private void OpenWireScan(int cells, bool paused)
        {
            int savedMask = _bleed.LatchedMask;
            bool savedEnabled = paused || _bleed.Enabled;
            int pattern = (_openWirePattern == 0 ? 0x5555 : 0xAAAA) & ((1 << cells) - 1);
            _bleed.ShiftOut(pattern);
            _bleed.Enable();
            _clock.DelayMicroseconds(_config.Get(ProtectionKeys.BleedSettleUs));
            for (int ch = 0; ch < cells; ch++)
            {
                _testSums[ch] = _mux.ReadSum(Bmu16.AdcMuxCells, ch);
            }

            _bleed.Disable();
            _bleed.ShiftOut(savedMask);
            if (savedEnabled && savedMask != 0)
            {
                _bleed.Enable();
            }
        }

        private void EvaluateOpenWire(int cells, float n)
        {
            int pattern = _openWirePattern;
            _openWirePattern ^= 1;
            const float ampGain = Bmu16.CellAmpGainE4 / 10000f;
            int found = -1;
            int mask = pattern == 0 ? 0x5555 : 0xAAAA;
            for (int k = 0; k < cells && found < 0; k++)
            {
                if (((mask >> k) & 1) == 0)
                {
                    continue;
                }

                float test = ToMv(_testSums[k] / n) / ampGain;
                if (test > OpenWireLowMv || _cellRawMv[k] < 2 * OpenWireLowMv)
                {
                    continue;
                }

                // which tap: the neighbour across it reads both cells
                if (k + 1 < cells && ToMv(_testSums[k + 1] / n) / ampGain > _cellRawMv[k + 1] + OpenWireLowMv)
                {
                    found = k + 1;
                }
                else if (k > 0 && ToMv(_testSums[k - 1] / n) / ampGain > _cellRawMv[k - 1] + OpenWireLowMv)
                {
                    found = k;
                }
                else
                {
                    found = k + 1;
                }
            }

            _openTap[pattern] = found;
        }

        private void ConvertTemperatures(float n)
        {
            float refHighMv = Bmu16.RefHighMv;
            int validMask = 0;
            int min = int.MaxValue;
            int max = int.MinValue;
            for (int t = 0; t < Bmu16.TemperatureCount; t++)
            {
                float counts = _auxSums[Bmu16.AuxNtcFirst + t] / n;
                float ratio = ToMv(counts) / refHighMv;
                if (ratio > NtcTable.OpenRatio)
                {
                    Flag(SensorFaultIds.NtcOpen, t);
                    continue;
                }

                // below the converter's zero (it reads 0 under its 20-90 mV offset) also counts as shorted
                if (ratio < NtcTable.ShortRatio || counts < 1f)
                {
                    Flag(SensorFaultIds.NtcShort, t);
                    continue;
                }

                int deciC = NtcTable.RatioToDeciC(ratio);
                _status.TemperatureDeciC[t] = deciC;
                validMask |= 1 << t;
                if (t < Bmu16.CellNtcCount)
                {
                    if (deciC < min)
                    {
                        min = deciC;
                    }

                    if (deciC > max)
                    {
                        max = deciC;
                    }
                }
            }

            _status.TemperatureValidMask = validMask;
            if (min <= max)
            {
                _status.MinTemperatureDeciC = min;
                _status.MaxTemperatureDeciC = max;
            }
        }

        private void ConvertCurrent(bool currentIsZero)
        {
            int output = 0;
            int reference = 0;
            int outMin = int.MaxValue;
            int outMax = int.MinValue;
            int refMin = int.MaxValue;
            int refMax = int.MinValue;
            for (int i = 0; i < CurrentOversample; i++)
            {
                int o = _adc.Read(Bmu16.AdcCurrent);
                int r = _adc.Read(Bmu16.AdcCurrentReference);
                output += o;
                reference += r;
                outMin = o < outMin ? o : outMin;
                outMax = o > outMax ? o : outMax;
                refMin = r < refMin ? r : refMin;
                refMax = r > refMax ? r : refMax;
            }

            // a converter input that returns one code while its partner shows the converter's noise is stuck;
            // with no noise on either (an ideal converter) only a code at a rail counts
            int top = _adc.MaxCount - 5;
            bool outFlat = outMin == outMax;
            bool refFlat = refMin == refMax;
            bool outStuck = outFlat && (!refFlat || outMin >= top || outMin <= 5);
            bool refStuck = refFlat && (!outFlat || refMin >= top || refMin <= 5);
            if (outStuck)
            {
                Flag(SensorFaultIds.AdcStuck, Bmu16.AdcCurrent);
            }

            if (refStuck)
            {
                Flag(SensorFaultIds.AdcStuck, Bmu16.AdcCurrentReference);
            }

            float referenceMv = ToMv(reference / (float)CurrentOversample);
            float differenceMv = ToMv(output / (float)CurrentOversample) - referenceMv;
            int referenceError = FloatMath.Round(referenceMv) - Bmu16.CurrentAmpReferenceMv;
            if (!refStuck && (referenceError > CurrentReferenceWindowMv || referenceError < -CurrentReferenceWindowMv))
            {
                Flag(SensorFaultIds.CurrentReference, FloatMath.Round(referenceMv));
            }

            float ma = differenceMv * MaPerMv;
            if (currentIsZero && !outStuck && !refStuck && ma < MaxZeroMa && ma > -MaxZeroMa)
            {
                // auto-zero: a running mean over the first 32 samples, then a slow average
                _zeroSamples++;
                int weight = _zeroSamples < 32 ? _zeroSamples : 32;
                _zeroMa += (ma - _zeroMa) / weight;
            }

            if (currentIsZero && (ma >= MaxZeroMa || ma <= -MaxZeroMa))
            {
                Flag(SensorFaultIds.CurrentOffset, FloatMath.Round(ma));
            }
            else if (_zeroMa > MaxHealthyZeroMa || _zeroMa < -MaxHealthyZeroMa)
            {
                Flag(SensorFaultIds.CurrentOffset, FloatMath.Round(_zeroMa));
            }

            CurrentRawMa = ma - _zeroMa;
            CurrentRawAverageMa += (CurrentRawMa - CurrentRawAverageMa) * 0.125f;
            float calibrated = UseCalibration ? CurrentRawMa * _calibration.CurrentGain : CurrentRawMa;
            _status.PackCurrentMa = FloatMath.Round(calibrated);
        }

        private void UpdateSensorFaults()
        {
            int mask = _status.SensorFaultMask;
            for (int id = 0; id < SensorFaultIds.Count; id++)
            {
                bool active = ((mask >> id) & 1) != 0;
                if (_sensorNow[id] != active)
                {
                    _sensorCount[id]++;
                    if (_sensorCount[id] >= SensorDebounceScans)
                    {
                        _sensorCount[id] = 0;
                        mask ^= 1 << id;
                        _events.Append(_status.TimeMs, active ? EventKind.SensorFaultCleared : EventKind.SensorFault, id, _sensorValue[id]);
                    }
                }
                else
                {
                    _sensorCount[id] = 0;
                }
            }

            _status.SensorFaultMask = mask;
        }

        private void Flag(int id, int value)
        {
            if (!_sensorNow[id])
            {
                _sensorNow[id] = true;
                _sensorValue[id] = value;
            }
        }

        private float ToMv(float counts)
        {
            return UseCorrection ? _correction.ToMv(counts) : AdcCorrection.NominalMv(counts);
        }
    }
}
