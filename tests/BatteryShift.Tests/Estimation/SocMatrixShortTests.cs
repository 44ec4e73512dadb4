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
    }
}
