using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// Open-circuit voltage versus state of charge at 25 C with its temperature coefficient, on an even SOC grid.
    /// The default is Data/lfp-ocv.csv (BPX LFP parameter set, embedded with its source header).
    /// Outside 0..100 % the end segments are extrapolated (a little), so an over-charged cell's voltage keeps
    /// rising steeply as a real one does.
    /// </summary>
    public sealed class OcvTable
    {
        private readonly double[] _ocvV;
        private readonly double[] _dOcvDtVPerK;
        private readonly double _firstPct;
        private readonly double _stepPct;

        private OcvTable(double firstPct, double stepPct, double[] ocvV, double[] dOcvDtVPerK, string source)
        {
            _firstPct = firstPct;
            _stepPct = stepPct;
            _ocvV = ocvV;
            _dOcvDtVPerK = dOcvDtVPerK;
            Source = source;
        }

        /// <summary>Where the table came from.</summary>
        public string Source { get; }

        /// <summary>Number of points.</summary>
        public int Count => _ocvV.Length;

        /// <summary>The default LFP table (embedded copy of Data/lfp-ocv.csv).</summary>
        public static OcvTable Default { get; } = LoadDefault();

        /// <summary>
        /// Loads a table from CSV text: lines "soc_percent,ocv_v[,docv_dt_mv_per_k]"; '#' starts a comment; a header
        /// line without numbers is skipped. SOC points must be evenly spaced and increasing.
        /// </summary>
        /// <param name="reader">CSV text.</param>
        /// <param name="source">Name for <see cref="Source"/>.</param>
        /// <returns>The table.</returns>
        public static OcvTable Parse(TextReader reader, string source)
        {
            var soc = new List<double>();
            var ocv = new List<double>();
            var dt = new List<double>();
            string? line;
            while ((line = reader.ReadLine()) != null)
            {
                line = line.Trim();
                if (line.Length == 0 || line[0] == '#')
                {
                    continue;
                }

                string[] parts = line.Split(',');
                if (!double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double s))
                {
                    continue;
                }

                soc.Add(s);
                ocv.Add(double.Parse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture));
                dt.Add(parts.Length > 2 ? double.Parse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture) / 1000.0 : 0.0);
            }

            if (soc.Count < 2)
            {
                throw new InvalidDataException("OCV table needs at least two points: " + source);
            }

            double step = soc[1] - soc[0];
            for (int i = 1; i < soc.Count; i++)
            {
                if (Math.Abs(soc[i] - soc[i - 1] - step) > 1e-6 || step <= 0)
                {
                    throw new InvalidDataException("OCV table SOC points must be evenly spaced and increasing: " + source);
                }
            }

            return new OcvTable(soc[0], step, ocv.ToArray(), dt.ToArray(), source);
        }

        /// <summary>
        /// Loads a table from a CSV file (see <see cref="Parse"/>).
        /// </summary>
        /// <param name="path">File path.</param>
        /// <returns>The table.</returns>
        public static OcvTable Load(string path)
        {
            using var reader = new StreamReader(path);
            return Parse(reader, path);
        }

        /// <summary>
        /// OCV at a state of charge and temperature.
        /// </summary>
        /// <param name="soc">State of charge, fraction (0..1; a little outside is extrapolated).</param>
        /// <param name="temperatureC">Cell temperature, C.</param>
        /// <returns>Volts.</returns>
        public double Ocv(double soc, double temperatureC)
        {
            double x = (soc * 100.0 - _firstPct) / _stepPct;
            int last = _ocvV.Length - 1;
            int i = (int)x;
            if (x < 0)
            {
                i = 0;
                if (x < -3)
                {
                    x = -3;
                }
            }
            else if (i >= last)
            {
                i = last - 1;
                if (x > last + 3)
                {
                    x = last + 3;
                }
            }

            double f = x - i;
            double v = _ocvV[i] + (_ocvV[i + 1] - _ocvV[i]) * f;
            double d = _dOcvDtVPerK[i] + (_dOcvDtVPerK[i + 1] - _dOcvDtVPerK[i]) * (f < 0 ? 0 : (f > 1 ? 1 : f));
            return v + d * (temperatureC - 25.0);
        }

        /// <summary>
        /// State of charge whose 25 C OCV equals a voltage (inverse of the table on its monotonic range).
        /// </summary>
        /// <param name="ocvV">Volts.</param>
        /// <returns>Fraction 0..1.</returns>
        public double SocAt(double ocvV)
        {
            if (ocvV <= _ocvV[0])
            {
                return _firstPct / 100.0;
            }

            for (int i = 1; i < _ocvV.Length; i++)
            {
                if (_ocvV[i] >= ocvV)
                {
                    double f = (ocvV - _ocvV[i - 1]) / (_ocvV[i] - _ocvV[i - 1]);
                    return (_firstPct + (i - 1 + f) * _stepPct) / 100.0;
                }
            }

            return (_firstPct + (_ocvV.Length - 1) * _stepPct) / 100.0;
        }

        /// <summary>
        /// The names of the other published LFP curves embedded from Data/ocv (each file's header cites its source).
        /// </summary>
        public static IReadOnlyList<string> BuiltinNames { get; } = new[] { "lithiumwerks-apr18650m1b", "prada2013-afshar-chen", "safari2011-ecker" };

        /// <summary>
        /// One of the embedded published curves (<see cref="BuiltinNames"/>), or "bpx" for <see cref="Default"/>.
        /// </summary>
        /// <param name="name">Curve name.</param>
        /// <returns>The table.</returns>
        public static OcvTable Builtin(string name)
        {
            if (string.Equals(name, "bpx", StringComparison.OrdinalIgnoreCase))
            {
                return Default;
            }

            using Stream? stream = typeof(OcvTable).Assembly.GetManifestResourceStream("BatteryShift.Hal.Simulation.ocv." + name + ".csv");
            if (stream == null)
            {
                throw new ArgumentException("no built-in OCV curve " + name + " (known: bpx, " + string.Join(", ", BuiltinNames) + ")", nameof(name));
            }

            using var reader = new StreamReader(stream);
            return Parse(reader, "Data/ocv/" + name + ".csv");
        }

        /// <summary>
        /// The curve of the same cell after a loss of lithium inventory (the main ageing mode of LFP/graphite cells), a
        /// fraction of the fresh capacity. The full cell's SOC axis then spans only part of the graphite's former
        /// window: the bottom knee and the plateau's features, which the graphite electrode sets, follow
        /// SOC x (1 - loss) of the fresh curve (the plateau step moves up in SOC and the upper plateau shortens), while
        /// the top knee, where the LFP electrode runs empty, stays at the top: the fresh curve's rise above 95 % is
        /// added over the aged cell's last (95 % - loss) / (1 - loss) .. 100 %.
        /// </summary>
        /// <param name="lossFraction">Lithium inventory lost, fraction of the fresh capacity (0..0.5).</param>
        /// <param name="source">Name for <see cref="Source"/>; null derives one.</param>
        /// <returns>The aged table, on the same SOC grid.</returns>
        public OcvTable Aged(double lossFraction, string? source = null)
        {
            if (!(lossFraction >= 0.0 && lossFraction <= 0.5))
            {
                throw new ArgumentOutOfRangeException(nameof(lossFraction), "lithium loss must be 0..0.5 of the capacity");
            }

            const double TopKnee = 0.95;
            var ocv = new double[_ocvV.Length];
            for (int k = 0; k < ocv.Length; k++)
            {
                double s = (_firstPct + (k * _stepPct)) / 100.0;
                double negative = s * (1.0 - lossFraction);
                double positive = lossFraction + (s * (1.0 - lossFraction));
                double rise = positive > TopKnee ? Ocv(positive, 25.0) - Ocv(TopKnee, 25.0) : 0.0;
                ocv[k] = Ocv(negative, 25.0) + rise;
            }

            return new OcvTable(_firstPct, _stepPct, ocv, _dOcvDtVPerK, source ?? Source + $" aged ({lossFraction * 100.0:0} % lithium loss)");
        }

        private static OcvTable LoadDefault()
        {
            using Stream? stream = typeof(OcvTable).Assembly.GetManifestResourceStream("BatteryShift.Hal.Simulation.lfp-ocv.csv");
            if (stream == null)
            {
                throw new InvalidOperationException("embedded OCV table missing");
            }

            using var reader = new StreamReader(stream);
            return Parse(reader, "Data/lfp-ocv.csv (BPX LFP)");
        }
    }
}
