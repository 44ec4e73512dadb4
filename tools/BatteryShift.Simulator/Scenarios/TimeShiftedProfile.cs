using BatteryShift.Hal.Simulation;

namespace BatteryShift.Simulator.Scenarios
{
    /// <summary>
    /// Runs a daily profile as if the simulation had started at another time of day: the inner profile sees
    /// the simulated time plus an offset.
    /// </summary>
    public sealed class TimeShiftedProfile : LoadProfile
    {
        private readonly LoadProfile _inner;
        private readonly double _offsetSeconds;

        /// <summary>Wraps a profile.</summary>
        /// <param name="inner">Profile.</param>
        /// <param name="offsetSeconds">Seconds added to the simulated time.</param>
        public TimeShiftedProfile(LoadProfile inner, double offsetSeconds)
        {
            _inner = inner;
            _offsetSeconds = offsetSeconds;
        }

        /// <inheritdoc />
        public override double CurrentA(in PackView pack)
        {
            var shifted = new PackView(
                pack.TimeSeconds + _offsetSeconds,
                pack.CellCount,
                pack.TerminalVoltageV,
                pack.SourceVoltageV,
                pack.ResistanceOhm,
                pack.ChargeEnable,
                pack.DischargeEnable,
                pack.ChargerOvervoltageCellV);
            return _inner.CurrentA(shifted);
        }
    }
}
