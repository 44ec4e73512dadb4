using System;
using BatteryShift.Bms.Estimation;
using Xunit;
using Xunit.Abstractions;

namespace BatteryShift.Tests.Estimation
{
    /// <summary>
    /// The estimator against the tests' own cell model (truth known exactly): accuracy on several seeds,
    /// recovery from a wrong start, and the failure modes users of open BMS firmware report.
    /// </summary>
    public sealed class SocEstimatorTests
    {
        private readonly ITestOutputHelper _output;

        public SocEstimatorTests(ITestOutputHelper output)
        {
            _output = output;
        }

        /// <summary>About 1.5 days of ESS duty from early morning: partial cycles, a full charge, rests.</summary>
        private static void DutyCycle(SyntheticRun run)
        {
            run.Rest(1.0);
            run.Discharge(20.0, 1.0);
            run.ChargeCcCv(70.0, stopAtTrueSocPct: 101.0);
            run.Rest(2.0);
            run.Discharge(90.0, 2.5);
            run.Discharge(15.0, 5.0);
            run.Rest(3.0);
            run.ChargeCcCv(60.0, stopAtTrueSocPct: 80.0);
            run.Rest(1.5);
            run.Discharge(120.0, 1.0);
            run.Rest(0.5);
            run.Discharge(60.0, 1.5);
            run.Rest(2.0);
        }

        [Theory]
        [InlineData(1, 20.0)]
        [InlineData(2, -20.0)]
        [InlineData(3, 20.0)]
        public void StaysWithinTargetOnSeveralSeeds(int seed, double guessOffsetPct)
        {
            var module = new SyntheticModule(seed, 20.0);
            var run = new SyntheticRun(module, SyntheticRun.NewEstimator());
            run.Tick(0.0);
            run.Estimator.SetSoc((float)Math.Clamp(module.TrueModuleSocPct() + guessOffsetPct, 0.0, 100.0));
            run.ScoreFromS = 2 * 3600;
            DutyCycle(run);
            _output.WriteLine($"seed {seed}: {run.TimeS / 3600:F1} h, rmse {run.WorstRmsePct:F2} %, max {run.MaxAbsError:F2} % ({run.MaxErrorWhere})");
            Assert.True(run.WorstRmsePct <= 1.0, $"rmse {run.WorstRmsePct:F2} %");
            Assert.True(run.MaxAbsError <= 2.5, $"max error {run.MaxAbsError:F2} %");
        }

        [Fact]
        public void NeverReadsAboveHundredPercent()
        {
            // the current sensor reads 3 % high: counting alone would pass 100 % long before the cells are full
            var module = new SyntheticModule(4, 60.0) { GainError = 0.03 };
            var run = new SyntheticRun(module, SyntheticRun.NewEstimator());
            run.Tick(0.0);
            run.Estimator.SetSoc(90f);
            for (int cycle = 0; cycle < 3; cycle++)
            {
                run.ChargeCcCv(80.0, tailA: 3.0);
                run.Constant(0.5, 0.5);
                run.Discharge(80.0, 1.0);
            }

            _output.WriteLine($"max SOC seen {run.MaxSocPctSeen:F3} %");
            Assert.True(run.MaxSocPctSeen <= 100.0, $"max {run.MaxSocPctSeen}");
            Assert.True(run.MaxSocPctSeen >= 99.0, "the module did reach full");
        }

        [Fact]
        public void ResetsToFullAtTheEndOfCvCharge()
        {
            // the estimate starts 25 % low and counting is 2 % low: only the CV tail can put it right
            var module = new SyntheticModule(5, 50.0) { GainError = -0.02 };
            var run = new SyntheticRun(module, SyntheticRun.NewEstimator());
            run.Tick(0.0);
            run.Estimator.SetSoc((float)(module.TrueModuleSocPct() - 25.0));
            run.ChargeCcCv(100.0, limitV: 3.55, tailA: 14.0);
            double read = module.Status.SocPct;
            _output.WriteLine($"at end of CV: read {read:F2} %, true {module.TrueModuleSocPct():F2} %");
            // 3.55 V with a C/20 tail is 99.5 % on the OCV table (the table's 100 % is 3.65 V at rest)
            Assert.True(read >= 99.4, $"read {read:F2} % at the end of the CV charge");
            Assert.True(Math.Abs(read - module.TrueModuleSocPct()) <= 0.3);
        }

        [Fact]
        public void DoesNotDriftAtRest()
        {
            // 0.1 A offset on an idle module is 0.86 % of SOC a day if counted (docs/references.md)
            var module = new SyntheticModule(6, 55.0) { OffsetA = 0.1 };
            var run = new SyntheticRun(module, SyntheticRun.NewEstimator()) { DtS = 1.0 };
            run.Tick(0.0);
            run.Estimator.SetSoc((float)module.TrueModuleSocPct());
            run.Discharge(50.0, 0.5);
            run.Rest(1.0);
            float before = module.Status.SocPct;
            run.Rest(48.0);
            float after = module.Status.SocPct;
            _output.WriteLine($"before {before:F3} %, after 48 h rest {after:F3} %, true {module.TrueModuleSocPct():F3} %");
            Assert.True(Math.Abs(after - before) <= 0.1, $"drifted {after - before:F3} %");
            Assert.True(Math.Abs(after - module.TrueModuleSocPct()) <= 1.0);
        }
    }
}
