using BatteryShift.Bms.Board;
using BatteryShift.Bms.Config;

namespace BatteryShift.Bms.Balancing
{
    /// <summary>
    /// Charge-based balancing: bleeds, at any state of charge, the charge by which a cell is proven to hold more
    /// than some other cell, not only near the top (on LFP the voltage hides the imbalance on the plateau,
    /// docs/references.md).
    ///
    /// Why proven, not estimated: the estimator's point value of a cell's charge to full
    /// (<see cref="ModuleStatus.CellChargeToFullMah"/>) is only as good as its voltage evidence, and on the LFP
    /// plateau (3.32 V from about 30 % to 98 %, the BPX LFP OCV table, hardware-abstraction/BatteryShift.Hal.Simulation/Data/lfp-ocv.csv) that evidence is nil: a cell
    /// initialised on the plateau can be wrong by several percent while ranked as the fullest, and bleeding on
    /// that ranking bleeds the truly lowest cell. So a cell is bled only by the evidence, a lower bound on its
    /// surplus over the cell furthest from full:
    /// <list type="bullet">
    /// <item>Each decision takes the bound the estimator's voltage intervals give now: the largest least charge to
    /// full of any other cell (<see cref="ModuleStatus.CellChargeToFullMinMah"/>) less this cell's most
    /// (<see cref="ModuleStatus.CellChargeToFullMaxMah"/>), both from the same scan, so the charge moved through
    /// the module and the current sensor's errors cancel. Near the top of charge (the knee above 98 %) the
    /// voltage pins the fullest cells and bounds the others from below.</item>
    /// <item>The best bound so far is carried forward by counting: the charge bled from the cell lowers it
    /// (charge bled from the other cell would raise it; leaving that out only makes the bound safer), and it
    /// wears away at <see cref="BalancingKeys.ChargeDriftMahPerDay"/> for unequal self-discharge. It never exceeds
    /// the most the same scan allows (the largest most charge to full of another cell less this cell's least).</item>
    /// </list>
    /// A positive proven surplus means some other cell is further from full, so the lowest cell is never bled. A
    /// cell starts bleeding above <see cref="BalancingKeys.ChargeStartMah"/> and stops at
    /// <see cref="BalancingKeys.ChargeStopMah"/>. Allocates nothing after construction.
    /// </summary>
    public sealed class ChargeStrategy : IBalancingStrategy
    {
        private const int MasPerMah = 3600;

        private readonly long[] _provenMas = new long[Bmu16.MaxCells];
        private readonly long[] _lastBledMas = new long[Bmu16.MaxCells];
        private int _startMah;
        private int _stopMah;
        private int _driftMahPerDay;
        private bool _primed;
        private long _lastTimeMs;
        private long _driftRemainder;
        private int _minFirst;
        private int _minSecond;
        private int _maxFirst;
        private int _maxSecond;

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

        /// <summary>
        /// The charge by which a cell is proven to hold more than some other cell, mAh, as of the last decision
        /// (0 when nothing is proven).
        /// </summary>
        /// <param name="cell">Cell index.</param>
        /// <returns>mAh.</returns>
        public int ProvenSurplusMah(int cell)
        {
            long mas = _provenMas[cell];
            return mas > 0 ? (int)(mas / MasPerMah) : 0;
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
                    long scaled = (_driftMahPerDay * dtMs) + _driftRemainder;
                    driftMas = scaled / 24000;
                    _driftRemainder = scaled - (driftMas * 24000);
                }
            }

            int[] minMah = status.CellChargeToFullMinMah;
            int[] maxMah = status.CellChargeToFullMaxMah;
            FindLargest(minMah, maxMah, cellCount);
            int minFirst = _minFirst;
            int minSecond = _minSecond;
            int maxFirst = _maxFirst;
            int maxSecond = _maxSecond;
            for (int i = 0; i < cellCount; i++)
            {
                long bled = status.CellBledMas[i];
                long proven = _provenMas[i];
                if (_primed)
                {
                    proven -= (bled - _lastBledMas[i]) + driftMas;
                }
                else
                {
                    proven = long.MinValue / 2;
                }

                _lastBledMas[i] = bled;
                if (cellCount > 1)
                {
                    int otherMin = minMah[i == minFirst ? minSecond : minFirst];
                    int otherMax = maxMah[i == maxFirst ? maxSecond : maxFirst];
                    long nowMas = ((long)otherMin - maxMah[i]) * MasPerMah;
                    long capMas = ((long)otherMax - minMah[i]) * MasPerMah;
                    if (nowMas > proven)
                    {
                        proven = nowMas;
                    }

                    if (proven > capMas)
                    {
                        proven = capMas;
                    }
                }

                if (proven < long.MinValue / 2)
                {
                    proven = long.MinValue / 2;
                }

                _provenMas[i] = proven;
                long thresholdMas = (long)(((plannedMask >> i) & 1) != 0 ? _stopMah : _startMah) * MasPerMah;
                priority[i] = proven > thresholdMas && cellCount > 1 ? (int)(proven / MasPerMah) + 1 : 0;
            }

            _lastTimeMs = status.TimeMs;
            _primed = true;
        }

        // the two largest least-charge-to-full and most-charge-to-full values, so that "any other cell" is one
        // comparison per cell
        private void FindLargest(int[] minMah, int[] maxMah, int cellCount)
        {
            int minFirst = 0;
            int minSecond = -1;
            int maxFirst = 0;
            int maxSecond = -1;
            for (int i = 1; i < cellCount; i++)
            {
                if (minMah[i] > minMah[minFirst])
                {
                    minSecond = minFirst;
                    minFirst = i;
                }
                else if (minSecond < 0 || minMah[i] > minMah[minSecond])
                {
                    minSecond = i;
                }

                if (maxMah[i] > maxMah[maxFirst])
                {
                    maxSecond = maxFirst;
                    maxFirst = i;
                }
                else if (maxSecond < 0 || maxMah[i] > maxMah[maxSecond])
                {
                    maxSecond = i;
                }
            }

            _minFirst = minFirst;
            _minSecond = minSecond;
            _maxFirst = maxFirst;
            _maxSecond = maxSecond;
        }
    }
}
