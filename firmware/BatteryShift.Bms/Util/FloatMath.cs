namespace BatteryShift.Bms.Util
{
    /// <summary>
    /// Single-precision helpers for the device, where System.Math is a separate package with double
    /// signatures and the default ESP32 firmware has a single-precision FPU.
    /// </summary>
    public static class FloatMath
    {
        private static readonly float[] s_pow10 = new float[] { 1f, 10f, 100f, 1000f, 10000f, 100000f, 1000000f };

        /// <summary>Absolute value.</summary>
        /// <param name="x">Value.</param>
        /// <returns>|x|.</returns>
        public static float Abs(float x)
        {
            return x < 0f ? -x : x;
        }

        /// <summary>Absolute value.</summary>
        /// <param name="x">Value.</param>
        /// <returns>|x|.</returns>
        public static int Abs(int x)
        {
            return x < 0 ? -x : x;
        }

        /// <summary>Clamps a value into [lo, hi].</summary>
        /// <param name="x">Value.</param>
        /// <param name="lo">Lower bound.</param>
        /// <param name="hi">Upper bound.</param>
        /// <returns>The clamped value.</returns>
        public static float Clamp(float x, float lo, float hi)
        {
            return x < lo ? lo : (x > hi ? hi : x);
        }

        /// <summary>Clamps a value into [lo, hi].</summary>
        /// <param name="x">Value.</param>
        /// <param name="lo">Lower bound.</param>
        /// <param name="hi">Upper bound.</param>
        /// <returns>The clamped value.</returns>
        public static int Clamp(int x, int lo, int hi)
        {
            return x < lo ? lo : (x > hi ? hi : x);
        }

        /// <summary>
        /// Rounds to the nearest integer, halves away from zero (2.5 to 3, -2.5 to -3): the one rounding of the
        /// core, for every conversion of a measured or estimated value to an integer unit.
        /// </summary>
        /// <param name="x">Value.</param>
        /// <returns>Nearest integer.</returns>
        public static int Round(float x)
        {
            return (int)(x >= 0f ? x + 0.5f : x - 0.5f);
        }

        /// <summary>
        /// A float as a scaled integer, value × 10^decimals rounded half away from zero (clamped to ±9e15): how the
        /// console and the JSON writer print a float with a fixed number of decimals.
        /// </summary>
        /// <param name="value">Value.</param>
        /// <param name="decimals">Digits after the point, 0..6.</param>
        /// <returns>The scaled integer.</returns>
        public static long Scale(float value, int decimals)
        {
            float scaled = value * s_pow10[decimals];
            if (scaled > 9.0e15f)
            {
                return 9000000000000000L;
            }

            if (scaled < -9.0e15f)
            {
                return -9000000000000000L;
            }

            return RoundLong(scaled);
        }

        /// <summary>
        /// <see cref="Round"/> into a long, for values beyond the int range (scaled fixed-point text).
        /// </summary>
        /// <param name="x">Value.</param>
        /// <returns>Nearest integer.</returns>
        public static long RoundLong(float x)
        {
            return (long)(x >= 0f ? x + 0.5f : x - 0.5f);
        }

        /// <summary>Square root by Newton iteration; 0 for x &lt;= 0.</summary>
        /// <param name="x">Value.</param>
        /// <returns>sqrt(x), relative error below 1e-6.</returns>
        public static float Sqrt(float x)
        {
            if (x <= 0f)
            {
                return 0f;
            }

            // scale into [1, 4) so a fixed number of iterations converges: by 4^8, 4^2 and 4 (powers of two, exact in
            // float, so the same x and scale as one factor of 4 at a time, in a few turns for the small variances the
            // estimator takes roots of)
            float scale = 1f;
            while (x >= 65536f)
            {
                x *= 1f / 65536f;
                scale *= 256f;
            }

            while (x >= 16f)
            {
                x *= 0.0625f;
                scale *= 4f;
            }

            while (x >= 4f)
            {
                x *= 0.25f;
                scale *= 2f;
            }

            while (x < 1f / 65536f)
            {
                x *= 65536f;
                scale *= 1f / 256f;
            }

            while (x < 0.0625f)
            {
                x *= 16f;
                scale *= 0.25f;
            }

            while (x < 1f)
            {
                x *= 4f;
                scale *= 0.5f;
            }

            float r = 0.5f * (x + 1f);
            for (int i = 0; i < 5; i++)
            {
                r = 0.5f * (r + (x / r));
            }

            return r * scale;
        }

        /// <summary>e^x for |x| up to about 80, relative error below 1e-6.</summary>
        /// <param name="x">Exponent.</param>
        /// <returns>exp(x).</returns>
        public static float Exp(float x)
        {
            if (x > 88f)
            {
                return float.MaxValue;
            }

            if (x < -87f)
            {
                return 0f;
            }

            // exp(x) = 2^k * exp(r), r = x - k ln2 in [-ln2/2, ln2/2]
            const float Ln2 = 0.693147181f;
            int k = Round(x / Ln2);
            float r = x - (k * Ln2);
            float term = 1f;
            float sum = 1f;
            for (int n = 1; n < 10; n++)
            {
                term *= r / n;
                sum += term;
            }

            float p = 1f;
            float b = k >= 0 ? 2f : 0.5f;
            int e = k >= 0 ? k : -k;
            while (e > 0)
            {
                if ((e & 1) != 0)
                {
                    p *= b;
                }

                b *= b;
                e >>= 1;
            }

            return sum * p;
        }

        /// <summary>Natural logarithm; float.MinValue for x &lt;= 0.</summary>
        /// <param name="x">Value.</param>
        /// <returns>ln(x), absolute error below 1e-6 near 1.</returns>
        public static float Ln(float x)
        {
            if (x <= 0f)
            {
                return float.MinValue;
            }

            const float Ln2 = 0.693147181f;
            int k = 0;
            while (x > 1.41421356f)
            {
                x *= 0.5f;
                k++;
            }

            while (x < 0.70710678f)
            {
                x *= 2f;
                k--;
            }

            // ln(x) = 2 atanh((x-1)/(x+1))
            float y = (x - 1f) / (x + 1f);
            float y2 = y * y;
            float term = y;
            float sum = 0f;
            for (int n = 1; n < 16; n += 2)
            {
                sum += term / n;
                term *= y2;
            }

            return (2f * sum) + (k * Ln2);
        }
    }
}
