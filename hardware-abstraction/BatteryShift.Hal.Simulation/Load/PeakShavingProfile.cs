namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// Daily peak shaving for a residential or commercial ESS: CC/CV grid charge overnight (00:00-06:00), a
    /// morning peak (07:00-09:00) and an evening peak (17:00-21:00) discharged at constant power, rest otherwise.
    /// The charger stops at 3.40 V/cell (stack voltage): without a BMS a spread pack still drives its highest cell up.
    /// Defaults for one 280 Ah / 51.2 V module: about 78 % depth of discharge per day.
    /// </summary>
    public sealed class PeakShavingProfile : LoadProfile
    {
        private readonly CcCvCharger _charger;

        /// <summary>Makes the profile.</summary>
        /// <param name="capacityAh">Module capacity the defaults scale with, Ah.</param>
        public PeakShavingProfile(double capacityAh = 280)
        {
            _charger = new CcCvCharger(0.2 * capacityAh, 3.40, 0.02 * capacityAh, 3.30)
            {
                WindowStartSeconds = 0,
                WindowEndSeconds = 6 * 3600,
            };
            MorningPowerW = 0.07 * capacityAh * 51.2;
            EveningPowerW = 0.16 * capacityAh * 51.2;
        }

        /// <summary>Morning discharge power, W.</summary>
        public double MorningPowerW { get; set; }

        /// <summary>Evening discharge power, W.</summary>
        public double EveningPowerW { get; set; }

        /// <summary>The overnight charger.</summary>
        public CcCvCharger Charger => _charger;

        /// <inheritdoc />
        public override double CurrentA(in PackView pack)
        {
            double hour = pack.TimeSeconds % 86400.0 / 3600.0;
            double v = pack.TerminalVoltageV < 1.0 ? 1.0 : pack.TerminalVoltageV;
            if (hour < 6)
            {
                return _charger.CurrentA(pack);
            }

            if (hour >= 7 && hour < 9)
            {
                return -MorningPowerW / v;
            }

            if (hour >= 17 && hour < 21)
            {
                return -EveningPowerW / v;
            }

            return 0.0;
        }
    }
}
