namespace BatteryShift.Bms.Estimation
{
    /// <summary>
    /// Integer charge and energy counting. Current times time is summed in milliamp-milliseconds in
    /// 64-bit integers, so that no small current is ever rounded away (0.1 A for 100 ms is 10000 mA ms;
    /// a 280 Ah cell holds 1.0e12 mA ms). Charge into the module is counted only while the charge FET is on
    /// and charge out only while the discharge FET is on, so a sensor offset is not counted while the
    /// module is isolated. The stored charge gets the coulombic efficiency on charging (remainders
    /// carried, nothing lost to rounding).
    /// </summary>
    public sealed class ChargeCounter
    {
        private const long NanojoulePerWh = 3600000000000L;

        private long _inMams;
        private long _outMams;
        private long _storedMams;
        private long _efficiencyRemainder;
        private long _energyInNj;
        private long _energyOutNj;
        private long _energyInWh;
        private long _energyOutWh;
        private int _efficiencyE4 = 10000;

        /// <summary>Coulombic efficiency of charging, 0.01 percent.</summary>
        public int EfficiencyE4
        {
            get { return _efficiencyE4; }
            set { _efficiencyE4 = value; }
        }

        /// <summary>Charge counted in, mA ms, since the counters were made (or restored).</summary>
        public long InMams
        {
            get { return _inMams; }
        }

        /// <summary>Charge counted out, mA ms.</summary>
        public long OutMams
        {
            get { return _outMams; }
        }

        /// <summary>Net charge stored in the cells (in times efficiency, minus out), mA ms, running total.</summary>
        public long StoredMams
        {
            get { return _storedMams; }
        }

        /// <summary>Energy in, whole Wh.</summary>
        public long EnergyInWh
        {
            get { return _energyInWh; }
        }

        /// <summary>Energy out, whole Wh.</summary>
        public long EnergyOutWh
        {
            get { return _energyOutWh; }
        }

        /// <summary>
        /// Counts one interval.
        /// </summary>
        /// <param name="currentMa">Module current, mA, positive into the module.</param>
        /// <param name="moduleMv">Module voltage, mV (for energy).</param>
        /// <param name="dtMs">Interval, ms.</param>
        /// <param name="chargeFetOn">Charge FET on.</param>
        /// <param name="dischargeFetOn">Discharge FET on.</param>
        /// <returns>Net charge stored in the cells in this interval, mA ms.</returns>
        public long Count(int currentMa, int moduleMv, int dtMs, bool chargeFetOn, bool dischargeFetOn)
        {
            if (dtMs <= 0 || currentMa == 0)
            {
                return 0;
            }

            long mams = (long)currentMa * dtMs;
            long energyNj = mams * moduleMv;
            long stored;
            if (mams > 0)
            {
                if (!chargeFetOn)
                {
                    return 0;
                }

                _inMams += mams;
                _energyInNj += energyNj;
                if (_energyInNj >= NanojoulePerWh)
                {
                    long wh = _energyInNj / NanojoulePerWh;
                    _energyInWh += wh;
                    _energyInNj -= wh * NanojoulePerWh;
                }

                long scaled = (mams * _efficiencyE4) + _efficiencyRemainder;
                stored = scaled / 10000;
                _efficiencyRemainder = scaled - (stored * 10000);
            }
            else
            {
                if (!dischargeFetOn)
                {
                    return 0;
                }

                _outMams -= mams;
                _energyOutNj -= energyNj;
                if (_energyOutNj >= NanojoulePerWh)
                {
                    long wh = _energyOutNj / NanojoulePerWh;
                    _energyOutWh += wh;
                    _energyOutNj -= wh * NanojoulePerWh;
                }

                stored = mams;
            }

            _storedMams += stored;
            return stored;
        }

        /// <summary>
        /// Restores the running totals (from the store).
        /// </summary>
        /// <param name="inMams">Charge in, mA ms.</param>
        /// <param name="outMams">Charge out, mA ms.</param>
        /// <param name="energyInWh">Energy in, Wh.</param>
        /// <param name="energyOutWh">Energy out, Wh.</param>
        public void Restore(long inMams, long outMams, long energyInWh, long energyOutWh)
        {
            _inMams = inMams;
            _outMams = outMams;
            _energyInWh = energyInWh;
            _energyOutWh = energyOutWh;
        }
    }
}
