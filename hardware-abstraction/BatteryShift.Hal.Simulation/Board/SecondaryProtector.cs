using System;

namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// The board's independent 16S voltage protector (BQ77216 class) at the pin level: it watches every cell at its own
    /// taps, and when one stays above its overvoltage threshold for its delay its COUT output turns the charge FET's gate
    /// off, when one stays below its undervoltage threshold for its delay DOUT turns the discharge FET's gate off,
    /// whatever the ESP32 does. Thresholds and delay are fixed by the ordered part; this board's values are drawn once
    /// within their tolerances (docs/hardware.md). An output releases when every cell is back inside the threshold by the
    /// hysteresis for the same delay.
    /// </summary>
    public sealed class SecondaryProtector
    {
        private long _ovSinceUs = -1;
        private long _uvSinceUs = -1;
        private long _ovClearSinceUs = -1;
        private long _uvClearSinceUs = -1;

        internal SecondaryProtector(double ovV, double uvV, double delayMs, double hysteresisV)
        {
            OvThresholdV = ovV;
            UvThresholdV = uvV;
            DelayMs = delayMs;
            HysteresisV = hysteresisV;
        }

        /// <summary>This board's overvoltage threshold, V.</summary>
        public double OvThresholdV { get; internal set; }

        /// <summary>This board's undervoltage threshold, V.</summary>
        public double UvThresholdV { get; internal set; }

        /// <summary>This board's delay, ms.</summary>
        public double DelayMs { get; internal set; }

        /// <summary>Release hysteresis, V.</summary>
        public double HysteresisV { get; }

        /// <summary>COUT active: the charge FET's gate is held off.</summary>
        public bool ChargeInhibit { get; private set; }

        /// <summary>DOUT active: the discharge FET's gate is held off.</summary>
        public bool DischargeInhibit { get; private set; }

        /// <summary>Overvoltage trips since the module was built.</summary>
        public int OvTrips { get; private set; }

        /// <summary>Undervoltage trips since the module was built.</summary>
        public int UvTrips { get; private set; }

        /// <summary>Time of the last overvoltage trip, microseconds (-1: none).</summary>
        public long LastOvTripUs { get; private set; } = -1;

        /// <summary>Checks the cells at one instant; true when an output changed.</summary>
        internal bool Sample(double[] cellV, int n, long nowUs)
        {
            double max = double.MinValue;
            double min = double.MaxValue;
            for (int k = 0; k < n; k++)
            {
                max = Math.Max(max, cellV[k]);
                min = Math.Min(min, cellV[k]);
            }

            long delayUs = (long)Math.Round(DelayMs * 1000.0);
            bool before = ChargeInhibit;
            bool beforeD = DischargeInhibit;
            ChargeInhibit = Track(ChargeInhibit, max > OvThresholdV, max < OvThresholdV - HysteresisV, ref _ovSinceUs, ref _ovClearSinceUs, nowUs, delayUs);
            DischargeInhibit = Track(DischargeInhibit, min < UvThresholdV, min > UvThresholdV + HysteresisV, ref _uvSinceUs, ref _uvClearSinceUs, nowUs, delayUs);
            if (ChargeInhibit && !before)
            {
                OvTrips++;
                LastOvTripUs = nowUs;
            }

            if (DischargeInhibit && !beforeD)
            {
                UvTrips++;
            }

            return before != ChargeInhibit || beforeD != DischargeInhibit;
        }

        private static bool Track(bool active, bool beyond, bool clear, ref long sinceUs, ref long clearSinceUs, long nowUs, long delayUs)
        {
            if (!active)
            {
                clearSinceUs = -1;
                if (!beyond)
                {
                    sinceUs = -1;
                    return false;
                }

                if (sinceUs < 0)
                {
                    sinceUs = nowUs;
                }

                return nowUs - sinceUs >= delayUs;
            }

            sinceUs = -1;
            if (!clear)
            {
                clearSinceUs = -1;
                return true;
            }

            if (clearSinceUs < 0)
            {
                clearSinceUs = nowUs;
            }

            return nowUs - clearSinceUs < delayUs;
        }
    }
}
