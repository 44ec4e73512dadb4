namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// Long storage: nothing connected but an optional small standby load (an inverter left on), with an optional
    /// periodic top-up charge (CC/CV to a storage voltage). Self-discharge and the board's own supply drain the
    /// cells meanwhile.
    /// </summary>
    public sealed class LongStorageProfile : LoadProfile
    {
        private readonly CcCvCharger _topUp;

        /// <summary>Makes the profile.</summary>
        /// <param name="standbyA">Standby discharge current, A.</param>
        /// <param name="topUpEveryDays">Top-up period, days (0: never).</param>
        public LongStorageProfile(double standbyA = 0.0, double topUpEveryDays = 0)
        {
            StandbyA = standbyA;
            TopUpEverySeconds = topUpEveryDays * 86400.0;
            _topUp = new CcCvCharger(28, 3.35, 3, 3.0);
        }

        /// <summary>Standby discharge, A.</summary>
        public double StandbyA { get; }

        /// <summary>Top-up period, s (0: never).</summary>
        public double TopUpEverySeconds { get; }

        /// <inheritdoc />
        public override double CurrentA(in PackView pack)
        {
            if (TopUpEverySeconds > 0 && pack.TimeSeconds % TopUpEverySeconds < 6 * 3600.0 && pack.TimeSeconds >= TopUpEverySeconds)
            {
                return _topUp.CurrentA(pack);
            }

            return -StandbyA;
        }
    }
}
