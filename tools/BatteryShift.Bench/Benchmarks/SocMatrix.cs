using System;
using System.Collections.Generic;
using BatteryShift.Hal.Simulation;

namespace BatteryShift.Bench.Benchmarks
{
    /// <summary>
    /// The SOC benchmark's matrix: the simulated cells follow each published LFP curve the firmware does not carry
    /// (Data/ocv in the simulation) and, as a labelled control, the firmware's own table (BPX); each fresh and aged to
    /// 80 % state of health by lithium loss (with the curve shift that brings, <see cref="OcvTable.Aged"/>) and 30 %
    /// more resistance; each started from a guess 20 % above and 20 % below the truth.
    /// </summary>
    internal static class SocMatrix
    {
        /// <summary>State of health of the aged rows.</summary>
        public const double AgedSoh = 0.8;

        /// <summary>Resistance growth of the aged rows (an assumption: LFP cells commonly reach 80 % capacity with 20-50 % more resistance).</summary>
        public const double AgedResistanceGrowth = 1.3;

        private static readonly double[] s_guesses = { 20.0, -20.0 };

        /// <summary>
        /// The cases, the control's first. <paramref name="only"/> (comma-separated curve names, e.g. from
        /// BATTERYSHIFT_SOC_CURVES) narrows the curves; null runs them all.
        /// </summary>
        public static IEnumerable<SocCase> Cases(string? only)
        {
            var curves = new List<string> { "bpx" };
            curves.AddRange(OcvTable.BuiltinNames);
            foreach (string curve in curves)
            {
                if (only != null && Array.IndexOf(only.Split(','), curve) < 0)
                {
                    continue;
                }

                CellParameters fresh = CellParameters.Lf280K();
                fresh.Ocv = OcvTable.Builtin(curve);
                foreach (bool aged in new[] { false, true })
                {
                    CellParameters cells = aged ? fresh.Aged(AgedSoh, AgedResistanceGrowth) : fresh;
                    foreach (double g in s_guesses)
                    {
                        yield return new SocCase(curve, aged, g, cells);
                    }
                }
            }
        }
    }
}
