using System;
using System.Globalization;
using System.IO;
using System.Reflection;

namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// Every parameter of the simulated cells in one place, with its source. Defaults describe an EVE LF280K-class
    /// 280 Ah LFP cell (docs/references.md). A user can load their own cells from a key=value file
    /// (<see cref="Load"/>; keys are the property names, '#' starts a comment) and an OCV CSV
    /// (<see cref="OcvTable.Load"/>, named by the key OcvTable in the file, relative to the file).
    /// Model: Plett's enhanced self-correcting cell (docs/references.md, "Equivalent circuit").
    /// </summary>
    public sealed class CellParameters
    {
        /// <summary>OCV and dOCV/dT versus SOC. Default: Data/lfp-ocv.csv (BPX LFP).</summary>
        public OcvTable Ocv { get; set; } = OcvTable.Default;

        /// <summary>Mean capacity, Ah. docs/references.md: LF280K minimum 280 Ah; real cells ship slightly above.</summary>
        public double CapacityAh { get; set; } = 282.0;

        /// <summary>Cell-to-cell capacity spread, 1-sigma, % of the mean.</summary>
        public double CapacitySpreadPct { get; set; } = 0.5;

        /// <summary>Series resistance at 25 C, ohm. docs/references.md: R0 0.25-0.5 mOhm for a 280 Ah LFP cell.</summary>
        public double R0Ohm { get; set; } = 0.00035;

        /// <summary>First RC pair resistance at 25 C, ohm. docs/references.md: 0.1-0.3 mOhm.</summary>
        public double R1Ohm { get; set; } = 0.0002;

        /// <summary>First RC pair time constant, s. docs/references.md: 10-30 s.</summary>
        public double Tau1S { get; set; } = 20.0;

        /// <summary>Second RC pair resistance at 25 C, ohm. docs/references.md: 0.2-0.5 mOhm.</summary>
        public double R2Ohm { get; set; } = 0.0003;

        /// <summary>Second RC pair time constant, s. docs/references.md: 300-1000 s.</summary>
        public double Tau2S { get; set; } = 600.0;

        /// <summary>Cell-to-cell resistance spread (R0, R1, R2 together), 1-sigma, %.</summary>
        public double ResistanceSpreadPct { get; set; } = 3.0;

        /// <summary>Dynamic hysteresis magnitude M, V. docs/references.md: M 5-12 mV (5-25 mV gap after rest).</summary>
        public double HysteresisV { get; set; } = 0.008;

        /// <summary>Instantaneous hysteresis magnitude M0, V (Plett's model; small for LFP).</summary>
        public double InstantHysteresisV { get; set; } = 0.001;

        /// <summary>Hysteresis rate constant gamma (Plett's G): 1/gamma of the capacity moves h about 63 % of the way.</summary>
        public double HysteresisRate { get; set; } = 40.0;

        /// <summary>Activation energy of the resistances, J/mol. docs/references.md: about 17-35 kJ/mol.</summary>
        public double ActivationEnergyJPerMol { get; set; } = 25000.0;

        /// <summary>Coulombic efficiency on charge (LFP: above 99.9 %).</summary>
        public double CoulombicEfficiency { get; set; } = 0.9995;

        /// <summary>Mean self-discharge at 25 C, % of capacity per 30 days. docs/references.md: at most 3 %/month.</summary>
        public double SelfDischargePctPerMonth { get; set; } = 1.5;

        /// <summary>Cell-to-cell self-discharge spread, 1-sigma, % of the mean rate.</summary>
        public double SelfDischargeSpreadPct { get; set; } = 30.0;

        /// <summary>Self-discharge activation energy, J/mol (roughly doubles per 10 K near room temperature).</summary>
        public double SelfDischargeActivationJPerMol { get; set; } = 50000.0;

        /// <summary>Cell heat capacity, J/K (5.4 kg LF280K-class cell x about 1000 J/(kg K)).</summary>
        public double HeatCapacityJPerK { get; set; } = 5400.0;

        /// <summary>Thermal conductance of one cell to the ambient air, W/K.</summary>
        public double AmbientConductanceWPerK { get; set; } = 0.4;

        /// <summary>Thermal conductance between neighbouring cells, W/K.</summary>
        public double NeighbourConductanceWPerK { get; set; } = 1.0;

        /// <summary>The defaults (EVE LF280K class, 280 Ah).</summary>
        /// <returns>A new parameter set.</returns>
        public static CellParameters Lf280K()
        {
            return new CellParameters();
        }

        /// <summary>
        /// Loads a parameter file: "Name = value" lines with the property names of this class; unknown keys are an
        /// error; "OcvTable = path" loads an OCV CSV relative to the file. Keys not given keep their defaults.
        /// </summary>
        /// <param name="path">File path.</param>
        /// <returns>The parameters.</returns>
        public static CellParameters Load(string path)
        {
            var p = new CellParameters();
            string dir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
            int lineNo = 0;
            foreach (string raw in File.ReadAllLines(path))
            {
                lineNo++;
                string line = DataLine.Content(raw);
                if (line.Length == 0)
                {
                    continue;
                }

                int eq = line.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    throw new InvalidDataException(path + ":" + lineNo + ": expected Name = value");
                }

                string key = line.Substring(0, eq).Trim();
                string value = line.Substring(eq + 1).Trim();
                if (string.Equals(key, "OcvTable", StringComparison.OrdinalIgnoreCase))
                {
                    p.Ocv = OcvTable.Load(Path.Combine(dir, value));
                    continue;
                }

                PropertyInfo? prop = typeof(CellParameters).GetProperty(key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
                if (prop == null || prop.PropertyType != typeof(double))
                {
                    throw new InvalidDataException(path + ":" + lineNo + ": unknown cell parameter " + key);
                }

                prop.SetValue(p, double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture));
            }

            return p;
        }

        /// <summary>
        /// The same cells aged to a state of health: capacity times <paramref name="sohFraction"/> through a loss of
        /// lithium inventory, with the OCV curve shift that loss brings (<see cref="OcvTable.Aged"/>), and the
        /// resistances grown by <paramref name="resistanceGrowth"/>.
        /// </summary>
        /// <param name="sohFraction">Remaining capacity, fraction of the fresh (0.5..1).</param>
        /// <param name="resistanceGrowth">Factor on R0, R1 and R2 (1 keeps them).</param>
        /// <returns>A new parameter set.</returns>
        public CellParameters Aged(double sohFraction, double resistanceGrowth)
        {
            CellParameters p = Clone();
            p.CapacityAh = CapacityAh * sohFraction;
            p.Ocv = Ocv.Aged(1.0 - sohFraction);
            p.R0Ohm = R0Ohm * resistanceGrowth;
            p.R1Ohm = R1Ohm * resistanceGrowth;
            p.R2Ohm = R2Ohm * resistanceGrowth;
            return p;
        }

        /// <summary>A copy (the OCV table is shared: it is immutable).</summary>
        /// <returns>The copy.</returns>
        public CellParameters Clone()
        {
            return (CellParameters)MemberwiseClone();
        }
    }
}
