namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// Data-centre UPS duty: the module floats on a CV charger for a long time, then a utility outage draws a
    /// sudden high discharge for a few minutes, then the charger recharges it (CC, then CV float) and the cycle
    /// repeats. Defaults: 72 h float at 3.40 V/cell, a 250 A (about 0.9 C) backup event for 10 minutes.
    /// </summary>
    public sealed class DataCentreBackupProfile : LoadProfile
    {
        private readonly CcCvCharger _charger;

        /// <summary>Makes the profile.</summary>
        /// <param name="floatHours">Float time before each event, h.</param>
        /// <param name="backupA">Discharge current during the event, A.</param>
        /// <param name="backupMinutes">Event duration, min.</param>
        public DataCentreBackupProfile(double floatHours = 72, double backupA = 250, double backupMinutes = 10)
        {
            FloatSeconds = floatHours * 3600.0;
            BackupA = backupA;
            BackupSeconds = backupMinutes * 60.0;
            _charger = new CcCvCharger(56, 3.40, 0, 3.30);
        }

        /// <summary>Float time before each event, s.</summary>
        public double FloatSeconds { get; }

        /// <summary>Event discharge current, A.</summary>
        public double BackupA { get; }

        /// <summary>Event duration, s.</summary>
        public double BackupSeconds { get; }

        /// <summary>The float / recharge charger.</summary>
        public CcCvCharger Charger => _charger;

        /// <summary>True during a backup event.</summary>
        /// <param name="timeSeconds">Simulated time, s.</param>
        /// <returns>In an event.</returns>
        public bool InEvent(double timeSeconds)
        {
            double t = timeSeconds % (FloatSeconds + BackupSeconds);
            return t >= FloatSeconds;
        }

        /// <inheritdoc />
        public override double CurrentA(in PackView pack)
        {
            if (InEvent(pack.TimeSeconds))
            {
                return -BackupA;
            }

            return _charger.CurrentA(pack);
        }
    }
}
