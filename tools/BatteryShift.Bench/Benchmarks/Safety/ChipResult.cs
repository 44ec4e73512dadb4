namespace BatteryShift.Bench.Benchmarks.Safety
{
    /// <summary>One chip's measurement errors in the meas-accuracy benchmark.</summary>
    internal sealed class ChipResult
    {
        public double Uncorrected { get; set; }

        public double Corrected { get; set; }

        public double Calibrated { get; set; }

        public double[] AtUseC { get; } = new double[3];

        public bool Refused { get; set; }

        public double Temp { get; set; }

        public double TempAbove10 { get; set; }

        /// <summary>Worst NTC error in the first scan after each 5 C step, C.</summary>
        public double TempFirstScan { get; set; }

        public double Offset { get; set; }

        public double GainRaw { get; set; }

        public double Gain { get; set; }
    }
}
