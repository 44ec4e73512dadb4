namespace BatteryShift.Hal.Simulation
{
    /// <summary>Two profiles on the same bus: their currents add.</summary>
    public sealed class SumProfile : LoadProfile
    {
        private readonly LoadProfile _a;
        private readonly LoadProfile _b;

        /// <summary>Makes the sum.</summary>
        /// <param name="a">First.</param>
        /// <param name="b">Second.</param>
        public SumProfile(LoadProfile a, LoadProfile b)
        {
            _a = a;
            _b = b;
        }

        /// <inheritdoc />
        public override double CurrentA(in PackView pack)
        {
            return _a.CurrentA(pack) + _b.CurrentA(pack);
        }
    }
}
