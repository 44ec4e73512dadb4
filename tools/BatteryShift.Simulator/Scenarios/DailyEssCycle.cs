using BatteryShift.Hal.Simulation;

namespace BatteryShift.Simulator.Scenarios
{
    /// <summary>
    /// A daily peak-shaving cycle of a home or small-business storage module: a morning peak, charging from
    /// solar around midday (CC/CV to 3.45 V per cell), an evening peak, a small base load at night. Sized for
    /// a 16S 280 Ah module (14.3 kWh): about 12 kWh discharged per day, so SOC swings between roughly
    /// full and 15-20 %. Power scales with the cell count.
    /// </summary>
    public sealed class DailyEssCycle : LoadProfile
    {
        private readonly CcCvCharger _charger;
        private readonly double _offsetSeconds;

        /// <summary>Makes the cycle.</summary>
        /// <param name="startHour">Time of day at simulation start, hours (0..24).</param>
        public DailyEssCycle(double startHour)
        {
            _offsetSeconds = startHour * 3600.0;

            // 0.25 C charge, CV 3.45 V per cell (below the 3.55 V charge limit of facts.md)
            _charger = new CcCvCharger(70, 3.45, 5, 3.30);
        }

        /// <summary>Time of day at simulation time t, s since midnight.</summary>
        /// <param name="timeSeconds">Simulation time, s.</param>
        /// <returns>Seconds since midnight.</returns>
        public double TimeOfDay(double timeSeconds) => (timeSeconds + _offsetSeconds) % 86400.0;

        /// <inheritdoc />
        public override double CurrentA(in PackView pack)
        {
            double hour = TimeOfDay(pack.TimeSeconds) / 3600.0;
            double scale = pack.CellCount / 16.0;
            if (hour >= 10 && hour < 15)
            {
                return _charger.CurrentA(pack);
            }

            double watts = hour >= 7 && hour < 9 ? 1500
                : hour >= 17 && hour < 22 ? 1800
                : hour >= 22 || hour < 6 ? 150
                : 0;
            double volts = pack.TerminalVoltageV > 1 ? pack.TerminalVoltageV : 3.2 * pack.CellCount;
            return -watts * scale / volts;
        }
    }
}
