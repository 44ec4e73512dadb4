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
