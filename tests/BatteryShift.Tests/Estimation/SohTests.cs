using System;
using BatteryShift.Bms;
using BatteryShift.Bms.Config;
using BatteryShift.Bms.Estimation;
using Xunit;
using Xunit.Abstractions;

namespace BatteryShift.Tests.Estimation
{
    /// <summary>
    /// State of health against the tests' own cell model: capacity from charge counted between anchors,
    /// series resistance from current steps, cycle count and energy throughput, charge counting gated by the
    /// FETs, and the learned state surviving a restart through the store.
    /// </summary>
    public sealed class SohTests
    {
        private readonly ITestOutputHelper _output;

        public SohTests(ITestOutputHelper output)
        {
            _output = output;
        }

        /// <summary>One full cycle: CC/CV charge to the tail, rest, discharge to the knee, rest.</summary>
        private static void FullCycle(SyntheticRun run)
        {
            run.ChargeCcCv(100.0, limitV: 3.60, tailA: 10.0);
            run.Rest(1.0);
            run.Discharge(100.0, 4.0, cutoffV: 2.8);
            run.Rest(1.0);
        }

        [Fact]
        public void LearnsEachCellsCapacityBetweenAnchors()
        {
            // an aged, balanced module: cells 5 % below the rated 280 Ah the estimator starts from, +-0.3 % spread
            // (cells far apart would not all reach both anchors without balancing)
            var module = new SyntheticModule(21, 30.0, spreadPct: 0.1, capacitySpread: 0.003, capacityScale: 0.95);
            var run = new SyntheticRun(module, SyntheticRun.NewEstimator()) { DtS = 1.0 };
            run.Tick(0.0);
            run.Estimator.SetSoc((float)module.TrueModuleSocPct());
            double worstAtStart = 0;
            for (int i = 0; i < SyntheticModule.Cells; i++)
            {
                worstAtStart = Math.Max(worstAtStart, Math.Abs(SyntheticModule.RatedAh - module.CapacityAh(i)) / module.CapacityAh(i) * 100.0);
            }

            // the measure: within 2 % after 10 full-equivalent cycles
            for (int c = 0; c < 10; c++)
            {
                FullCycle(run);
            }

            CapacityEstimator cap = run.Estimator.Filter.Capacity;
            double worst = 0;
            int worstCell = 0;
            for (int i = 0; i < SyntheticModule.Cells; i++)
            {
                double e = Math.Abs((cap.CapacityMah(i) / 1000.0) - module.CapacityAh(i)) / module.CapacityAh(i) * 100.0;
                if (e > worst)
                {
                    worst = e;
                    worstCell = i;
                }

                Assert.True(cap.Samples(i) >= 2, $"cell {i + 1}: {cap.Samples(i)} capacity samples");
            }

            // the module's state of health follows the weakest cell
            double minTrue = double.MaxValue;
            for (int i = 0; i < SyntheticModule.Cells; i++)
            {
                minTrue = Math.Min(minTrue, module.CapacityAh(i));
            }

            double sohAh = module.Status.SohPct / 100.0 * SyntheticModule.RatedAh;
            _output.WriteLine($"worst cell {worstCell + 1}: {worst:F2} % (rated was up to {worstAtStart:F2} % off); module {sohAh:F1} Ah, weakest true {minTrue:F1} Ah");
            Assert.True(worstAtStart > 3.0, "the spread must make rated capacity wrong");
            Assert.True(worst <= 2.0, $"worst cell capacity error {worst:F2} %");
            Assert.True(Math.Abs(sohAh - minTrue) / minTrue * 100.0 <= 2.0, $"module {sohAh:F1} Ah, true {minTrue:F1} Ah");
        }

        [Fact]
        public void ACellThatHasNotReachedBothAnchorsCountsOnTheSampledCellsCapacity()
        {
            // an aged module (80 % of the rated 280 Ah) whose cells sit 3 % apart: in two cycles of a charge to the first
            // cell's top knee and a discharge to the first cell's bottom knee, most cells do not reach both anchors
            var module = new SyntheticModule(22, 45.0, spreadPct: 3.0, capacitySpread: 0.003, capacityScale: 0.8);
            var run = new SyntheticRun(module, SyntheticRun.NewEstimator()) { DtS = 1.0 };
            run.Tick(0.0);
            run.Estimator.SetSoc((float)module.TrueModuleSocPct());
            for (int c = 0; c < 2; c++)
            {
                FullCycle(run);
            }

            CapacityEstimator cap = run.Estimator.Filter.Capacity;
            int unsampled = 0;
            int sampled = 0;
            double worstUnsampled = 0;
            for (int i = 0; i < SyntheticModule.Cells; i++)
            {
                double e = Math.Abs((cap.CapacityMah(i) / 1000.0) - module.CapacityAh(i)) / module.CapacityAh(i) * 100.0;
                _output.WriteLine($"cell {i + 1}: {cap.Samples(i)} samples, {cap.CapacityMah(i) / 1000.0:F1} Ah, true {module.CapacityAh(i):F1} Ah ({e:F2} %)");
                if (cap.Samples(i) == 0)
                {
                    unsampled++;
                    worstUnsampled = Math.Max(worstUnsampled, e);
                }
                else
                {
                    sampled++;
                }
            }

            Assert.True(worstUnsampled <= 2.0, $"a cell without a sample of its own is {worstUnsampled:F2} % off (the rated capacity is 25 % off)");
            Assert.True(unsampled > 0 && sampled > 0, $"the spread must leave some cells without a sample: {unsampled} unsampled, {sampled} sampled");
        }

        [Fact]
        public void LearnsEachCellsSeriesResistanceFromCurrentSteps()
        {
            // cells' R0 spread +-15 % around 380 uOhm; the estimator starts at the configured 350 uOhm
            var module = new SyntheticModule(22, 50.0) { GainError = 0.0, OffsetA = 0.0 };
            var run = new SyntheticRun(module, SyntheticRun.NewEstimator());
            run.Tick(0.0);
            run.Estimator.SetSoc((float)module.TrueModuleSocPct());
            for (int k = 0; k < 40; k++)
            {
                run.Constant(k % 2 == 0 ? -100.0 : 100.0, 0.02);
                run.Rest(0.02);
            }

            ResistanceEstimator r = run.Estimator.Filter.Resistance;
            double worst = 0;
            double worstAtStart = 0;
            for (int i = 0; i < SyntheticModule.Cells; i++)
            {
                double truth = module.R0(i);
                worst = Math.Max(worst, Math.Abs(run.Estimator.Filter.R0Ohm25(i) - truth) / truth * 100.0);
                worstAtStart = Math.Max(worstAtStart, Math.Abs(0.000350 - truth) / truth * 100.0);
            }

            _output.WriteLine($"{r.Samples} steps; worst R0 error {worst:F2} % (configured value {worstAtStart:F1} % off)");
            Assert.True(r.Samples >= 60, $"{r.Samples} steps seen");
            Assert.True(worstAtStart > 10.0);
            Assert.True(worst <= 5.0, $"worst R0 error {worst:F2} %");
        }

        [Fact]
        public void CountsCyclesAndEnergyThroughput()
        {
            var module = new SyntheticModule(23, 90.0, capacitySpread: 0.0) { GainError = 0.0, OffsetA = 0.0 };
            var run = new SyntheticRun(module, SyntheticRun.NewEstimator()) { DtS = 1.0 };
            run.Tick(0.0);
            run.Estimator.SetSoc((float)module.TrueModuleSocPct());
            double outAh = 0;
            double outWh = 0;
            double inWh = 0;
            for (int k = 0; k < 5; k++)
            {
                // 140 Ah out and back in, five times: 700 Ah out is 2.5 cycles of 280 Ah
                for (int s = 0; s < 7200; s++)
                {
                    run.Tick(-70.0);
                    outAh += 70.0 / 3600.0;
                    outWh += 70.0 * TrueModuleVoltage(module) / 3600.0;
                }

                for (int s = 0; s < 7200; s++)
                {
                    run.Tick(70.0);
                    inWh += 70.0 * TrueModuleVoltage(module) / 3600.0;
                }
            }

            ModuleStatus st = module.Status;
            _output.WriteLine($"cycles {st.CycleCount}, out {st.ChargeOutMas / 3600000.0:F2} Ah (true {outAh:F2}), energy out {st.EnergyOutWh} Wh (true {outWh:F0}), in {st.EnergyInWh} Wh (true {inWh:F0})");
            Assert.Equal(2, st.CycleCount);
            Assert.True(Math.Abs((st.ChargeOutMas / 3600000.0) - outAh) <= 0.01);
            Assert.True(Math.Abs(st.EnergyOutWh - outWh) <= (0.002 * outWh) + 1, $"energy out {st.EnergyOutWh} Wh, true {outWh:F0} Wh");
            Assert.True(Math.Abs(st.EnergyInWh - inWh) <= (0.002 * inWh) + 1, $"energy in {st.EnergyInWh} Wh, true {inWh:F0} Wh");
        }

        private static double TrueModuleVoltage(SyntheticModule module)
        {
            double v = 0;
            for (int i = 0; i < SyntheticModule.Cells; i++)
            {
                v += module.TrueVoltage(i, module.CurrentA);
            }

            return v;
        }

        [Fact]
        public void CountsNoChargeWhileTheFetsAreOpen()
        {
            var counter = new ChargeCounter { EfficiencyE4 = 9990 };
            Assert.Equal(0, counter.Count(50000, 52000, 1000, chargeFetOn: false, dischargeFetOn: true));
            Assert.Equal(0, counter.Count(-50000, 52000, 1000, chargeFetOn: true, dischargeFetOn: false));
            Assert.Equal(0L, counter.InMams);
            Assert.Equal(0L, counter.OutMams);

            // with the FETs closed: 50 A for 1 s in is 50 000 mA s, stored at 99.9 %
            Assert.Equal(49950000L, counter.Count(50000, 52000, 1000, chargeFetOn: true, dischargeFetOn: true));
            Assert.Equal(-50000000L, counter.Count(-50000, 52000, 1000, chargeFetOn: true, dischargeFetOn: true));
        }

        [Fact]
        public void KeepsWhatItLearnedAcrossARestart()
        {
            var config = new BmsConfig();
            var store = new MemoryBlobStore();
            var module = new SyntheticModule(24, 30.0, capacitySpread: 0.05);
            var run = new SyntheticRun(module, new SocEstimator(config, store)) { DtS = 1.0 };
            run.Estimator.Start(module.Status);
            run.Tick(0.0);
            run.Estimator.SetSoc((float)module.TrueModuleSocPct());
            FullCycle(run);
            FullCycle(run);
            run.ChargeCcCv(100.0, stopAtTrueSocPct: 60.0);
            run.Rest(0.5);
            Assert.True(run.Estimator.Save());

            var before = module.Status;
            var restarted = new SocEstimator(config, store);
            var status = new ModuleStatus { CellCount = SyntheticModule.Cells };
            Assert.True(restarted.Start(status));
            int anchored = 0;
            for (int i = 0; i < SyntheticModule.Cells; i++)
            {
                Assert.Equal(run.Estimator.Filter.Capacity.CapacityMah(i), restarted.Filter.Capacity.CapacityMah(i), 1f);
                Assert.Equal(run.Estimator.Filter.Capacity.Samples(i), restarted.Filter.Capacity.Samples(i));
                Assert.Equal(run.Estimator.Filter.R0Ohm25(i), restarted.Filter.R0Ohm25(i), 0.000001f);
                Assert.Equal(run.Estimator.Filter.Capacity.UncertaintyMah(i), restarted.Filter.Capacity.UncertaintyMah(i), 1f);

                // the last anchor, if any, and its own SOC error, which the next capacity sample weighs by
                Assert.Equal(run.Estimator.Filter.Capacity.AnchorSide(i), restarted.Filter.Capacity.AnchorSide(i));
                anchored += run.Estimator.Filter.Capacity.AnchorSide(i) != 0 ? 1 : 0;
                Assert.True(run.Estimator.Filter.Capacity.AnchorSide(i) == 0
                    || run.Estimator.Filter.Capacity.AnchorErrorSoc(i) >= CapacityEstimator.AnchorSocError);
                Assert.Equal(run.Estimator.Filter.Capacity.AnchorErrorSoc(i), restarted.Filter.Capacity.AnchorErrorSoc(i), 0.00001f);
                Assert.Equal(run.Estimator.Filter.Capacity.AnchorSoc(i), restarted.Filter.Capacity.AnchorSoc(i), 0.00001f);
                Assert.Equal(before.CellSocPct[i], status.CellSocPct[i], 0.01f);

                // the branch each cell rests on (after a charge: the charge branch) survives as well
                Assert.True(run.Estimator.Filter.Hysteresis(i) > 0.8f);
                Assert.Equal(run.Estimator.Filter.Hysteresis(i), restarted.Filter.Hysteresis(i), 0.0001f);
            }

            Assert.True(anchored > 0);
            Assert.Equal(before.CycleCount, status.CycleCount);
            Assert.Equal(before.EnergyInWh, status.EnergyInWh);
            Assert.Equal(before.EnergyOutWh, status.EnergyOutWh);
            Assert.Equal(before.ChargeOutMas, status.ChargeOutMas);
            Assert.True(before.CycleCount >= 1 && before.EnergyOutWh > 0);

            // a damaged record is not restored: the estimator starts afresh
            store.Corrupt(SocEstimator.StoreKey, 12);
            var afterDamage = new SocEstimator(config, store);
            Assert.False(afterDamage.Start(new ModuleStatus { CellCount = SyntheticModule.Cells }));
        }
    }
}
