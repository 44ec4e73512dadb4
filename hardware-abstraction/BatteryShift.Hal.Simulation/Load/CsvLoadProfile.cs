using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// A current or power profile from CSV: "time_s,current_a" or "time_s,power_w" (the header names the column;
    /// without a header the second column is current). Positive = into the module (charging). '#' starts a
    /// comment. Values hold until the next row (or are interpolated with <see cref="Linear"/>); after the last row
    /// the profile repeats when <see cref="Repeat"/> is set, else the last value holds (end a file with a 0 row to
    /// stop). Before the first row the current is 0.
    /// </summary>
    public sealed class CsvLoadProfile : LoadProfile
    {
        private readonly double[] _timeS;
        private readonly double[] _value;
        private int _cursor;

        private CsvLoadProfile(double[] timeS, double[] value, bool isPower, string source)
        {
            _timeS = timeS;
            _value = value;
            IsPower = isPower;
            Source = source;
        }

        /// <summary>True when the values are watts, false when amperes.</summary>
        public bool IsPower { get; }

        /// <summary>Where the profile came from.</summary>
        public string Source { get; }

        /// <summary>Rows.</summary>
        public int Count => _timeS.Length;

        /// <summary>Duration (time of the last row), s.</summary>
        public double DurationSeconds => _timeS[_timeS.Length - 1];

        /// <summary>Repeat after the last row (period = last time + the first row's spacing).</summary>
        public bool Repeat { get; set; }

        /// <summary>Interpolate linearly between rows instead of holding.</summary>
        public bool Linear { get; set; }

        /// <summary>Scale applied to every value (e.g. -1 to flip a discharge-positive file).</summary>
        public double Scale { get; set; } = 1.0;

        /// <summary>Simulated time at which row 0 applies, s.</summary>
        public double StartSeconds { get; set; }

        /// <summary>Loads a file.</summary>
        /// <param name="path">Path.</param>
        /// <returns>The profile.</returns>
        public static CsvLoadProfile Load(string path)
        {
            if (Directory.Exists(path))
            {
                throw new InvalidDataException(path + ": is a directory; expected a CSV file (time_s,current_a or time_s,power_w)");
            }

            if (!File.Exists(path))
            {
                throw new FileNotFoundException(path + ": no such file", path);
            }

            using var reader = new StreamReader(path);
            return Parse(reader, path);
        }

        /// <summary>Parses CSV text.</summary>
        /// <param name="reader">Text.</param>
        /// <param name="source">Name.</param>
        /// <returns>The profile.</returns>
        public static CsvLoadProfile Parse(TextReader reader, string source)
        {
            var times = new List<double>();
            var values = new List<double>();
            bool isPower = false;
            string? line;
            int lineNo = 0;
            while ((line = reader.ReadLine()) != null)
            {
                lineNo++;
                line = DataLine.Content(line);
                if (line.Length == 0)
                {
                    continue;
                }

                string[] parts = line.Split(',', ';', '\t');
                if (parts.Length < 2)
                {
                    throw new InvalidDataException(source + ":" + lineNo + ": expected time,value");
                }

                if (!double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double t))
                {
                    string col = parts[1].Trim().ToLowerInvariant();
                    isPower = col.StartsWith("power", StringComparison.Ordinal) || col.EndsWith("_w", StringComparison.Ordinal) || col == "w";
                    continue;
                }

                if (times.Count > 0 && t <= times[times.Count - 1])
                {
                    throw new InvalidDataException(source + ":" + lineNo + ": times must increase");
                }

                if (!double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
                {
                    throw new InvalidDataException(source + ":" + lineNo + ": '" + parts[1].Trim() + "' is not a number (expected time,value)");
                }

                times.Add(t);
                values.Add(value);
            }

            if (times.Count == 0)
            {
                throw new InvalidDataException(source + ": no rows");
            }

            return new CsvLoadProfile(times.ToArray(), values.ToArray(), isPower, source);
        }

        /// <summary>The profile value (A or W) at a simulated time.</summary>
        /// <param name="timeSeconds">Simulated time, s.</param>
        /// <returns>Value.</returns>
        public double ValueAt(double timeSeconds)
        {
            double t = timeSeconds - StartSeconds;
            if (t < _timeS[0])
            {
                return 0.0;
            }

            double last = _timeS[_timeS.Length - 1];
            if (t > last)
            {
                if (!Repeat)
                {
                    return _value[_value.Length - 1] * Scale;
                }

                double spacing = _timeS.Length > 1 ? _timeS[1] - _timeS[0] : 1.0;
                double period = last - _timeS[0] + spacing;
                t = _timeS[0] + (t - _timeS[0]) % period;
            }

            if (_cursor >= _timeS.Length || _timeS[_cursor] > t)
            {
                _cursor = 0;
            }

            while (_cursor + 1 < _timeS.Length && _timeS[_cursor + 1] <= t)
            {
                _cursor++;
            }

            double v = _value[_cursor];
            if (Linear && _cursor + 1 < _timeS.Length)
            {
                double f = (t - _timeS[_cursor]) / (_timeS[_cursor + 1] - _timeS[_cursor]);
                v += (_value[_cursor + 1] - v) * f;
            }

            return v * Scale;
        }

        /// <inheritdoc />
        public override double CurrentA(in PackView pack)
        {
            double v = ValueAt(pack.TimeSeconds);
            if (!IsPower)
            {
                return v;
            }

            double volts = pack.TerminalVoltageV < 1.0 ? 1.0 : pack.TerminalVoltageV;
            return v / volts;
        }
    }
}
