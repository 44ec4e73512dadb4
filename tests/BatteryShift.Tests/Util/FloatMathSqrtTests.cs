using System;
using BatteryShift.Bms.Util;
using Xunit;

namespace BatteryShift.Tests.Util
{
    /// <summary>
    /// FloatMath.Sqrt scales its argument into [1, 4) by large powers of four first (fewer loop turns for the
    /// estimator's small variances on the device). Powers of two are exact in float, so the result must be the
    /// very same float as scaling by one factor of four at a time, written out here as the reference, and within
    /// the documented 1e-6 of the true root.
    /// </summary>
    public class FloatMathSqrtTests
    {
        // the scaling one factor of four at a time, then the same five Newton steps
        private static float OneFactorAtATime(float x)
        {
            if (x <= 0f)
            {
                return 0f;
            }

            float scale = 1f;
            while (x >= 4f)
            {
                x *= 0.25f;
                scale *= 2f;
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

        [Fact]
        public void GivesTheSameFloatAsScalingByOneFactorOfFourAtATime()
        {
            for (double e = -30; e <= 30; e += 0.0137)
            {
                float x = (float)Math.Pow(10, e);
                Assert.Equal(OneFactorAtATime(x), FloatMath.Sqrt(x));
            }

            // the loops' bounds: each power of four and its neighbours
            for (int k = -60; k <= 60; k++)
            {
                float p = (float)Math.Pow(4, k);
                foreach (float x in new[] { p, MathF.BitDecrement(p), MathF.BitIncrement(p), p * 16f, p / 16f })
                {
                    Assert.Equal(OneFactorAtATime(x), FloatMath.Sqrt(x));
                }
            }
        }

        [Theory]
        [InlineData(1e-12f)]
        [InlineData(3.7e-7f)]
        [InlineData(0.0625f)]
        [InlineData(1f)]
        [InlineData(2f)]
        [InlineData(65536f)]
        [InlineData(9.9e20f)]
        public void IsWithinAMillionthOfTheTrueRoot(float x)
        {
            double truth = Math.Sqrt(x);
            Assert.InRange(Math.Abs(FloatMath.Sqrt(x) - truth) / truth, 0, 1e-6);
        }

        [Fact]
        public void IsZeroForZeroAndNegatives()
        {
            Assert.Equal(0f, FloatMath.Sqrt(0f));
            Assert.Equal(0f, FloatMath.Sqrt(-4f));
        }
    }
}
