using System.Linq;
using BatteryShift.Bench.Benchmarks;
using Xunit;
using Xunit.Abstractions;

namespace BatteryShift.Tests.Estimation
{
    /// <summary>
    /// The short version of the SOC benchmark's matrix (tools/BatteryShift.Bench, soc): cells following published
    /// LFP curves the firmware does not carry, with the same current-sensor error the coulomb counter sees. The
    /// estimator must never be worse than counting alone from the same wrong start (issue rule), which a voltage
    /// trusted on the plateau breaks: the other makers' plateaus sit 15-60 mV off the table and ageing moves
    /// the plateau's steps along the SOC axis.
    /// </summary>
    public sealed class SocMatrixShortTests
    {
        private readonly ITestOutputHelper _output;

        public SocMatrixShortTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Theory]
        [InlineData("safari2011-ecker", false, 20.0)]
        [InlineData("prada2013-afshar-chen", true, 20.0)]
        [InlineData("prada2013-afshar-chen", false, -20.0)]
        public void NoWorseThanCoulombCountingOnAnotherMakersCurve(string curve, bool aged, double guessPct)
        {
            SocCase c = SocMatrix.Cases(curve).First(k => k.Aged == aged && k.GuessPct == guessPct);
            SocResult r = SocBenchmark.RunScenario(c.Cells, 3.0, 5, c.GuessPct, measureCost: false);
            _output.WriteLine($"{c.Name}: estimator rmse {r.WorstRmse:0.00} % ({r.WorstName}), coulomb counting {r.BaselineRmse:0.00} %, capacity error {r.CapacityErrorPct:0.00} %");
            Assert.True(r.WorstRmse < r.BaselineRmse, $"{c.Name}: estimator rmse {r.WorstRmse:0.00} % against coulomb counting {r.BaselineRmse:0.00} %");
        }

        /// <summary>
        /// A wrong start on cells off the table: in the first hour the published SOC must not move, beyond the charge
        /// counted, by more than the uncertainty published with the guess (issue rule). On the Prada cells at 25 % the
        /// voltage reads 6 % on the table, so a guess of 45 % pulled towards the voltage's own SOC moved 29 % against
        /// the 25 % published (docs/ocv-curves.md, "A wrong start").
        /// </summary>
        [Theory]
        [InlineData("prada2013-afshar-chen", false)]
        [InlineData("prada2013-afshar-chen", true)]
        public void AWrongStartMovesNoFurtherThanItsPublishedUncertainty(string curve, bool aged)
        {
            SocCase c = SocMatrix.Cases(curve).First(k => k.Aged == aged && k.GuessPct > 0);
            SocResult r = SocBenchmark.RunScenario(c.Cells, 0.1, 5, c.GuessPct, measureCost: false);
            _output.WriteLine($"{c.Name}: start-up swing {r.StartupSwingPct:0.00} % against {r.StartupUncertaintyPct:0.00} % published with the guess");
            Assert.True(r.StartupSwingPct <= r.StartupUncertaintyPct, $"{c.Name}: the SOC moved {r.StartupSwingPct:0.00} % in the first hour against {r.StartupUncertaintyPct:0.00} % published");
        }

        /// <summary>
        /// The SOC uncertainty the module publishes (soc_unc_pct) must hold the truth when the cells are off the table:
        /// with the filter's own uncertainty alone, narrowed by voltage intervals on a curve that is not the cells', the
        /// error lay within twice it less than half of the time on these cases (docs/ocv-curves.md, "The published
        /// uncertainty"). A standard uncertainty holds the truth within twice it about 95 % of the time; the first
        /// hours of a wrong start, before any anchor, weigh more in three days than in the benchmark's fourteen.
        /// </summary>
        [Theory]
        [InlineData("prada2013-afshar-chen", true, 20.0)]
        [InlineData("safari2011-ecker", false, 20.0)]
        public void ThePublishedUncertaintyHoldsTheTruthOnAnotherMakersCurve(string curve, bool aged, double guessPct)
        {
            SocCase c = SocMatrix.Cases(curve).First(k => k.Aged == aged && k.GuessPct == guessPct);
            SocResult r = SocBenchmark.RunScenario(c.Cells, 3.0, 5, c.GuessPct, measureCost: false);
            _output.WriteLine($"{c.Name}: error within 2 x the published uncertainty {r.CoveragePct:0.0} % of the time, mean uncertainty {r.MeanUncertaintyPct:0.00} %, estimator rmse {r.WorstRmse:0.00} %");
            Assert.True(r.CoveragePct >= 90.0, $"{c.Name}: within 2 x the published uncertainty only {r.CoveragePct:0.0} % of the time");
            Assert.True(r.MeanUncertaintyPct < 2.0 * r.WorstRmse, $"{c.Name}: mean uncertainty {r.MeanUncertaintyPct:0.00} % says little against an rmse of {r.WorstRmse:0.00} %");
        }
    }
}
