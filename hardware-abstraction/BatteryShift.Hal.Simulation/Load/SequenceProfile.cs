using System.Collections.Generic;

namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// Profiles one after another, each for a duration; each segment sees time from its own start. Optionally
    /// repeats.
    /// </summary>
    public sealed class SequenceProfile : LoadProfile
    {
        private readonly List<(double Duration, LoadProfile Profile)> _segments = new List<(double, LoadProfile)>();
        private double _total;

        /// <summary>Repeat the sequence after its end.</summary>
        public bool Repeat { get; set; }

        /// <summary>Appends a segment.</summary>
        /// <param name="durationSeconds">Duration, s.</param>
        /// <param name="profile">Profile for the segment.</param>
        /// <returns>This, for chaining.</returns>
        public SequenceProfile Then(double durationSeconds, LoadProfile profile)
        {
            _segments.Add((durationSeconds, profile));
            _total += durationSeconds;
            return this;
        }

        /// <summary>Appends a rest.</summary>
        /// <param name="durationSeconds">Duration, s.</param>
        /// <returns>This.</returns>
        public SequenceProfile Rest(double durationSeconds)
        {
            return Then(durationSeconds, new ConstantCurrentProfile(0));
        }

        /// <inheritdoc />
        public override double CurrentA(in PackView pack)
        {
            double t = pack.TimeSeconds;
            if (Repeat && _total > 0)
            {
                t %= _total;
            }

            double start = 0;
            foreach ((double duration, LoadProfile profile) in _segments)
            {
                if (t < start + duration)
                {
                    var local = new PackView(t - start, pack.CellCount, pack.TerminalVoltageV, pack.SourceVoltageV, pack.ResistanceOhm, pack.ChargeEnable, pack.DischargeEnable, pack.ChargerOvervoltageCellV);
                    return profile.CurrentA(local);
                }

                start += duration;
            }

            return 0.0;
        }
    }
}
