using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace BatteryShift.Monitor.Plot
{
    /// <summary>
    /// The rows of a recorded CSV, with its plotted columns read as numbers. An empty field is a gap (NaN);
    /// a plotted field that is not a number, or a row with the wrong number of fields, is an error naming
    /// the file and the line. Text columns (state, hex masks) are not read.
    /// </summary>
    public sealed class RecordedSeries
    {
        private readonly string[] _header;
        private readonly List<(int Line, string[] Fields)> _rows;
        private readonly string _fileName;

        private RecordedSeries(string fileName, string[] header, List<(int Line, string[] Fields)> rows)
        {
            _fileName = fileName;
            _header = header;
            _rows = rows;
        }

        /// <summary>Gets the number of data rows.</summary>
        public int RowCount => _rows.Count;

        /// <summary>Gets the time column in hours.</summary>
        public double[] TimeH => Column("time_s").Select(t => t / 3600.0).ToArray();

        /// <summary>Parses CSV lines (header first).</summary>
        /// <param name="lines">CSV lines.</param>
        /// <param name="fileName">The file's name, for error messages.</param>
        /// <returns>The parsed columns.</returns>
        /// <exception cref="InvalidDataException">Malformed CSV; the message reads "file:line: what".</exception>
        public static RecordedSeries Parse(IReadOnlyList<string> lines, string fileName)
        {
            if (lines.Count < 2)
            {
                throw new InvalidDataException($"{fileName}:{lines.Count + 1}: the CSV has no data rows");
            }

            string[] header = lines[0].Split(',');
            var rows = new List<(int Line, string[] Fields)>();
            for (int n = 1; n < lines.Count; n++)
            {
                if (lines[n].Length == 0)
                {
                    continue;
                }

                string[] fields = lines[n].Split(',');
                if (fields.Length != header.Length)
                {
                    throw new InvalidDataException($"{fileName}:{n + 1}: {fields.Length} fields, the header has {header.Length}");
                }

                rows.Add((n + 1, fields));
            }

            if (rows.Count == 0)
            {
                throw new InvalidDataException($"{fileName}:{lines.Count}: the CSV has no data rows");
            }

            return new RecordedSeries(fileName, header, rows);
        }

        /// <summary>Gets a numeric column by name.</summary>
        /// <param name="name">Header name.</param>
        /// <returns>The values (NaN for empty fields).</returns>
        /// <exception cref="InvalidDataException">No such column, or a field in it is not a number (the message names the line).</exception>
        public double[] Column(string name)
        {
            int i = Array.IndexOf(_header, name);
            return i >= 0 ? Numbers(i) : throw new InvalidDataException($"{_fileName}:1: column {name} missing");
        }

        private double[] Numbers(int column)
        {
            var values = new double[_rows.Count];
            for (int r = 0; r < _rows.Count; r++)
            {
                string field = _rows[r].Fields[column];
                if (field.Length == 0)
                {
                    values[r] = double.NaN;
                }
                else if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out values[r]) || !double.IsFinite(values[r]))
                {
                    throw new InvalidDataException($"{_fileName}:{_rows[r].Line}: column {_header[column]}: '{field}' is not a number");
                }
            }

            return values;
        }

        /// <summary>Gets every cellN_mv column, in header order.</summary>
        /// <returns>The cell voltage columns.</returns>
        public IEnumerable<double[]> CellColumns()
        {
            for (int i = 0; i < _header.Length; i++)
            {
                if (_header[i].StartsWith("cell", StringComparison.Ordinal) && _header[i].EndsWith("_mv", StringComparison.Ordinal))
                {
                    yield return Numbers(i);
                }
            }
        }
    }
}
