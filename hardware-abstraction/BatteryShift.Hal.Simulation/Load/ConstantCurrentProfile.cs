namespace BatteryShift.Hal.Simulation
{
    /// <summary>A constant current between a start and an end time (positive = charging).</summary>
    public sealed class ConstantCurrentProfile : LoadProfile
    {
        /// <summary>Makes the profile.</summary>
        /// <param name="currentA">Current, A (positive = charging, negative = discharging).</param>
        /// <param name="startSeconds">Start, s.</param>
        /// <param name="durationSeconds">Duration, s (infinite by default).</param>
        public ConstantCurrentProfile(double currentA, double startSeconds = 0, double durationSeconds = double.PositiveInfinity)
        {
            Current = currentA;
            StartSeconds = startSeconds;
            EndSeconds = startSeconds + durationSeconds;
        }

        /// <summary>Current, A.</summary>
        public double Current { get; set; }

        /// <summary>Start, s.</summary>
        public double StartSeconds { get; }

        /// <summary>End, s.</summary>
        public double EndSeconds { get; }

        /// <inheritdoc />
        public override double CurrentA(in PackView pack)
        {
            double t = pack.TimeSeconds;
            return t >= StartSeconds && t < EndSeconds ? Current : 0.0;
        }
    }
}
