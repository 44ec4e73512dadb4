using BatteryShift.Bms.Config;

namespace BatteryShift.Bms.Balancing
{
    /// <summary>
    /// Classic top balancing: near full charge, bleed every cell more than a threshold above the lowest
    /// cell. On LFP the voltage shows the imbalance only near the top of charge (above about 3.35-3.40 V;
    /// the plateau hides it elsewhere), so the strategy waits for the highest cell to pass
    /// <see cref="BalancingKeys.VoltageTopMv"/>. Defaults follow Libre Solar (Vmax &gt; 3.30 V, delta
    /// &gt; 10 mV; docs/references.md). A bleeding cell keeps bleeding down to delta minus the
    /// hysteresis, so it does not chatter at the threshold. No bleeding while the module discharges.
    /// </summary>
    public sealed class VoltageTopStrategy : IBalancingStrategy
    {
        private int _topMv;
        private int _deltaMv;
        private int _hysteresisMv;
        private int _idleMa;

        /// <inheritdoc />
        public int Mode
        {
            get { return BalancingMode.VoltageTop; }
        }

        /// <inheritdoc />
        public void Configure(BmsConfig config)
        {
            _topMv = config.Get(BalancingKeys.VoltageTopMv);
            _deltaMv = config.Get(BalancingKeys.VoltageDeltaMv);
            _hysteresisMv = config.Get(BalancingKeys.VoltageHysteresisMv);
            if (_hysteresisMv > _deltaMv)
            {
                _hysteresisMv = _deltaMv;
            }

            _idleMa = config.Get(BalancingKeys.VoltageIdleMa);
        }

        /// <inheritdoc />
        public void Evaluate(ModuleStatus status, int cellCount, int plannedMask, int[] priority)
        {
            int minMv = int.MaxValue;
            int maxMv = int.MinValue;
            for (int i = 0; i < cellCount; i++)
            {
                int v = status.CellVoltageMv[i];
                if (v < minMv)
                {
                    minMv = v;
                }

                if (v > maxMv)
                {
                    maxMv = v;
                }
            }

            bool active = maxMv > _topMv && status.PackCurrentMa >= -_idleMa;
            for (int i = 0; i < cellCount; i++)
            {
                int aboveMv = status.CellVoltageMv[i] - minMv;
                int thresholdMv = ((plannedMask >> i) & 1) != 0 ? _deltaMv - _hysteresisMv : _deltaMv;
                priority[i] = active && aboveMv > thresholdMv ? aboveMv : 0;
            }
        }
    }
}
