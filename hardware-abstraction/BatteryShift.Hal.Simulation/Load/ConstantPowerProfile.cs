namespace BatteryShift.Hal.Simulation
{
    /// <summary>A constant power (an inverter): current = power / module voltage (positive = charging).</summary>
    public sealed class ConstantPowerProfile : LoadProfile
    {
        /// <summary>Makes the profile.</summary>
        /// <param name="powerW">Power, W (positive = charging).</param>
        /// <param name="startSeconds">Start, s.</param>
        /// <param name="durationSeconds">Duration, s.</param>
        public ConstantPowerProfile(double powerW, double startSeconds = 0, double durationSeconds = double.PositiveInfinity)
        {
            PowerW = powerW;
            StartSeconds = startSeconds;
            EndSeconds = startSeconds + durationSeconds;
        }

        /// <summary>Power, W.</summary>
        public double PowerW { get; set; }

        /// <summary>Start, s.</summary>
        public double StartSeconds { get; }

        /// <summary>End, s.</summary>
        public double EndSeconds { get; }

        /// <inheritdoc />
        public override double CurrentA(in PackView pack)
        {
            double t = pack.TimeSeconds;
            if (t < StartSeconds || t >= EndSeconds)
            {
                return 0.0;
            }

            double v = pack.TerminalVoltageV < 1.0 ? 1.0 : pack.TerminalVoltageV;
            return PowerW / v;
        }
    }
}
