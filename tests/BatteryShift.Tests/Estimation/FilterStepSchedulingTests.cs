using System.Collections.Generic;
using BatteryShift.Bms.Estimation;
using Xunit;

namespace BatteryShift.Tests.Estimation
{
    /// <summary>
    /// The filter's step is moved off a heavy tick (the open-wire test's), at most one filter period late, and
    /// nothing counted in the meantime is lost. Whether a tick stepped the filter is seen from the published SOC: a
    /// sentinel written into the status before the tick is overwritten only by a step.
    /// </summary>
    public sealed class FilterStepSchedulingTests
    {
        private const float Sentinel = -1234f;

        // ticks the estimator stepped its filter on, out of count ticks of 200 ms; heavy(tick) says which carry the test
        private static List<int> SteppedTicks(SyntheticRun run, int count, System.Func<int, bool> heavy, double currentA)
        {
            var stepped = new List<int>();
            for (int tick = 0; tick < count; tick++)
            {
                run.Module.Step(currentA, run.DtS);
                run.Module.Status.SocPct = Sentinel;
                run.Estimator.Tick(run.Module.Status, heavy(tick));
                if (run.Module.Status.SocPct != Sentinel)
                {
                    stepped.Add(tick);
                }
            }

            return stepped;
        }

        [Fact]
        public void AStepDueOnAHeavyTickRunsOnTheNextTick()
        {
            var light = new SyntheticRun(new SyntheticModule(1, 50.0), SyntheticRun.NewEstimator());
            List<int> plain = SteppedTicks(light, 40, _ => false, -50.0);

            // the same run, every tick on which the plain run stepped (after the first, the voltage's guess) made heavy
            var heavyRun = new SyntheticRun(new SyntheticModule(1, 50.0), SyntheticRun.NewEstimator());
            int firstHeavy = plain[1];
            List<int> shifted = SteppedTicks(heavyRun, 40, t => t == firstHeavy, -50.0);

            Assert.Equal(plain[0], shifted[0]);
            Assert.DoesNotContain(firstHeavy, shifted);
            Assert.Contains(firstHeavy + 1, shifted);
            Assert.Equal(5, plain[2] - plain[1]);

            // the delayed step covers the longer time: nothing counted is lost, so the published SOCs differ by no more
            // than the one tick's charge between their last steps (50 A for 200 ms: 0.001 % of 280 Ah) and the filter's
            // own small difference
            for (int i = 0; i < SyntheticModule.Cells; i++)
            {
                Assert.InRange(System.Math.Abs(light.Module.Status.CellSocPct[i] - heavyRun.Module.Status.CellSocPct[i]), 0.0, 0.05);
            }
        }

        [Fact]
        public void HeavyTicksNeverHoldTheStepOffForMoreThanOnePeriod()
        {
            var run = new SyntheticRun(new SyntheticModule(2, 50.0), SyntheticRun.NewEstimator());
            List<int> stepped = SteppedTicks(run, 60, _ => true, -50.0);

            // every tick heavy: the step still comes, at the latest two filter periods (10 ticks) after the last
            Assert.True(stepped.Count >= 5, $"steps {stepped.Count}");
            for (int i = 1; i < stepped.Count; i++)
            {
                Assert.InRange(stepped[i] - stepped[i - 1], 1, 10);
            }
        }
    }
}
