using System;

namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// Frequency regulation: fast +- swings following a regulation signal that changes every couple of seconds
    /// (a slow component over minutes plus a fast random one), around zero mean, with a gentle SOC-keeping bias
    /// so the module drifts neither empty nor full. Deterministic for a seed; the signal depends on time only.
    /// </summary>
    public sealed class FrequencyRegulationProfile : LoadProfile
    {
        private readonly ulong _seed;
        private readonly double _phase;

        /// <summary>Makes the profile.</summary>
        /// <param name="amplitudeA">Largest current either way, A (default 0.5 C of 280 Ah).</param>
        /// <param name="seed">Seed of the signal.</param>
        /// <param name="updateSeconds">How often the fast component changes, s.</param>
        public FrequencyRegulationProfile(double amplitudeA = 140, ulong seed = 1, double updateSeconds = 2)
        {
            AmplitudeA = amplitudeA;
            _seed = seed;
            UpdateSeconds = updateSeconds;
            _phase = new SimRandom(seed).NextDouble() * 2 * Math.PI;
        }

        /// <summary>Largest current, A.</summary>
        public double AmplitudeA { get; }

        /// <summary>Update interval of the fast component, s.</summary>
        public double UpdateSeconds { get; }

        /// <summary>The regulation signal, -1..1.</summary>
        /// <param name="timeSeconds">Simulated time, s.</param>
        /// <returns>Signal.</returns>
        public double Signal(double timeSeconds)
        {
            long k = (long)(timeSeconds / UpdateSeconds);
            double fast = Hash(k) * 0.6 + Hash(k / 8) * 0.4;
            double slow = Math.Sin(2 * Math.PI * timeSeconds / 900.0 + _phase);
            double s = 0.5 * slow + 0.5 * fast;
            return s > 1 ? 1 : (s < -1 ? -1 : s);
        }

        /// <inheritdoc />
        public override double CurrentA(in PackView pack)
        {
            double i = AmplitudeA * Signal(pack.TimeSeconds);

            // SOC keeping: lean towards mid-plateau by the stack voltage (3.30 V/cell ~ 70 %, 3.25 V/cell ~ 25 %)
            double perCell = pack.SourceVoltageV / pack.CellCount;
            if (perCell > 3.32)
            {
                i -= 0.2 * AmplitudeA;
            }
            else if (perCell < 3.24)
            {
                i += 0.2 * AmplitudeA;
            }

            return i;
        }

        private double Hash(long k)
        {
            ulong z = (ulong)k * 0x9E3779B97F4A7C15UL + _seed * 0xD1B54A32D192ED03UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (z >> 11) * (2.0 / 9007199254740992.0) - 1.0;
        }
    }
}
