using BatteryShift.Bms.Board;
using BatteryShift.Bms.Config;
using BatteryShift.Bms.Events;
using BatteryShift.Bms.Measurement;
using BatteryShift.Bms.Persistence;
using BatteryShift.Hal;

namespace BatteryShift.Bms.Estimation
{
    /// <summary>
    /// The estimation stage of the control tick: state of charge per cell and of the module, capacity
    /// (state of health), series resistance, cycle count, charge and energy throughput.
    ///
    /// Charge and energy are counted every tick, in integers (<see cref="ChargeCounter"/>). The model-based
    /// filter (<see cref="CellSocFilter"/>) runs every <see cref="EstimationKeys.FilterPeriodMs"/> (1 s by
    /// default) on the charge counted since its last step and the mean current: the fastest modelled cell
    /// dynamics (tau1 10-30 s, docs/references.md) and the SOC itself (0.03 % per second at 1C) change
    /// little in a second, the RC pairs are discretised exactly for any step, and running the 16 filters
    /// once a second instead of every tick divides the interpreter's work by the ticks per second.
    /// Resistance steps are looked for every tick (a current step is seen in one tick).
    ///
    /// Module figures follow the weakest cells: remaining charge is the least any cell can still give,
    /// charge-to-full the least any cell can still take, and module SOC = remaining / (remaining + to-full):
    /// 100 % when a cell is full, 0 % when one is empty. The learned state is persisted under the key
    /// <see cref="StoreKey"/> with a CRC-32 by <see cref="SaveIfDue"/>, which runs outside the hard loop.
    /// </summary>
    public sealed partial class SocEstimator
    {
        /// <summary>Key of the persisted state in the blob store.</summary>
        public const string StoreKey = "soh";

        private const int RecordVersion = 1;
        private const long MamsPerMah = 3600000L;

        private readonly IBlobStore _store;
        private readonly ChargeCounter _counter = new ChargeCounter();
        private readonly CellSocFilter _filter = new CellSocFilter();
        private readonly EstimatorRecord _record;
        private readonly long[] _bledMams = new long[Bmu16.MaxCells];
        private readonly long[] _lastBledMas = new long[Bmu16.MaxCells];
        private Calibration _calibration;
        private EventLog _events;

        private long _ratedMams;
        private int _periodMs;
        private int _savePeriodMs;
        private long _lastTimeMs;
        private long _lastSaveMs;
        private bool _haveTime;
        private bool _started;
        private bool _socKnown;
        private bool _saveDue;
        private long _pendingStoredMams;
        private long _pendingFlowMams;
        private int _pendingMs;
        private long _lastOutMams;
        private long _cycleOutMams;
        private long _moduleCapacityMams;
        private int _cycleCount;
        private int _capacitySamples;
        private int _cellCount;

        // the part of the filter's step the next tick runs: 0 none (a step begins once a period is pending), 1 and 2 the
        // voltage bounds of each half of the cells, 3 the corrections and the published figures
        private int _stepPart;

        // ticks the filter's step is spread over
        private const int StepParts = 4;
        private bool _publishDue;
        private int _deadbandMa;

        /// <summary>
        /// Makes the stage with the configured model.
        /// </summary>
        /// <param name="config">Configuration.</param>
        /// <param name="store">Non-volatile store for the learned state; null keeps nothing.</param>
        public SocEstimator(BmsConfig config, IBlobStore store)
            : this(config, store, null)
        {
        }

        /// <summary>
        /// Makes the stage with the configured model, keeping its persisted state in a buffer it may share with
        /// other stores (the record is only held there within one save or restore).
        /// </summary>
        /// <param name="config">Configuration.</param>
        /// <param name="store">Non-volatile store for the learned state; null keeps nothing.</param>
        /// <param name="recordBuffer">At least <see cref="EstimatorRecord.Capacity"/> bytes; null for a buffer of its own.</param>
        public SocEstimator(BmsConfig config, IBlobStore store, byte[] recordBuffer)
        {
            _record = recordBuffer == null ? new EstimatorRecord() : new EstimatorRecord(recordBuffer);
            _store = store;
            Configure(config);
        }

        /// <summary>The per-cell filter (for diagnostics and tests).</summary>
        public CellSocFilter Filter
        {
            get { return _filter; }
        }

        /// <summary>
        /// The measurement's calibration: the cells whose channels have a two-point calibration are compared with
        /// one another (<see cref="CellSocState.ComparableCellMask"/>). Null leaves the filter's mask as it is.
        /// </summary>
        public Calibration Calibration
        {
            get { return _calibration; }
            set { _calibration = value; }
        }

        /// <summary>Where the table-fit reports (<see cref="EventKind.TableFit"/>) go; null reports nothing.</summary>
        public EventLog Events
        {
            get { return _events; }
            set { _events = value; }
        }

        /// <summary>The charge counter.</summary>
        public ChargeCounter Counter
        {
            get { return _counter; }
        }

        /// <summary>
        /// Applies the configuration and resets the learned state (capacity, resistance, counters) to
        /// the configured starting values.
        /// </summary>
        /// <param name="config">Configuration.</param>
        public void Configure(BmsConfig config)
        {
            int rated = config.Get(ModuleKeys.CellCapacityMah);
            _ratedMams = rated * MamsPerMah;
            _moduleCapacityMams = _ratedMams;
            _periodMs = config.Get(EstimationKeys.FilterPeriodMs);
            _savePeriodMs = config.Get(EstimationKeys.SavePeriodS) * 1000;
            _counter.EfficiencyE4 = config.Get(EstimationKeys.CoulombicEfficiencyE4);
            _filter.Configure(config);
            _cellCount = config.Get(ModuleKeys.CellCount);
            _deadbandMa = config.Get(EstimationKeys.RestDeadbandMa);
            _socKnown = false;
        }

        /// <summary>
        /// Start-up: restores the persisted state when the store holds a valid one.
        /// </summary>
        /// <param name="status">Module status.</param>
        /// <returns>True when a stored state was restored.</returns>
        public bool Start(ModuleStatus status)
        {
            _cellCount = status.CellCount;
            _started = true;
            int curveResult = LoadCurve();
            if (_events != null)
            {
                StoreFallback.Announce(status, _events, status.TimeMs, StoreFallback.OcvCurve, curveResult);
            }

            bool restored = _store != null && Restore();
            Publish(status);
            return restored;
        }

        /// <summary>
        /// Sets every cell's state of charge, for example from a user's entry; the filter treats it as a
        /// guess (configured uncertainty) and corrects it from the voltage where the voltage can tell.
        /// </summary>
        /// <param name="socPct">State of charge, percent.</param>
        public void SetSoc(float socPct)
        {
            for (int i = 0; i < Bmu16.MaxCells; i++)
            {
                _filter.SetSoc(i, socPct * 0.01f);
            }

            _filter.SetUncertainty(-1f, -1f);
            _socKnown = true;
            _stepPart = 0;
            _publishDue = true;
        }

        /// <summary>
        /// Sets one cell's state of charge as a guess.
        /// </summary>
        /// <param name="cell">Cell index.</param>
        /// <param name="socPct">State of charge, percent.</param>
        public void SetCellSoc(int cell, float socPct)
        {
            _filter.SetSoc(cell, socPct * 0.01f);
            _filter.SetUncertainty(-1f, -1f);
            _socKnown = true;
            _stepPart = 0;
            _publishDue = true;
        }

        /// <summary>
        /// Spread the filter's step over <see cref="StepParts"/> ticks (the default; off only to compare the estimates
        /// with the whole step in one tick).
        /// </summary>
        public bool SpreadStep { get; set; } = true;

        /// <summary>
        /// True when a <see cref="Tick"/> at this time would run a part of the filter's step (the heaviest part of the
        /// estimator's work, spread over four ticks), so that the measurement can keep its own periodic heavy work (the
        /// open-wire test) off those ticks.
        /// </summary>
        /// <param name="nowMs">Time of the coming tick.</param>
        /// <returns>True when a part of the filter's step falls due then.</returns>
        public bool StepDue(long nowMs)
        {
            return _stepPart != 0 || (_haveTime && _socKnown && _pendingMs + (nowMs - _lastTimeMs) >= _periodMs);
        }

        /// <summary>
        /// One control tick: counts charge and energy, looks for resistance steps, and every filter period
        /// runs the per-cell filter and publishes SOC, SOH and the throughput figures. Allocates nothing.
        /// </summary>
        /// <param name="status">Module status (measurement filled in this tick).</param>
        public void Tick(ModuleStatus status)
        {
            if (!_started)
            {
                _cellCount = status.CellCount;
                _started = true;
            }

            long now = status.TimeMs;
            if (!_haveTime)
            {
                _lastTimeMs = now;
                _lastSaveMs = now;
                _haveTime = true;
            }

            long dtLong = now - _lastTimeMs;
            _lastTimeMs = now;
            int dtMs = dtLong < 0 ? 0 : (dtLong > 10000 ? 10000 : (int)dtLong);
            if (!status.MeasurementValid)
            {
                _filter.Resistance.Break();
                return;
            }

            // a reading inside the rest dead band is the sensor's offset, not charge (no drift at rest); the
            // current sensor's own offset is already taken off by the measurement's auto-zero
            int currentMa = status.PackCurrentMa;
            if (currentMa < _deadbandMa && currentMa > -_deadbandMa)
            {
                currentMa = 0;
            }

            bool flows = currentMa > 0 ? status.ChargeFetOn : status.DischargeFetOn;
            int flowingMa = flows ? currentMa : 0;
            if (!_socKnown)
            {
                _filter.InitialiseFromVoltage(status, flowingMa * 0.001f);
                _socKnown = true;
                for (int i = 0; i < Bmu16.MaxCells; i++)
                {
                    _lastBledMas[i] = status.CellBledMas[i];
                }

                Publish(status);
                return;
            }

            int moduleMv = status.SumOfCellsMv > 0 ? status.SumOfCellsMv : status.ModuleVoltageMv;
            long stored = _counter.Count(currentMa, moduleMv, dtMs, status.ChargeFetOn, status.DischargeFetOn);
            _pendingStoredMams += stored;
            _pendingFlowMams += (long)flowingMa * dtMs;
            _pendingMs += dtMs;
            _filter.Resistance.Observe(status, flowingMa);

            CountThroughput(status);
            if (_publishDue)
            {
                // a state of charge set by hand is published at the next tick, not when the step in progress would have
                Publish(status);
                _publishDue = false;
            }

            if (_stepPart != 0)
            {
                // the parts run one a tick; a tick that comes when the next period is already due (ticks as long as
                // the filter's period, as the host's long runs use) runs what is left of the step at once
                ContinueStep(status, flowingMa * 0.001f, now);
                while (_stepPart != 0 && _pendingMs >= _periodMs)
                {
                    ContinueStep(status, flowingMa * 0.001f, now);
                }
            }

            if (_stepPart == 0 && _pendingMs >= _periodMs)
            {
                StepFilter(status);

                // ticks too long for the parts to finish within the period (the host's long runs tick once a second):
                // the whole step in this tick, on this tick's voltages
                if (!SpreadStep || dtMs * StepParts > _periodMs)
                {
                    while (_stepPart != 0)
                    {
                        ContinueStep(status, flowingMa * 0.001f, now);
                    }
                }
            }
        }

        // cycles and the charge and energy figures, every tick
        private void CountThroughput(ModuleStatus status)
        {
            long outMams = _counter.OutMams;
            _cycleOutMams += outMams - _lastOutMams;
            _lastOutMams = outMams;
            if (_cycleOutMams >= _moduleCapacityMams)
            {
                _cycleOutMams -= _moduleCapacityMams;
                _cycleCount++;
            }

            status.ChargeInMas = _counter.InMams / 1000;
            status.ChargeOutMas = outMams / 1000;
            status.EnergyInWh = _counter.EnergyInWh;
            status.EnergyOutWh = _counter.EnergyOutWh;
            status.CycleCount = _cycleCount;
        }

        // the per-cell filter on the charge counted and bled since its last step: its prediction in this tick, the
        // voltage bounds of each half of the cells in the next two, its corrections and the published figures in the
        // fourth (StepParts), so that no tick carries the whole step (docs/benchmarks.md, the device tick cost model)
        private void StepFilter(ModuleStatus status)
        {
            for (int i = 0; i < _cellCount; i++)
            {
                long b = status.CellBledMas[i];
                _bledMams[i] = (b - _lastBledMas[i]) * 1000;
                _lastBledMas[i] = b;
            }

            if (_calibration != null)
            {
                _filter.ComparableCellMask = _calibration.TwoPointMask;
            }

            float averageA = (float)_pendingFlowMams / _pendingMs * 0.001f;
            _filter.BeginStep(status, _pendingStoredMams, _bledMams, _pendingMs, averageA);
            _pendingStoredMams = 0;
            _pendingFlowMams = 0;
            _pendingMs = 0;
            _stepPart = 1;
        }

        private void ContinueStep(ModuleStatus status, float flowingA, long now)
        {
            int half = _cellCount / 2;
            if (_stepPart == 1)
            {
                _filter.BoundCells(status, 0, half, flowingA);
                _stepPart = 2;
                return;
            }

            if (_stepPart == 2)
            {
                _filter.BoundCells(status, half, _cellCount, flowingA);
                _stepPart = 3;
                return;
            }

            _stepPart = 0;
            _filter.FinishStep(status, flowingA);
            OcvTableFit fit = _filter.TableFit;
            int offsetMv = (int)(fit.WorstOffsetV * 1000f);
            status.OcvTableOffsetMv = offsetMv;
            status.OcvTableMisfit = fit.Misfit;
            if (_filter.TableFitChanged && _events != null)
            {
                _events.Append(now, EventKind.TableFit, offsetMv, fit.Misfit ? 1 : 0);
            }

            Publish(status);
            if (now - _lastSaveMs >= _savePeriodMs)
            {
                _saveDue = true;
            }
        }

        private void Publish(ModuleStatus status)
        {
            int n = _cellCount;
            long minRemaining = long.MaxValue;
            long minToFull = long.MaxValue;
            long minCapacity = long.MaxValue;
            int samples = 0;
            for (int i = 0; i < n; i++)
            {
                long q = _filter.ChargeMams(i);
                long cap = _filter.CapacityMams(i);
                long toFull = cap - q;
                status.CellSocPct[i] = 100f * q / cap;
                status.CellChargeToFullMah[i] = (int)(toFull / MamsPerMah);
                long capMah = cap / MamsPerMah;
                status.CellChargeToFullMinMah[i] = (int)((1f - _filter.SocHigh(i)) * capMah);
                status.CellChargeToFullMaxMah[i] = (int)((1f - _filter.SocLow(i)) * capMah) + 1;
                if (q < minRemaining)
                {
                    minRemaining = q;
                }

                if (toFull < minToFull)
                {
                    minToFull = toFull;
                }

                if (cap < minCapacity)
                {
                    minCapacity = cap;
                }

                samples += _filter.Capacity.Samples(i);
            }

            if (n == 0)
            {
                return;
            }

            float worstSd = 0f;
            for (int i = 0; i < n; i++)
            {
                float sd = _filter.PublishedUncertainty(i);
                if (sd > worstSd)
                {
                    worstSd = sd;
                }
            }

            status.SocUncertaintyPct = 100f * worstSd;
            long usable = minRemaining + minToFull;
            status.RemainingMah = (int)(minRemaining / MamsPerMah);
            status.CapacityMah = (int)(usable / MamsPerMah);
            status.SocPct = usable > 0 ? 100f * minRemaining / usable : 0f;
            status.SohPct = 100f * minCapacity / _ratedMams;
            _moduleCapacityMams = minCapacity;
            status.ChargeInMas = _counter.InMams / 1000;
            status.ChargeOutMas = _counter.OutMams / 1000;
            status.EnergyInWh = _counter.EnergyInWh;
            status.EnergyOutWh = _counter.EnergyOutWh;
            status.CycleCount = _cycleCount;
            if (samples != _capacitySamples)
            {
                _capacitySamples = samples;
                _saveDue = true;
            }
        }
    }
}
