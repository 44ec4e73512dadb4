namespace BatteryShift.Bms.Config
{
    /// <summary>
    /// Configuration keys of state-of-charge and health estimation (keys 80..99). Cell-model starting
    /// values are those of docs/references.md ("Equivalent circuit") for a 280 Ah LFP cell; the
    /// estimator learns the series resistance and the capacity per cell and persists them.
    /// </summary>
    public static class EstimationKeys
    {
        /// <summary>Period of the model-based filter update, ms (charge is counted every tick).</summary>
        public const int FilterPeriodMs = 80;

        /// <summary>Coulombic efficiency of charging, 0.01 percent (9990 = 99.90 %).</summary>
        public const int CoulombicEfficiencyE4 = 81;

        /// <summary>Cell series resistance R0 at 25 C before it is learned, micro-ohm.</summary>
        public const int R0MicroOhm = 82;

        /// <summary>Fast RC pair resistance R1, micro-ohm.</summary>
        public const int R1MicroOhm = 83;

        /// <summary>Fast RC pair time constant, s.</summary>
        public const int Tau1S = 84;

        /// <summary>Slow RC pair resistance R2, micro-ohm.</summary>
        public const int R2MicroOhm = 85;

        /// <summary>Slow RC pair time constant, s.</summary>
        public const int Tau2S = 86;

        /// <summary>Hysteresis half-gap M (charge branch minus mid-branch), mV.</summary>
        public const int HysteresisMv = 87;

        /// <summary>Hysteresis rate: per unit of SOC moved, exp(-rate) of the old branch state remains.</summary>
        public const int HysteresisRate = 88;

        /// <summary>Cell voltage above which a charging tail counts as full (CV tail anchor), mV.</summary>
        public const int FullCellMv = 89;

        /// <summary>Charge current below which the CV tail counts as finished, mA.</summary>
        public const int FullTailMa = 90;

        /// <summary>Voltage error the cell model may have without being wrong (bounded bias), mV.</summary>
        public const int ModelBiasMv = 91;

        /// <summary>
        /// How far along the SOC axis the OCV table may sit from the module's real curve where the curve is flat,
        /// percent of SOC (makers and batches place the plateau's steps differently; docs/soc.md). The voltage
        /// corrects the SOC on the plateau only by what lies beyond it; 0 trusts the table's SOC axis exactly,
        /// which is right only for a curve measured on these very cells.
        /// </summary>
        public const int TableShiftPct = 97;

        /// <summary>Random voltage measurement noise, mV.</summary>
        public const int NoiseMv = 92;

        /// <summary>Uncertainty given to a state of charge set by hand or guessed at boot, percent.</summary>
        public const int InitialUncertaintyPct = 93;

        /// <summary>Activation energy of the resistances over the gas constant, K (Ea 25 kJ/mol: 3007 K).</summary>
        public const int ResistanceActivationK = 94;

        /// <summary>Period of saving the estimator's state to the store, s.</summary>
        public const int SavePeriodS = 95;

        /// <summary>
        /// "No current" for estimation, mA: a reading of smaller magnitude is the sensor's residual offset, so
        /// nothing is counted and the cell model sees a module at rest (<see cref="Estimation.SocEstimator"/> hands
        /// the filter 0). The state machine's <see cref="ProtectionKeys.ActivityCurrentMa"/> is another concept: the
        /// current above which the module counts as charging or discharging.
        /// </summary>
        public const int RestDeadbandMa = 96;

        internal static void Define()
        {
            ConfigSchema.Define(FilterPeriodMs, "soc.period", "ms", 1000, 100, 10000);
            ConfigSchema.Define(CoulombicEfficiencyE4, "soc.ce", "e4", 9990, 9000, 10000);
            ConfigSchema.Define(R0MicroOhm, "soc.r0", "uOhm", 350, 10, 100000);
            ConfigSchema.Define(R1MicroOhm, "soc.r1", "uOhm", 200, 0, 100000);
            ConfigSchema.Define(Tau1S, "soc.tau1", "s", 20, 1, 10000);
            ConfigSchema.Define(R2MicroOhm, "soc.r2", "uOhm", 350, 0, 100000);
            ConfigSchema.Define(Tau2S, "soc.tau2", "s", 600, 1, 20000);
            ConfigSchema.Define(HysteresisMv, "soc.hyst", "mV", 8, 0, 50);
            ConfigSchema.Define(HysteresisRate, "soc.hyst.rate", "n", 60, 1, 1000);
            ConfigSchema.Define(FullCellMv, "soc.full", "mV", 3450, 3350, 3650);
            ConfigSchema.Define(FullTailMa, "soc.full.tail", "mA", 14000, 100, 100000);
            ConfigSchema.Define(ModelBiasMv, "soc.bias", "mV", 10, 1, 100);
            ConfigSchema.Define(TableShiftPct, "soc.shift", "pct", 10, 0, 30);
            ConfigSchema.Define(NoiseMv, "soc.noise", "mV", 3, 1, 100);
            ConfigSchema.Define(InitialUncertaintyPct, "soc.init.unc", "pct", 25, 1, 100);
            ConfigSchema.Define(ResistanceActivationK, "soc.r.ea", "K", 3007, 0, 10000);
            ConfigSchema.Define(SavePeriodS, "soc.save", "s", 3600, 60, 86400);
            ConfigSchema.Define(RestDeadbandMa, "soc.deadband", "mA", 200, 0, 5000);
        }
    }
}
