namespace BatteryShift.Bms.Config
{
    /// <summary>
    /// Configuration keys of cell balancing (keys 100..119).
    /// </summary>
    public static class BalancingKeys
    {
        /// <summary>Strategy: 0 off, 1 voltage-based top balancing, 2 charge-based (Balancing.BalancingMode).</summary>
        public const int Mode = 100;

        /// <summary>
        /// Control ticks between bleed decisions. Without a bleed-off measurement phase the last tick of
        /// each period runs with every bleeder off so the next scan is clean (ENNOID bleeds 4 s, then reads
        /// after 200 ms off: docs/references.md; 25 ticks of 200 ms is 4.8 s on, 0.2 s off).
        /// </summary>
        public const int PeriodTicks = 101;

        /// <summary>No cell below this voltage is bled, mV.</summary>
        public const int FloorMv = 102;

        /// <summary>Voltage strategy: bleeding only while the highest cell is above this, mV
        /// (Libre Solar: Vmax &gt; 3.30 V for LFP, docs/references.md).</summary>
        public const int VoltageTopMv = 103;

        /// <summary>Voltage strategy: a cell starts bleeding this far above the lowest cell, mV
        /// (Libre Solar: delta &gt; 10 mV).</summary>
        public const int VoltageDeltaMv = 104;

        /// <summary>Voltage strategy: a bleeding cell stops at delta minus this, mV.</summary>
        public const int VoltageHysteresisMv = 105;

        /// <summary>Voltage strategy: no bleeding while the module discharges more than this, mA.</summary>
        public const int VoltageIdleMa = 106;

        /// <summary>Charge strategy: a cell starts bleeding when its proven surplus exceeds this, mAh
        /// (140 mAh is 0.05 % of 280 Ah, under 1.5 h of bleeding at 100 mA).</summary>
        public const int ChargeStartMah = 107;

        /// <summary>Charge strategy: a bleeding cell stops when its proven surplus falls to this, mAh. The surplus is a
        /// lower bound that only shrinks while the cell bleeds, so 0 cannot chatter and never bleeds past the proof.</summary>
        public const int ChargeStopMah = 108;

        /// <summary>Most bleeders on at once.</summary>
        public const int MaxBleeders = 109;

        /// <summary>Board power budget of all bleed resistors together, mW (33 Ohm: 0.33 W per cell at
        /// 3.3 V, 0.40 W at 3.65 V; docs/hardware.md).</summary>
        public const int PowerBudgetMw = 110;

        /// <summary>Board temperature above which the power budget is derated linearly, 0.1 C.</summary>
        public const int BoardDerateDeciC = 111;

        /// <summary>Board temperature at which every bleeder stops, 0.1 C; bleeding resumes 5 C lower.</summary>
        public const int BoardMaxDeciC = 112;

        /// <summary>1: never bleed two adjacent cells at once (Libre Solar rule); 0: allowed.</summary>
        public const int NoAdjacent = 113;

        /// <summary>
        /// 1: balance even while a cell channel lacks its two-point calibration (the readings may be off by
        /// the amplifier tolerance, about 33 mV, and the lowest cell may be bled); 0 (default): balancing is
        /// held off with <see cref="Balancing.BalancingInhibit.Uncalibrated"/> until every configured cell
        /// is calibrated with `cal`.
        /// </summary>
        public const int AllowUncalibrated = 114;

        /// <summary>
        /// Charge-based balancing: how fast the proven difference between two cells' charge to full may wear away
        /// by unequal self-discharge, mAh per day. A cell's self-discharge is up to about 3 %/month
        /// (docs/references.md); 100 mAh/day is a spread of about 1.1 %/month of 280 Ah between two cells.
        /// </summary>
        public const int ChargeDriftMahPerDay = 115;

        internal static void Define()
        {
            ConfigSchema.Define(Mode, "bal.mode", "n", 2, 0, 2);
            ConfigSchema.Define(PeriodTicks, "bal.period", "n", 25, 2, 600);
            ConfigSchema.Define(FloorMv, "bal.floor", "mV", 3100, 2800, 3600);
            ConfigSchema.Define(VoltageTopMv, "bal.v_top", "mV", 3300, 3200, 3650);
            ConfigSchema.Define(VoltageDeltaMv, "bal.v_delta", "mV", 10, 2, 200);
            ConfigSchema.Define(VoltageHysteresisMv, "bal.v_hyst", "mV", 5, 0, 100);
            ConfigSchema.Define(VoltageIdleMa, "bal.v_idle", "mA", 1000, 0, 100000);
            ConfigSchema.Define(ChargeStartMah, "bal.q_start", "mAh", 140, 1, 100000);
            ConfigSchema.Define(ChargeStopMah, "bal.q_stop", "mAh", 0, 0, 100000);
            ConfigSchema.Define(MaxBleeders, "bal.max_n", "n", 16, 0, 16);
            ConfigSchema.Define(PowerBudgetMw, "bal.power", "mW", 6500, 0, 20000);
            ConfigSchema.Define(BoardDerateDeciC, "bal.t_derate", "dC", 550, 200, 1000);
            ConfigSchema.Define(BoardMaxDeciC, "bal.t_max", "dC", 700, 250, 1050);
            ConfigSchema.Define(NoAdjacent, "bal.no_adj", "n", 0, 0, 1);
            ConfigSchema.Define(AllowUncalibrated, "bal.uncal", "n", 0, 0, 1);
            ConfigSchema.Define(ChargeDriftMahPerDay, "bal.q_drift", "mAh", 100, 0, 10000);
        }
    }
}
