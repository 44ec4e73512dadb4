using BatteryShift.Bms.Board;
using BatteryShift.Bms.Config;

namespace BatteryShift.Bms.Balancing
{
    /// <summary>
    /// The balancing stage of the control tick. Runs after estimation and before the outputs: chooses the
    /// bleed mask (<see cref="ModuleStatus.BleedMask"/>) with the configured <see cref="IBalancingStrategy"/>
    /// and keeps the rules every strategy shares:
    /// <list type="bullet">
    /// <item>Bleed decisions are taken only on a clean scan: one taken while no bleeder was on, or one the
    /// measurement stage took in its bleed-off phase (<see cref="ModuleStatus.CellScanBleedersOff"/>).
    /// Bleed current flows in the sense wires (docs/hardware.md), so a scan taken while bleeding
    /// reads bled cells low and their neighbours high. In the assembled core the bleed driver pauses the bleeders
    /// for every scan, so every scan is clean. A scan taken while bleeding is never decided on: when a plan
    /// stands but the scan was not taken in a bleed-off phase (the bleeders were held off by a protection alarm,
    /// or the controller is driven without the measurement stage), the controller leaves the last tick of every
    /// <see cref="BalancingKeys.PeriodTicks"/> with every bleeder off, then decides on the scan that follows.</item>
    /// <item>Whether the bleeders may run at all is <see cref="BleedPermission"/>'s decision: every bleeder stops
    /// in the same tick it says no; a cell below the floor voltage stops at once (these act on every scan:
    /// stopping is always allowed).</item>
    /// <item>The lowest cell is never bled, nor a cell below <see cref="BalancingKeys.FloorMv"/>: the voltage
    /// strategy never bleeds the lowest cell by voltage; the charge strategy bleeds a cell only on proof that
    /// another cell holds less (<see cref="ChargeStrategy"/>).</item>
    /// <item>Thermal budget: the bleeders' power (cell voltage squared over 33 Ohm) stays within
    /// <see cref="BalancingKeys.PowerBudgetMw"/>, derated linearly from <see cref="BalancingKeys.BoardDerateDeciC"/>
    /// to zero at <see cref="BalancingKeys.BoardMaxDeciC"/>, and the count within
    /// <see cref="BalancingKeys.MaxBleeders"/>; the largest surplus goes first; optionally no two adjacent
    /// cells.</item>
    /// <item>Charge bled per cell is counted in integers from the measured (clean) cell voltage over the
    /// bleed resistor and the time the bleeder was on.</item>
    /// </list>
    /// Allocates nothing after construction.
    /// </summary>
    public sealed class BalancingController
    {
        private readonly BmsConfig _config;
        private readonly IBalancingStrategy[] _strategies;
        private readonly ChargeStrategy _charge;
        private readonly int[] _priority = new int[Bmu16.MaxCells];
        private readonly int[] _cleanMv = new int[Bmu16.MaxCells];
        private readonly long[] _bledMaMs = new long[Bmu16.MaxCells];
        private IBalancingStrategy _strategy;
        private int _configRevision = -1;
        private int _mode;
        private int _periodTicks;
        private int _floorMv;
        private int _maxBleeders;
        private int _powerBudgetMw;
        private int _derateDeciC;
        private int _maxDeciC;
        private bool _noAdjacent;
        private int _planMask;
        private int _ticksSinceDecision;
        private bool _haveTime;
        private long _lastTimeMs;
        private bool _haveClean;

        /// <summary>
        /// Makes the controller with both strategies; the configuration picks one and is re-read whenever
        /// it changes.
        /// </summary>
        /// <param name="config">Configuration in force.</param>
        public BalancingController(BmsConfig config)
        {
            _config = config;
            Permission = new BleedPermission(config);
            _charge = new ChargeStrategy();
            _strategies = new IBalancingStrategy[] { new VoltageTopStrategy(), _charge };
            Reconfigure();
        }

        /// <summary>The decision whether the bleeders may run, taken once per tick in <see cref="Update"/>.</summary>
        public BleedPermission Permission { get; }

        /// <summary>
        /// The calibration constants in force, checked for a two-point calibration of every configured cell
        /// channel; null skips the check (a controller driven without a measurement chain).
        /// </summary>
        public Measurement.Calibration Calibration
        {
            get { return Permission.Calibration; }
            set { Permission.Calibration = value; }
        }

        /// <summary>The charge-based strategy (its proven surplus per cell), whether selected or not.</summary>
        public ChargeStrategy Charge
        {
            get { return _charge; }
        }

        /// <summary>Cells the last decision chose to bleed (bit n is cell n+1), before the off tick.</summary>
        public int PlanMask
        {
            get { return _planMask; }
        }

        /// <summary>Why bleeding is held off now (<see cref="BalancingInhibit"/> bits), 0 when it may run.</summary>
        public int InhibitMask { get; private set; }

        /// <summary>Bleed decisions taken since start-up (each on a clean scan).</summary>
        public long DecisionCount { get; private set; }

        /// <summary>Scans seen that were taken while bleeding (never used for a decision).</summary>
        public long DirtyScanCount { get; private set; }

        /// <summary>Bleed power allowed now, mW, after the board-temperature derating.</summary>
        public int AllowedPowerMw { get; private set; }

        /// <summary>
        /// The balancing stage of one tick: counts the charge bled since the last tick, applies the stop
        /// rules, decides on a clean scan when a decision is due, and writes
        /// <see cref="ModuleStatus.BleedMask"/>, <see cref="ModuleStatus.BalancingEnabled"/> and
        /// <see cref="ModuleStatus.CellBledMas"/>.
        /// </summary>
        /// <param name="status">Module status, measured and estimated in this tick.</param>
        /// <param name="activeMask">The mask that drove the bleeders since the last tick (and so during this
        /// tick's scan unless the measurement stage switched them off for it).</param>
        public void Update(ModuleStatus status, int activeMask)
        {
            if (_config.Revision != _configRevision)
            {
                Reconfigure();
            }

            int cellCount = status.CellCount;
            if (cellCount > Bmu16.MaxCells)
            {
                cellCount = Bmu16.MaxCells;
            }

            CountBled(status, activeMask, cellCount);

            bool clean = activeMask == 0 || status.CellScanBleedersOff;
            if (!clean)
            {
                DirtyScanCount++;
            }
            else if (status.MeasurementValid)
            {
                for (int i = 0; i < cellCount; i++)
                {
                    _cleanMv[i] = status.CellVoltageMv[i];
                }

                _haveClean = true;
            }

            int inhibit = Permission.Evaluate(status, cellCount);
            InhibitMask = inhibit;
            status.BalancingInhibitMask = inhibit;
            status.BalancingEnabled = _mode != BalancingMode.Off;

            // a protection alarm holds the bleeders off (the outputs stage drives none) but keeps the plan
            if ((inhibit & ~BalancingInhibit.ProtectionAlarm) != 0)
            {
                _planMask = 0;
                _ticksSinceDecision = _periodTicks;
                status.BleedMask = 0;
                return;
            }

            AllowedPowerMw = AllowedPower(status.TemperatureDeciC[Bmu16.AuxNtcBoard]);
            if (_ticksSinceDecision < _periodTicks)
            {
                _ticksSinceDecision++;
            }

            if (clean && _haveClean && (_planMask == 0 || _ticksSinceDecision >= _periodTicks))
            {
                Decide(status, cellCount);
                _ticksSinceDecision = 0;
                DecisionCount++;
            }
            else if (_planMask != 0)
            {
                // between decisions: only stop rules, on whatever scan this is
                for (int i = 0; i < cellCount; i++)
                {
                    if (status.CellVoltageMv[i] < _floorMv)
                    {
                        _priority[i] = 0;
                    }
                }

                _planMask = Select(_planMask, cellCount);
            }

            int output = _planMask;
            if (!status.CellScanBleedersOff && _ticksSinceDecision + 1 >= _periodTicks)
            {
                // the off tick: the scan was not taken in a bleed-off phase, so the next one is taken with every
                // bleeder off
                output = 0;
            }

            status.BleedMask = output;
        }

        private void Reconfigure()
        {
            _configRevision = _config.Revision;
            _mode = _config.Get(BalancingKeys.Mode);
            _periodTicks = _config.Get(BalancingKeys.PeriodTicks);
            _floorMv = _config.Get(BalancingKeys.FloorMv);
            _maxBleeders = _config.Get(BalancingKeys.MaxBleeders);
            _powerBudgetMw = _config.Get(BalancingKeys.PowerBudgetMw);
            _derateDeciC = _config.Get(BalancingKeys.BoardDerateDeciC);
            _maxDeciC = _config.Get(BalancingKeys.BoardMaxDeciC);
            _noAdjacent = _config.Get(BalancingKeys.NoAdjacent) != 0;
            _strategy = null;
            for (int i = 0; i < _strategies.Length; i++)
            {
                _strategies[i].Configure(_config);
                if (_strategies[i].Mode == _mode)
                {
                    _strategy = _strategies[i];
                }
            }

            if (_strategy == null)
            {
                _mode = BalancingMode.Off;
            }

            // a changed rule applies at the next clean scan
            _ticksSinceDecision = _periodTicks;
        }

        private void CountBled(ModuleStatus status, int activeMask, int cellCount)
        {
            long nowMs = status.TimeMs;
            if (_haveTime && activeMask != 0)
            {
                long dtMs = nowMs - _lastTimeMs;
                if (dtMs > 0)
                {
                    for (int i = 0; i < cellCount; i++)
                    {
                        if (((activeMask >> i) & 1) != 0)
                        {
                            int cellMv = _haveClean ? _cleanMv[i] : status.CellVoltageMv[i];
                            if (cellMv > 0)
                            {
                                // mV / Ohm = mA; mA * ms accumulated, published in mAs
                                _bledMaMs[i] += cellMv * dtMs / Bmu16.BleedResistorOhm;
                                status.CellBledMas[i] = _bledMaMs[i] / 1000;
                            }
                        }
                    }
                }
            }

            _lastTimeMs = nowMs;
            _haveTime = true;
        }

        private int AllowedPower(int boardDeciC)
        {
            if (boardDeciC <= _derateDeciC)
            {
                return _powerBudgetMw;
            }

            if (boardDeciC >= _maxDeciC || _maxDeciC <= _derateDeciC)
            {
                return 0;
            }

            return _powerBudgetMw * (_maxDeciC - boardDeciC) / (_maxDeciC - _derateDeciC);
        }

        private void Decide(ModuleStatus status, int cellCount)
        {
            _strategy.Evaluate(status, cellCount, _planMask, _priority);

            // voltage ranking: the lowest cell by voltage is never bled. The charge strategy needs no such rule
            // (it bleeds a cell only on proof that another holds less) and must not have it: on the plateau the
            // lowest voltage is noise and model spread, and would keep one cell with surplus from ever bleeding.
            if (_mode == BalancingMode.VoltageTop)
            {
                int lowest = 0;
                for (int i = 1; i < cellCount; i++)
                {
                    if (_cleanMv[i] < _cleanMv[lowest])
                    {
                        lowest = i;
                    }
                }

                _priority[lowest] = 0;
            }

            for (int i = 0; i < cellCount; i++)
            {
                if (_cleanMv[i] < _floorMv)
                {
                    _priority[i] = 0;
                }
            }

            for (int i = cellCount; i < Bmu16.MaxCells; i++)
            {
                _priority[i] = 0;
            }

            _planMask = Select((1 << cellCount) - 1, cellCount);
        }

        private int Select(int allowedMask, int cellCount)
        {
            int mask = 0;
            int count = 0;
            int powerMw = 0;
            while (count < _maxBleeders)
            {
                int best = -1;
                for (int i = 0; i < cellCount; i++)
                {
                    if (((allowedMask >> i) & 1) == 0 || ((mask >> i) & 1) != 0 || _priority[i] <= 0)
                    {
                        continue;
                    }

                    if (_noAdjacent && (((mask >> (i + 1)) & 1) != 0 || (i > 0 && ((mask >> (i - 1)) & 1) != 0)))
                    {
                        continue;
                    }

                    if (best < 0 || _priority[i] > _priority[best])
                    {
                        best = i;
                    }
                }

                if (best < 0)
                {
                    break;
                }

                int cellMv = _cleanMv[best];
                int cellPowerMw = cellMv * cellMv / (Bmu16.BleedResistorOhm * 1000);
                if (powerMw + cellPowerMw > AllowedPowerMw)
                {
                    break;
                }

                mask |= 1 << best;
                powerMw += cellPowerMw;
                count++;
            }

            return mask;
        }
    }
}
