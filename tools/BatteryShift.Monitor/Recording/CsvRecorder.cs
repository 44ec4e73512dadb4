using System;
using System.Globalization;
using System.IO;
using System.Text;
using BatteryShift.Monitor.Records;

namespace BatteryShift.Monitor.Recording
{
    /// <summary>
    /// Writes one CSV row per complete snapshot: time, state, SOC, module V and A, min/max/delta cell,
    /// temperatures, masks, then every cell's voltage, SOC and bleed flag. The header is written with the
    /// first row (the cell count comes from the data).
    /// </summary>
    public sealed class CsvRecorder : IDisposable
    {
        /// <summary>Columns before the per-cell ones.</summary>
        public static readonly string[] FixedColumns =
        {
            "time_s", "state", "soc_pct", "module_v", "current_a", "min_cell_mv", "min_cell", "max_cell_mv", "max_cell",
            "delta_mv", "temp_min_c", "temp_max_c", "temp_shunt_c", "temp_board_c", "bleed_mask", "warning_mask",
            "alarm_mask", "fault_mask", "sensor_fault_mask",
        };

        private readonly TextWriter _writer;
        private int _cells = -1;

        /// <summary>Opens (replaces) the file.</summary>
        /// <param name="path">CSV path.</param>
        public CsvRecorder(string path)
            : this(new StreamWriter(path, false, new UTF8Encoding(false)))
        {
        }

        /// <summary>Writes to a writer.</summary>
        /// <param name="writer">Destination.</param>
        public CsvRecorder(TextWriter writer)
        {
            _writer = writer;
        }

        /// <summary>Rows written.</summary>
        public long Rows { get; private set; }

        /// <summary>Writes one snapshot.</summary>
        /// <param name="s">Snapshot.</param>
        public void Write(ModuleSnapshot s)
        {
            var ci = CultureInfo.InvariantCulture;
            if (_cells < 0)
            {
                _cells = s.CellCount;
                var header = new StringBuilder(string.Join(',', FixedColumns));
                for (int i = 1; i <= _cells; i++)
                {
                    header.Append(ci, $",cell{i}_mv");
                }

                for (int i = 1; i <= _cells; i++)
                {
                    header.Append(ci, $",cell{i}_soc_pct");
                }

                for (int i = 1; i <= _cells; i++)
                {
                    header.Append(ci, $",cell{i}_bleed");
                }

                _writer.WriteLine(header.ToString());
            }

            var row = new StringBuilder();
            row.Append(ci, $"{s.TimeMs / 1000.0:0.###},{s.State},{s.SocPct:0.0},{s.ModuleV:0.000},{s.CurrentA:0.000},");
            row.Append(ci, $"{s.MinCellMv},{s.MinCell},{s.MaxCellMv},{s.MaxCell},{s.DeltaMv},{s.MinTempC:0.0},{s.MaxTempC:0.0},");
            row.Append(ci, $"{Temp(s, 8):0.0},{Temp(s, 9):0.0},{s.BleedMask:X},{s.WarningMask:X},{s.AlarmMask:X},{s.FaultMask:X},{s.SensorFaultMask:X}");
            for (int i = 0; i < _cells; i++)
            {
                row.Append(ci, $",{(i < s.CellMv.Length ? s.CellMv[i] : 0)}");
            }

            for (int i = 0; i < _cells; i++)
            {
                row.Append(ci, $",{(i < s.CellSocPct.Length ? s.CellSocPct[i] : 0):0.0}");
            }

            for (int i = 0; i < _cells; i++)
            {
                row.Append(s.IsBleeding(i) ? ",1" : ",0");
            }

            _writer.WriteLine(row.ToString());
            _writer.Flush();
            Rows++;
        }

        /// <inheritdoc />
        public void Dispose()
        {
            _writer.Dispose();
        }

        private static double Temp(ModuleSnapshot s, int index) => index < s.TempC.Length ? s.TempC[index] : double.NaN;
    }
}
