using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using BatteryShift.Hal.Simulation;

namespace BatteryShift.Simulator.Scenarios
{
    /// <summary>
    /// A load profile from a CSV file: a header naming the columns, then rows of time in seconds and either
    /// current in A (<c>time_s,current_a</c>) or power in W (<c>time_s,power_w</c>), positive = into the
    /// module (charging). The value holds from its row's time until the next row (steps); the profile repeats
    /// after its last row unless <c>repeat</c> is false, in which case it ends at zero.
    /// </summary>
    public sealed class CsvProfile : LoadProfile
    {
        private readonly double[] _time;
        private readonly double[] _value;
        private readonly bool _power;
        private readonly bool _repeat;
        private readonly double _period;

        private CsvProfile(double[] time, double[] value, bool power, bool repeat)
        {
            _time = time;
            _value = value;
            _power = power;
            _repeat = repeat;
            _period = time[^1] + (time.Length > 1 ? time[^1] - time[^2] : 1.0);
        }

        /// <summary>Reads a profile file.</summary>
        /// <param name="path">CSV path.</param>
        /// <param name="repeat">Repeat after the last row.</param>
        /// <returns>The profile.</returns>
        public static CsvProfile Load(string path, bool repeat = true)
        {
            string[] lines = File.ReadAllLines(path);
            if (lines.Length < 2)
            {
                throw new InvalidDataException($"{path}: a header and at least one row are needed");
            }

            string[] header = lines[0].Trim().ToLowerInvariant().Split(',');
            if (header.Length != 2 || header[0] != "time_s" || (header[1] != "current_a" && header[1] != "power_w"))
            {
                throw new InvalidDataException($"{path}: the header must be time_s,current_a or time_s,power_w");
            }

            var time = new List<double>();
            var value = new List<double>();
            for (int i = 1; i < lines.Length; i++)
            {
                string line = lines[i].Trim();
                if (line.Length == 0 || line[0] == '#')
                {
                    continue;
                }

                string[] f = line.Split(',');
                if (f.Length != 2
                    || !double.TryParse(f[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double t)
                    || !double.TryParse(f[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
                    || (time.Count > 0 && t <= time[^1]))
                {
                    throw new InvalidDataException($"{path}:{i + 1}: expected two numbers with increasing time");
                }

                time.Add(t);
                value.Add(v);
            }

            return new CsvProfile(time.ToArray(), value.ToArray(), header[1] == "power_w", repeat);
        }

        /// <inheritdoc />
        public override double CurrentA(in PackView pack)
        {
            double t = pack.TimeSeconds;
            if (_repeat)
            {
                t %= _period;
            }
            else if (t >= _period)
            {
                return 0;
            }

            int i = Array.BinarySearch(_time, t);
            if (i < 0)
            {
                i = ~i - 1;
            }

            if (i < 0)
            {
                return 0;
            }

            double v = _value[i];
            if (!_power)
            {
                return v;
            }

            double volts = pack.TerminalVoltageV > 1 ? pack.TerminalVoltageV : 3.2 * pack.CellCount;
            return v / volts;
        }
    }
}
