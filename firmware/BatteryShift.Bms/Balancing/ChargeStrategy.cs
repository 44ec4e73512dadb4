using BatteryShift.Bms.Board;
using BatteryShift.Bms.Config;

namespace BatteryShift.Bms.Balancing
{
    /// <summary>
    /// Charge-based balancing: bleeds, at any state of charge, the charge by which a cell is proven to hold more
    /// than some other cell, not only near the top (on LFP the voltage hides the imbalance on the plateau,
    /// shared/reference/facts.md).
    ///
    /// Why proven, not estimated: the estimator's point value of a cell's charge to full
    /// (<see cref="ModuleStatus.CellChargeToFullMah"/>) is only as good as its voltage evidence, and on the LFP
    /// plateau (3.32 V from about 30 % to 98 %, shared/reference/lfp-ocv.csv) that evidence is nil: a cell
    /// initialised on the plateau can be wrong by several percent while ranked as the fullest, and bleeding on
    /// that ranking bleeds the truly lowest cell. So a cell is bled only by the evidence: for every pair of cells
    /// the strategy keeps a lower bound on how much more charge to full cell j has than cell i. Each decision
    /// takes the bound the estimator's voltage intervals give now
    /// (<see cref="ModuleStatus.CellChargeToFullMinMah"/> of j less <see cref="ModuleStatus.CellChargeToFullMaxMah"/>
    /// of i, both from the same scan), and carries the best bound so far forward by counting: charge bled from i
    /// lowers it, charge bled from j raises it, and it wears away at <see cref="BalancingKeys.ChargeDriftMahPerDay"/>
    /// for unequal self-discharge; it never exceeds the most the same scan allows (j's most less i's least).
    /// Charge moved through the module moves every cell alike and cancels, and so do
    /// the current sensor's errors. Near the top of charge (the knee above 98 %) the voltage pins the fullest
    /// cells and bounds the others from below; the count carries that proof through the rest of the day.
    ///
    /// A cell's proven surplus is its largest bound against any other cell: if that is positive the cell is not
    /// the lowest. It starts bleeding above <see cref="BalancingKeys.ChargeStartMah"/> and stops below
    /// <see cref="BalancingKeys.ChargeStopMah"/>. Allocates nothing after construction.
    /// </summary>
    public sealed class ChargeStrategy : IBalancingStrategy
    {
        private const int MasPerMah = 3600;
        private const int Unknown = int.MinValue;
        private const int FloorMas = -1000000000;

        // proven lower bound of (charge to full of j) - (charge to full of i), mAs, at [i * MaxCells + j]
        private readonly int[] _boundMas = new int[Bmu16.MaxCells * Bmu16.MaxCells];
        private readonly long[] _lastBledMas = new long[Bmu16.MaxCells];
        private readonly int[] _provenMas = new int[Bmu16.MaxCells];
        private readonly int[] _bledDeltaMas = new int[Bmu16.MaxCells];
        private readonly int[] _bestMas = new int[Bmu16.MaxCells];
        private int _startMah;
        private int _stopMah;
        private int _driftMahPerDay;
        private bool _primed;
        private long _lastTimeMs;
        private long _driftRemainderMas;

        /// <summary>Makes the strategy with no evidence yet.</summary>
        public ChargeStrategy()
        {
            Reset();
        }

        /// <inheritdoc />
        public int Mode
        {
            get { return BalancingMode.Charge; }
        }

        /// <inheritdoc />
        public void Configure(BmsConfig config)
        {
            _startMah = config.Get(BalancingKeys.ChargeStartMah);
            _stopMah = config.Get(BalancingKeys.ChargeStopMah);
            if (_stopMah > _startMah)
            {
                _stopMah = _startMah;
            }

            _driftMahPerDay = config.Get(BalancingKeys.ChargeDriftMahPerDay);
        }

        /// <summary>Forgets all evidence (for example after the cells were changed).</summary>
        public void Reset()
        {
            for (int k = 0; k < _boundMas.Length; k++)
            {
                _boundMas[k] = Unknown;
            }

            for (int i = 0; i < Bmu16.MaxCells; i++)
            {
                _provenMas[i] = 0;
            }

            _primed = false;
        }

        /// <summary>
        /// The charge by which a cell is proven to hold more than some other cell, mAh, as of the last decision
        /// (0 when nothing is proven).
        /// </summary>
        /// <param name="cell">Cell index.</param>
        /// <returns>mAh.</returns>
        public int ProvenSurplusMah(int cell)
        {
            return _provenMas[cell] / MasPerMah;
        }

        /// <inheritdoc />
        public void Evaluate(ModuleStatus status, int cellCount, int plannedMask, int[] priority)
        {
            long driftMas = 0;
            if (_primed)
            {
                long dtMs = status.TimeMs - _lastTimeMs;
                if (dtMs > 0)
                {
                    // mAh/day * ms -> mAs: * 3600 / 86 400 000 = / 24 000; the remainder is kept
                    long scaled = (_driftMahPerDay * dtMs) + _driftRemainderMas;
                    driftMas = scaled / 24000;
                    _driftRemainderMas = scaled - (driftMas * 24000);
                }
            }

            for (int i = 0; i < cellCount; i++)
            {
                long bled = status.CellBledMas[i];
                long dBledI = _primed ? bled - _lastBledMas[i] : 0;
                _lastBledMas[i] = bled;
                _bledDeltaMas[i] = (int)dBledI;
            }

            for (int i = 0; i < cellCount; i++)
            {
                int maxMah = status.CellChargeToFullMaxMah[i];
                int dBledI = _bledDeltaMas[i];
                int best = Unknown;
                int row = i * Bmu16.MaxCells;
                for (int j = 0; j < cellCount; j++)
                {
                    if (j == i)
                    {
                        continue;
                    }

                    int bound = _boundMas[row + j];
                    if (bound != Unknown)
                    {
                        long carried = (long)bound - dBledI + _bledDeltaMas[j] - driftMas;
                        bound = carried < FloorMas ? FloorMas : (int)carried;
                    }

                    // the voltage evidence of this scan: j needs at least its least charge to full, i at most its most
                    long nowMas = ((long)status.CellChargeToFullMinMah[j] - maxMah) * MasPerMah;
                    if (nowMas > FloorMas && nowMas > bound)
                    {
                        bound = (int)nowMas;
                    }

                    // and the most j can need beyond i now: a carried bound above it is out of date (the model's
                    // bias was larger than allowed, or the cells were changed): the newer evidence wins
                    long capMas = ((long)status.CellChargeToFullMaxMah[j] - status.CellChargeToFullMinMah[i]) * MasPerMah;
                    if (bound != Unknown && capMas < bound)
                    {
                        bound = capMas < FloorMas ? FloorMas : (int)capMas;
                    }

                    _boundMas[row + j] = bound;
                    if (bound > best)
                    {
                        best = bound;
                    }
                }

                _bestMas[i] = best;
            }

            for (int i = 0; i < cellCount; i++)
            {
                int best = _bestMas[i];
                _provenMas[i] = best > 0 ? best : 0;
                int thresholdMas = (((plannedMask >> i) & 1) != 0 ? _stopMah : _startMah) * MasPerMah;
                priority[i] = best > thresholdMas ? (best / MasPerMah) + 1 : 0;
            }

            _lastTimeMs = status.TimeMs;
            _primed = true;
        }
    }
}
