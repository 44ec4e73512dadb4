using System;

namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// Small deterministic generator (xoshiro256**, seeded through splitmix64) so that a seed gives the same
    /// trace on every platform and .NET version.
    /// </summary>
    public sealed class SimRandom
    {
        private ulong _s0;
        private ulong _s1;
        private ulong _s2;
        private ulong _s3;

        /// <summary>Seeds the generator.</summary>
        /// <param name="seed">Seed.</param>
        public SimRandom(ulong seed)
        {
            ulong x = seed;
            _s0 = SplitMix(ref x);
            _s1 = SplitMix(ref x);
            _s2 = SplitMix(ref x);
            _s3 = SplitMix(ref x);
        }

        /// <summary>Next 64 random bits.</summary>
        /// <returns>Bits.</returns>
        public ulong NextUInt64()
        {
            ulong result = RotateLeft(_s1 * 5, 7) * 9;
            ulong t = _s1 << 17;
            _s2 ^= _s0;
            _s3 ^= _s1;
            _s1 ^= _s2;
            _s0 ^= _s3;
            _s2 ^= t;
            _s3 = RotateLeft(_s3, 45);
            return result;
        }

        /// <summary>Uniform in [0, 1).</summary>
        /// <returns>Value.</returns>
        public double NextDouble()
        {
            return (NextUInt64() >> 11) * (1.0 / 9007199254740992.0);
        }

        /// <summary>Uniform in [-1, 1).</summary>
        /// <returns>Value.</returns>
        public double NextSigned()
        {
            return NextDouble() * 2.0 - 1.0;
        }

        /// <summary>Uniform in [min, max).</summary>
        /// <param name="min">Low end.</param>
        /// <param name="max">High end.</param>
        /// <returns>Value.</returns>
        public double Uniform(double min, double max)
        {
            return min + (max - min) * NextDouble();
        }

        /// <summary>Standard normal (Box-Muller; used at set-up, not per sample).</summary>
        /// <returns>Value.</returns>
        public double NextGaussian()
        {
            double u1 = 1.0 - NextDouble();
            double u2 = NextDouble();
            return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        }

        /// <summary>
        /// Cheap approximately normal value with unit variance (sum of four uniforms), for per-sample noise.
        /// </summary>
        /// <returns>Value.</returns>
        public double NextNoise()
        {
            ulong r = NextUInt64();
            double sum = (r & 0xFFFF) + ((r >> 16) & 0xFFFF) + ((r >> 32) & 0xFFFF) + (r >> 48);
            return (sum / 65536.0 - 2.0) * 1.7320508075688772;
        }

        /// <summary>A new generator seeded from this one (independent stream for a sub-model).</summary>
        /// <returns>The generator.</returns>
        public SimRandom Fork()
        {
            return new SimRandom(NextUInt64());
        }

        private static ulong RotateLeft(ulong x, int k)
        {
            return (x << k) | (x >> (64 - k));
        }

        private static ulong SplitMix(ref ulong x)
        {
            x += 0x9E3779B97F4A7C15UL;
            ulong z = x;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
