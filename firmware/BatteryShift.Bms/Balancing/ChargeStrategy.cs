using BatteryShift.Bms.Config;

namespace BatteryShift.Bms.Balancing
{
    /// <summary>
    /// Charge-based balancing: the estimator's per-cell charge still to full
    /// (<see cref="ModuleStatus.CellChargeToFullMah"/>) says how much each cell holds above the cell that
    /// will be full last; that surplus is bled, at any state of charge, not only near the top (on LFP the
    /// voltage hides the imbalance on the plateau, shared/reference/facts.md). A cell starts at
    /// <see cref="BalancingKeys.ChargeStartMah"/> of surplus and stops below
    /// <see cref="BalancingKeys.ChargeStopMah"/>. The estimate must count the charge bled
    /// (<see cref="ModuleStatus.CellBledMas"/>) out of each cell, or the surplus never shrinks.
    /// </summary>
    public sealed class ChargeStrategy : IBalancingStrategy
    {
        private int _startMah;
        private int _stopMah;

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
        }

        /// <inheritdoc />
        public void Evaluate(ModuleStatus status, int cellCount, int plannedMask, int[] priority)
        {
            int lastMah = int.MinValue;
            for (int i = 0; i < cellCount; i++)
            {
                if (status.CellChargeToFullMah[i] > lastMah)
                {
                    lastMah = status.CellChargeToFullMah[i];
                }
            }

            for (int i = 0; i < cellCount; i++)
            {
                int surplusMah = lastMah - status.CellChargeToFullMah[i];
                int thresholdMah = ((plannedMask >> i) & 1) != 0 ? _stopMah : _startMah;
                priority[i] = surplusMah > thresholdMah ? surplusMah : 0;
            }
        }
    }
}
