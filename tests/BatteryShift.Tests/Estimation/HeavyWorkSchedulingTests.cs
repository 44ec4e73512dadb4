using System.Collections.Generic;
using BatteryShift.Bms.Measurement;
using Xunit;

namespace BatteryShift.Tests.Estimation
{
    /// <summary>
    /// The open-wire test and the SOC filter's step, the two heaviest pieces of periodic work, are kept out of one
    /// tick: the estimator says beforehand which ticks run a part of its step (four consecutive ticks of every five),
    /// and a test due in one of them waits for the next free scan, never more than
    /// <see cref="OpenWireTest.MaxWaitScans"/>.
    /// </summary>
    public sealed class HeavyWorkSchedulingTests
    {
        private const float Sentinel = -1234f;

        // scans (0-based) on which the test ran, out of count; busy(scan) says which ticks carry the filter's step
        private static List<int> TestedScans(int count, System.Func<int, bool> busy)
        {
            var test = new OpenWireTest();
            var tested = new List<int>();
            for (int scan = 0; scan < count; scan++)
            {
                if (test.Due(16, busy(scan)))
                {
                    tested.Add(scan);
                }
            }

            return tested;
        }

        [Fact]
        public void ATestDueInABusyTickRunsOnTheNextFreeScan()
        {
            Assert.Equal(new List<int> { 0, 10, 20, 30 }, TestedScans(40, _ => false));

            // the step's parts run on scans 10-13: the test runs on scan 14, then every 10 scans from there
            Assert.Equal(new List<int> { 0, 14, 24, 34 }, TestedScans(40, scan => scan >= 10 && scan <= 13));
        }

        [Fact]
        public void BusyTicksNeverHoldTheTestOffForMoreThanFourScans()
        {
            // every tick busy (a filter period no longer than the step's parts): the test still runs, four scans late
            Assert.Equal(new List<int> { 4, 18, 32 }, TestedScans(40, _ => true));
        }

        [Fact]
        public void TheEstimatorSaysBeforehandWhichTicksRunItsFilterStep()
        {
            // the step publishes from its last part: a sentinel written into the status before the tick is overwritten
            // only then (or by the first tick's guess from the voltage); every publishing tick was announced, and so
            // were the three before it, which run the step's other parts
            var run = new SyntheticRun(new SyntheticModule(1, 50.0), SyntheticRun.NewEstimator());
            int published = 0;
            int announced = 0;
            var dueHistory = new List<bool>();
            for (int tick = 0; tick < 60; tick++)
            {
                run.Module.Step(-50.0, run.DtS);
                run.Module.Status.SocPct = Sentinel;
                bool due = run.Estimator.StepDue(run.Module.Status.TimeMs);
                run.Estimator.Tick(run.Module.Status);
                bool stepped = run.Module.Status.SocPct != Sentinel;
                dueHistory.Add(due);
                if (tick > 0)
                {
                    announced += due ? 1 : 0;
                    if (stepped)
                    {
                        published++;
                        Assert.True(due);
                        Assert.True(dueHistory[tick - 1] && dueHistory[tick - 2] && dueHistory[tick - 3]);
                    }
                }
            }

            // 1 s filter period at 200 ms ticks: four parts in every five ticks, one of them publishing
            Assert.InRange(published, 11, 12);
            Assert.InRange(announced, 4 * 11, (4 * 12) + 3);
        }

        [Fact]
        public void TheStepInPartsEstimatesAsWellAsTheWholeStep()
        {
            // the parts read the voltages of the ticks they run in, so the two estimators see other noise and their paths
            // part; what must not change is how far they are from the truth, over modules drawn from several seeds and a
            // start guess 20 % high (SyntheticRun's scoring: RMSE of the module and of each cell, once a second)
            var sb = new System.Text.StringBuilder();
            double spreadSum = 0;
            double wholeSum = 0;
            for (int seed = 1; seed <= 4; seed++)
            {
                var spread = new SyntheticRun(new SyntheticModule(seed, 40.0), SyntheticRun.NewEstimator());
                var whole = new SyntheticRun(new SyntheticModule(seed, 40.0), SyntheticRun.NewEstimator());
                whole.Estimator.SpreadStep = false;
                spread.Estimator.SetSoc(60f);
                whole.Estimator.SetSoc(60f);
                double[] profile = { -120, 0, 80, 0, -40 };
                foreach (double a in profile)
                {
                    spread.Constant(a, 0.5);
                    whole.Constant(a, 0.5);
                }

                sb.Append($"seed {seed}: spread {spread.WorstRmsePct:F2} whole {whole.WorstRmsePct:F2}; ");

                // every part ran: the 20 % wrong start was corrected (a cell left out of the bounds keeps it, 28 %)
                Assert.True(spread.WorstRmsePct < 12, sb.ToString());
                Assert.True(spread.WorstRmsePct <= whole.WorstRmsePct + 0.5, sb.ToString());
                spreadSum += spread.WorstRmsePct;
                wholeSum += whole.WorstRmsePct;
            }

            Assert.True(spreadSum <= wholeSum + (4 * 0.2), sb.ToString());
        }
    }
}
