using System;
using System.Collections.Generic;

namespace BatteryShift.Bench.Benchmarks.Safety
{
    /// <summary>Worst values and the 99th percentile of the calibrated error over the chips of one ADC grade.</summary>
    internal sealed class ChipTally
    {
        private readonly List<double> _calibrated = new();

        public double Uncorrected { get; private set; }

        public double Corrected { get; private set; }

        public double Calibrated { get; private set; }

        public int Refused { get; private set; }

        public double Temp { get; private set; }

        public double TempAbove10 { get; private set; }

        /// <summary>Worst NTC error in the first scan after a step, C.</summary>
        public double TempFirstScan { get; private set; }

        public double Offset { get; private set; }

        public double GainRaw { get; private set; }

        public double Gain { get; private set; }

        /// <summary>99th percentile (nearest rank) of the chips' worst calibrated errors.</summary>
        public double CalibratedP99
        {
            get
            {
                var sorted = new List<double>(_calibrated);
                sorted.Sort();
                int rank = (int)Math.Ceiling(0.99 * sorted.Count) - 1;
                return sorted.Count == 0 ? 0 : sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
            }
        }

        public void Add(ChipResult r)
        {
            _calibrated.Add(r.Calibrated);
            Uncorrected = Math.Max(Uncorrected, r.Uncorrected);
            Corrected = Math.Max(Corrected, r.Corrected);
            Calibrated = Math.Max(Calibrated, r.Calibrated);
            Refused += r.Refused ? 1 : 0;
            Temp = Math.Max(Temp, r.Temp);
            TempAbove10 = Math.Max(TempAbove10, r.TempAbove10);
            TempFirstScan = Math.Max(TempFirstScan, r.TempFirstScan);
            Offset = Math.Max(Offset, r.Offset);
            GainRaw = Math.Max(GainRaw, r.GainRaw);
            Gain = Math.Max(Gain, r.Gain);
        }
    }
}
