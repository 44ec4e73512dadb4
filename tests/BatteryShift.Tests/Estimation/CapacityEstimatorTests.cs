using BatteryShift.Bms.Estimation;
using Xunit;

namespace BatteryShift.Tests.Estimation
{
    /// <summary>
    /// The capacity estimator's anchors against hand-computed values: each anchor keeps the SOC error it was observed
    /// with, the sharpest point of a visit becomes the anchor, and the anchors' systematic error bounds the capacity's
    /// uncertainty from below however many samples agree.
    /// </summary>
    public sealed class CapacityEstimatorTests
    {
        private const float RatedMah = 100000f;
        private const float MamsPerMah = 3600000f;

        [Fact]
        public void TheSharpestPointOfAVisitBecomesTheAnchorWithItsOwnError()
        {
            var c = new CapacityEstimator();
            c.Reset(RatedMah);
            c.Observe(0, -1, 0.07f, 0.030f, 0);
            c.Observe(0, -1, 0.05f, 0.012f, 1000);
            c.Observe(0, -1, 0.04f, 0.020f, 2000);
            Assert.False(c.Leave(0));

            Assert.Equal(-1, c.AnchorSide(0));
            Assert.Equal(0.05f, c.AnchorSoc(0), 6);
            Assert.Equal(0.012f, c.AnchorErrorSoc(0), 6);
            Assert.Equal(1000L, c.AnchorCountMams(0));

            // an error below the voltage's own at a steep point is taken as that floor
            c.Observe(1, 1, 0.99f, 0.001f, 0);
            c.Leave(1);
            Assert.Equal(CapacityEstimator.AnchorSocError, c.AnchorErrorSoc(1), 6);
            Assert.Equal(1, c.AnchorSide(1));
        }

        [Fact]
        public void RepeatedSamplesDoNotAverageAwayTheAnchorsSystematicError()
        {
            var c = new CapacityEstimator();
            c.Reset(RatedMah);
            const float TrueMah = 90000f;
            const float BottomSoc = 0.05f;
            const float TopSoc = 0.95f;
            const float BottomError = 0.02f;
            const float TopError = 0.01f;
            long span = (long)(TrueMah * MamsPerMah * (TopSoc - BottomSoc));
            long count = 0;
            int fused = 0;
            for (int cycle = 0; cycle < 30; cycle++)
            {
                c.Observe(0, -1, BottomSoc, BottomError, count);
                c.Leave(0);
                count += span;
                c.Observe(0, 1, TopSoc, TopError, count);
                fused += c.Leave(0) ? 1 : 0;
                count -= span;
            }

            // 59 samples (every commit after the first anchor), each exactly the true capacity
            Assert.Equal(59, c.Samples(0));
            Assert.Equal(TrueMah, c.CapacityMah(0), 0);

            // hand-computed: one sample's anchor part is 90 000 mAh x (0.02 + 0.01) / 0.90 = 3 000 mAh. Without the floor
            // 59 samples would take it to about 3 450 / sqrt(59) = 450 mAh
            float anchorsMah = TrueMah * (BottomError + TopError) / (TopSoc - BottomSoc);
            Assert.InRange(c.UncertaintyMah(0), anchorsMah - 1f, anchorsMah + 1f);
            Assert.True(fused > 0);
        }

        [Theory]
        [InlineData(0.008f, 0.008f)]
        [InlineData(0.008f, 0.040f)]
        public void AFirstSampleNarrowsTheStartingUncertaintyDownToTheAnchorsPart(float topError, float bottomError)
        {
            var c = new CapacityEstimator();
            c.Reset(RatedMah);
            float start = c.UncertaintyMah(0);
            const float SampleMah = 95000f;
            c.Observe(0, 1, 0.99f, topError, 0);
            c.Leave(0);
            c.Observe(0, -1, 0.04f, bottomError, -(long)(SampleMah * MamsPerMah * 0.95f));
            Assert.True(c.Leave(0));

            // hand-computed: the sample's sd is its anchors' part plus 0.5 % for the count; the Kalman variance
            // 1 / (1 / start^2 + 1 / sd^2) is kept unless it falls below the anchors' part. Sharp anchors (1 600 mAh
            // part): the Kalman 2 032 mAh. A knee 4 % off (4 800 mAh part): the floor, not the Kalman 4 666 mAh
            double anchors = SampleMah * (topError + bottomError) / 0.95;
            double sd = anchors + (SampleMah * 0.005);
            double kalman = System.Math.Sqrt(1.0 / ((1.0 / (start * start)) + (1.0 / (sd * sd))));
            double expected = kalman > anchors ? kalman : anchors;
            Assert.Equal(expected, c.UncertaintyMah(0), 0);
            Assert.True(c.UncertaintyMah(0) < start);
            double k = (start * start) / ((start * start) + (sd * sd));
            Assert.Equal(RatedMah + (k * (SampleMah - RatedMah)), c.CapacityMah(0), 0);
        }
    }
}
