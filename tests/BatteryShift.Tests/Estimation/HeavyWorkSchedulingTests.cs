using System.Collections.Generic;
using BatteryShift.Bms.Measurement;
using Xunit;

namespace BatteryShift.Tests.Estimation
{
    /// <summary>
    /// The open-wire test and the SOC filter's step, the two heaviest pieces of periodic work, are kept out of one
    /// tick: the estimator says beforehand when its step falls due, and a test due in that tick waits one scan, never
    /// more.
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
        public void ATestDueInABusyTickRunsOnTheNextScan()
        {
            Assert.Equal(new List<int> { 0, 10, 20, 30 }, TestedScans(40, _ => false));

            // the step falls due on scan 10: the test runs on scan 11, then every 10 scans from there
            Assert.Equal(new List<int> { 0, 11, 21, 31 }, TestedScans(40, scan => scan == 10));
        }

        [Fact]
        public void BusyTicksNeverHoldTheTestOffForMoreThanOneScan()
        {
            // every tick busy (a filter period no longer than the tick): the test still runs, one scan late each time
            Assert.Equal(new List<int> { 1, 12, 23, 34 }, TestedScans(40, _ => true));
        }

        [Fact]
        public void TheEstimatorSaysBeforehandWhichTickStepsItsFilter()
        {
            // whether a tick stepped the filter is seen from the published SOC: a sentinel written into the status
            // before the tick is overwritten only by a step (or the first tick's guess from the voltage)
            var run = new SyntheticRun(new SyntheticModule(1, 50.0), SyntheticRun.NewEstimator());
            int steps = 0;
            for (int tick = 0; tick < 60; tick++)
            {
                run.Module.Step(-50.0, run.DtS);
                run.Module.Status.SocPct = Sentinel;
                bool due = run.Estimator.StepDue(run.Module.Status.TimeMs);
                run.Estimator.Tick(run.Module.Status);
                bool stepped = run.Module.Status.SocPct != Sentinel;
                if (tick > 0)
                {
                    Assert.Equal(stepped, due);
                    steps += stepped ? 1 : 0;
                }
            }

            // 1 s filter period at 200 ms ticks
            Assert.InRange(steps, 11, 12);
        }
    }
}
