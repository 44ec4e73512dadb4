using BatteryShift.Bms.Board;
using BatteryShift.Bms.Config;
using BatteryShift.Bms.Events;
using BatteryShift.Bms.Util;
using BatteryShift.Hal;

namespace BatteryShift.Bms.Measurement
{
    /// <summary>
    /// First stage of the control tick: one scan of the board. In order: the bleed driver pauses the bleeders,
    /// the cells are read (<see cref="CellChannels"/>) and, every few scans, read again under the open-wire test
    /// pattern (<see cref="OpenWireTest"/>); then mux B (references, NTCs, housekeeping), the ADC correction from the
    /// references (<see cref="AdcCorrection"/>), the conversions (cells, <see cref="TemperatureChannels"/>, the
    /// module divider against the sum of cells) and the current (<see cref="CurrentChannel"/>). Sensor faults are
    /// debounced by <see cref="SensorFaultDebounce"/>. Results go to <see cref="ModuleStatus"/>. Allocates nothing.
    /// </summary>
    public sealed class Acquisition
    {
        /// <summary>
        /// Largest corrected reading of the mux B ground channel, mV: more means an ADC offset, a lifted analog
        /// ground or a mux that does not switch (ESP32 ADC offset is tens of mV; the correction removes most).
        /// </summary>
        public const int GroundToleranceMv = 150;

        /// <summary>Lowest plausible 3.3 V rail (read through the 1/2 divider), mV: references and NTCs depend on it.</summary>
        public const int RailLowMv = 3000;

        /// <summary>Highest plausible 3.3 V rail, mV.</summary>
        public const int RailHighMv = 3600;

        /// <summary>
        /// Mux B's schedule. Every scan reads the ten NTCs with <see cref="NtcSmoothing.Conversions"/> conversions each
        /// (averaged across scans), then the module divider, REF_LO and REF_HI with the scanner's full count: the divider
        /// because the sum-of-cells check compares it with the cells of the same scan, REF_LO and REF_HI because they fit
        /// the converter's correction and their span is the stuck-input check of mux B's input, read last so an input
        /// that sticks before them in a scan is caught in that scan. REF_MID, ground and the rail, which move only with
        /// temperature and age, are read one a scan in turn (each at most <see cref="AuxSlowChannels"/> - 1 scans old).
        /// A scan so converts 104 mux B conversions instead of 256: on the ESP32 each conversion is a lock block and a
        /// native call in <c>AdcChannel.ReadValue</c> (docs/benchmarks.md, the device tick cost model).
        /// </summary>
        public const int AuxSlowChannels = 3;

        private const int AuxChannels = 16;

        private readonly IAdc _adc;
        private readonly MuxScanner _mux;
        private readonly BleedShiftRegister _bleed;
        private readonly ModuleStatus _status;
        private readonly BmsConfig _config;
        private readonly EventLog _events;
        private readonly AdcCorrection _correction = new AdcCorrection();
        private readonly Calibration _calibration;
        private readonly int[] _auxSums = new int[AuxChannels];
        // the slow channel the next scan reads (0..AuxSlowChannels-1), plus AuxSlowChannels while every channel is to be
        // read afresh (before the first scan, after a stuck input): one field, each is a heap block on the device
        private int _auxCursor = AuxSlowChannels;
        private readonly CellChannels _cells = new CellChannels();
        private readonly OpenWireTest _openWire = new OpenWireTest();
        private readonly CurrentChannel _current = new CurrentChannel();
        private readonly SensorFaultDebounce _faults = new SensorFaultDebounce();

        /// <summary>
        /// Opens the current channels; the mux channels are opened by the scanner.
        /// </summary>
        /// <param name="adc">ADC1.</param>
        /// <param name="mux">Mux scanner.</param>
        /// <param name="bleed">The bleed driver, which pauses the bleeders for the cell scan and drives the open-wire test.</param>
        /// <param name="status">The module status.</param>
        /// <param name="config">Configuration.</param>
        /// <param name="events">Event log.</param>
        /// <param name="calibration">Calibration constants.</param>
        public Acquisition(IAdc adc, MuxScanner mux, BleedShiftRegister bleed, ModuleStatus status, BmsConfig config, EventLog events, Calibration calibration)
        {
            _adc = adc;
            _mux = mux;
            _bleed = bleed;
            _status = status;
            _config = config;
            _events = events;
            _calibration = calibration;
            _adc.OpenChannel(Bmu16.AdcCurrent);
            _adc.OpenChannel(Bmu16.AdcCurrentReference);
            UseCalibration = true;
        }

        /// <summary>The ADC correction in use.</summary>
        public AdcCorrection Correction
        {
            get { return _correction; }
        }

        /// <summary>Apply the per-scan reference correction (off only to measure what it gains).</summary>
        public bool UseCorrection
        {
            get { return _correction.Enabled; }
            set { _correction.Enabled = value; }
        }

        /// <summary>Apply the per-channel calibration (off only to measure what it gains).</summary>
        public bool UseCalibration { get; set; }

        /// <summary>The current channel (raw current, auto-zero offset).</summary>
        public CurrentChannel Current
        {
            get { return _current; }
        }

        /// <summary>Current before gain calibration, offset removed, averaged over recent scans, mA.</summary>
        public float CurrentRawAverageMa
        {
            get { return _current.RawAverageMa; }
        }

        /// <summary>Offset removed by auto-zero, mA.</summary>
        public float CurrentZeroMa
        {
            get { return _current.ZeroMa; }
        }

        /// <summary>
        /// A cell's reading after ADC correction and before calibration, averaged over recent scans, mV
        /// (what a multimeter reading is compared with).
        /// </summary>
        /// <param name="cell">Cell index.</param>
        /// <returns>mV.</returns>
        public float CellRawAverageMv(int cell)
        {
            return _cells.RawAverageMv(cell);
        }

        /// <summary>
        /// Takes one scan and updates the status. When bleeders are on, the bleed driver switches every bleeder off
        /// (the latched mask kept), waits meas.bleed_settle and the cells are scanned, then the bleeders run again:
        /// bleed current flows in the sense wires (docs/hardware.md), so cells are always read unloaded and
        /// <see cref="ModuleStatus.CellScanBleedersOff"/> tells the balancer so.
        /// </summary>
        /// <param name="currentIsZero">True when both FETs have been open long enough that no current flows (auto-zero).</param>
        public void Scan(bool currentIsZero)
        {
            Scan(currentIsZero, false);
        }

        /// <summary>
        /// Takes one scan as <see cref="Scan(bool)"/>; an open-wire test that falls due in a busy tick waits one scan.
        /// </summary>
        /// <param name="currentIsZero">True when both FETs have been open long enough that no current flows (auto-zero).</param>
        /// <param name="busyTick">True when the tick carries other heavy work (the SOC filter's step).</param>
        public void Scan(bool currentIsZero, bool busyTick)
        {
            int cells = _status.CellCount;
            int settleUs = _config.Get(ProtectionKeys.BleedSettleUs);
            bool paused = _bleed.PauseForScan(settleUs);
            _cells.Read(_mux, cells);
            bool tested = _openWire.Due(cells, busyTick);
            if (tested)
            {
                _openWire.Scan(_mux, _bleed, cells, settleUs);
            }
            else
            {
                _bleed.ResumeAfterScan();
            }

            _status.CellScanBleedersOff = paused;
            ReadAux();
            float n = _mux.Oversample;
            _faults.BeginScan();
            bool auxStuck = !CheckReferences(n);
            if (!auxStuck)
            {
                // a stuck aux converter input leaves the aux values as they were
                _status.ModuleVoltageMv = FloatMath.Round(_correction.Convert(_auxSums[Bmu16.AuxModuleDivider] / n) * Bmu16.ModuleDividerRatio);
            }

            _cells.Convert(cells, n, _correction, _calibration, UseCalibration, _status, _faults);
            CalibrationGuard.CheckScan(_cells, cells, UseCalibration, _status, _faults);
            if (tested)
            {
                _openWire.Evaluate(cells, _correction, _cells);
            }

            if (_openWire.OpenTap >= 0)
            {
                _faults.Flag(SensorFaultIds.OpenSenseWire, _openWire.OpenTap);
            }

            if (auxStuck)
            {
                _status.TemperatureValidMask = 0;
                _auxCursor = (_auxCursor % AuxSlowChannels) + AuxSlowChannels;
            }
            else
            {
                TemperatureChannels.Convert(_auxSums, n, _correction, _status, _faults);
            }

            CheckSumOfCells();
            _current.Measure(_adc, currentIsZero, _correction, _calibration, UseCalibration, _status, _faults);
            _faults.EndScan(_status, _events);
        }

        /// <summary>
        /// Reads mux B's schedule (<see cref="AuxSlowChannels"/>): the NTCs, one of the slow channels, the divider and the
        /// outer references; every channel with the full count in the first scan and in the first scan after the input
        /// was found stuck, so no reading taken while it was stuck outlives it.
        /// </summary>
        private void ReadAux()
        {
            if (_auxCursor >= AuxSlowChannels)
            {
                for (int ch = 0; ch < AuxChannels; ch++)
                {
                    _auxSums[ch] = _mux.ReadSum(Bmu16.AdcMuxAux, ch);
                }

                _auxCursor -= AuxSlowChannels;
                return;
            }

            // the NTCs' sums hold their averages across scans, as sums of the full count like the other channels
            int full = _mux.Oversample;
            for (int ch = Bmu16.AuxNtcFirst; ch < Bmu16.AuxNtcFirst + Bmu16.TemperatureCount; ch++)
            {
                _auxSums[ch] = NtcSmoothing.Take(_auxSums[ch], _mux.ReadSum(Bmu16.AdcMuxAux, ch, NtcSmoothing.Conversions), full);
            }

            int slow = _auxCursor == 0 ? Bmu16.AuxRefMid : (_auxCursor == 1 ? Bmu16.AuxGround : Bmu16.AuxRailHalf);
            _auxSums[slow] = _mux.ReadSum(Bmu16.AdcMuxAux, slow);
            _auxCursor = _auxCursor + 1 == AuxSlowChannels ? 0 : _auxCursor + 1;
            _auxSums[Bmu16.AuxModuleDivider] = _mux.ReadSum(Bmu16.AdcMuxAux, Bmu16.AuxModuleDivider);
            _auxSums[Bmu16.AuxRefLow] = _mux.ReadSum(Bmu16.AdcMuxAux, Bmu16.AuxRefLow);
            _auxSums[Bmu16.AuxRefHigh] = _mux.ReadSum(Bmu16.AdcMuxAux, Bmu16.AuxRefHigh);
        }

        /// <summary>
        /// The references: per-scan gain, offset and bow of the ADC from their latest readings; then ground and the
        /// 3.3 V rail (mux B's slow channels, read in turn), as a plausibility check of the corrected ADC at both ends
        /// of its range.
        /// </summary>
        /// <returns>False when the aux converter input is stuck (nothing read through mux B can be used).</returns>
        private bool CheckReferences(float n)
        {
            bool refsOk = _correction.Update(_auxSums[Bmu16.AuxRefLow] / n, _auxSums[Bmu16.AuxRefMid] / n, _auxSums[Bmu16.AuxRefHigh] / n);
            if (!refsOk)
            {
                if (_correction.Stuck)
                {
                    _faults.Flag(SensorFaultIds.AdcStuck, Bmu16.AdcMuxAux);
                    return false;
                }

                _faults.Flag(SensorFaultIds.ReferenceOutOfRange, _correction.FailedReference);
                return true;
            }

            int groundMv = FloatMath.Round(_correction.Convert(_auxSums[Bmu16.AuxGround] / n));
            _status.AuxGroundMv = groundMv;
            _status.RailMv = FloatMath.Round(_correction.Convert(_auxSums[Bmu16.AuxRailHalf] / n) * Bmu16.RailDividerRatio);
            if (groundMv > GroundToleranceMv || groundMv < -GroundToleranceMv)
            {
                _faults.Flag(SensorFaultIds.ReferenceOutOfRange, Bmu16.AuxGround);
            }
            else if (_status.RailMv < RailLowMv || _status.RailMv > RailHighMv)
            {
                _faults.Flag(SensorFaultIds.ReferenceOutOfRange, Bmu16.AuxRailHalf);
            }

            return true;
        }

        /// <summary>The module voltage from the divider cross-checked against the sum of cells.</summary>
        private void CheckSumOfCells()
        {
            if (_status.MeasurementValid && !_faults.Flagged(SensorFaultIds.OpenSenseWire))
            {
                int difference = _status.ModuleVoltageMv - _status.SumOfCellsMv;
                int tolerance = _config.Get(ProtectionKeys.SumToleranceMv);
                if (difference > tolerance || difference < -tolerance)
                {
                    _faults.Flag(SensorFaultIds.SumMismatch, difference);
                }
            }
        }
    }
}
