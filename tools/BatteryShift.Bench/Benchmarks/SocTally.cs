namespace BatteryShift.Bench.Benchmarks
{
    // the running sums of one scenario
    internal sealed class SocTally
    {
        public SocTally(int cells)
        {
            CellSq = new double[cells];
        }

        public double BaselineAh { get; set; }

        public double OutAh { get; set; }

        public long FitN { get; set; }

        public double FitX { get; set; }

        public double FitY { get; set; }

        public double FitXx { get; set; }

        public double FitXy { get; set; }

        public double RestSum { get; set; }

        public long RestCount { get; set; }

        public double ModuleSq { get; set; }

        public double BaseSq { get; set; }

        public long Samples { get; set; }

        /// <summary>Scored seconds in which the module's error was within twice the published standard uncertainty.</summary>
        public long Covered { get; set; }

        /// <summary>Sum over the scored seconds of the published standard uncertainty, %.</summary>
        public double UncertaintySum { get; set; }

        public double[] CellSq { get; }

        public long AllocTotal { get; set; }

        public long NextScoreMs { get; set; }

        public double CountedAh { get; set; }

        public double StartCountAh { get; set; }

        public double StartSocPct { get; set; }

        public bool Misfit { get; set; }
    }
}
