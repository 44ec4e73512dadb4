using System;
using System.Globalization;

namespace BatteryShift.Monitor.Records
{
    /// <summary>
    /// Parses the line-mode records of the serial monitor (docs/serial.md): checks each checksum and
    /// field count, fills a <see cref="ModuleSnapshot"/> and reports a complete snapshot when the last
    /// record of a period ($T) arrives. Lines that are not records are counted and skipped.
    /// </summary>
    public sealed class RecordParser
    {
        private readonly ModuleSnapshot _current = new();
        private long _setTimeMs = -1;
        private int _setMask;

        /// <summary>Raised with a copy of the snapshot when a period's $S $L $C $P $T have all arrived.</summary>
        public event Action<ModuleSnapshot>? SnapshotCompleted;

        /// <summary>Raised for each $E record.</summary>
        public event Action<ModuleEvent>? EventReceived;

        /// <summary>Valid records parsed.</summary>
        public long Records { get; private set; }

        /// <summary>Lines that started with '$' but failed the checksum or the field check.</summary>
        public long InvalidRecords { get; private set; }

        /// <summary>Lines that are not records.</summary>
        public long OtherLines { get; private set; }

        /// <summary>Complete snapshots reported.</summary>
        public long Snapshots { get; private set; }

        /// <summary>The snapshot as far as it has been filled.</summary>
        public ModuleSnapshot Current => _current;

        /// <summary>
        /// Parses one line (with or without its CR LF).
        /// </summary>
        /// <param name="line">The line.</param>
        /// <returns>What it was.</returns>
        public RecordKind Feed(string line)
        {
            line = line.TrimEnd('\r', '\n');
            if (line.Length == 0 || line[0] != '$')
            {
                OtherLines++;
                return RecordKind.Other;
            }

            RecordKind kind = Parse(line);
            if (kind == RecordKind.Invalid)
            {
                InvalidRecords++;
            }
            else
            {
                Records++;
            }

            return kind;
        }

        /// <summary>
        /// True when a record's checksum matches (the XOR of the bytes between '$' and '*').
        /// </summary>
        /// <param name="line">A record line without its line end.</param>
        /// <param name="body">The text between '$' and '*'.</param>
        /// <returns>True when well formed and the checksum matches.</returns>
        public static bool TryChecksum(string line, out string body)
        {
            body = string.Empty;
            int star = line.LastIndexOf('*');
            if (line.Length < 4 || line[0] != '$' || star < 2 || star != line.Length - 3)
            {
                return false;
            }

            int sum = 0;
            for (int i = 1; i < star; i++)
            {
                if (line[i] > 0x7E || line[i] < 0x20)
                {
                    return false;
                }

                sum ^= line[i];
            }

            if (!int.TryParse(line.AsSpan(star + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int expected))
            {
                return false;
            }

            body = line[1..star];
            return sum == expected;
        }

        private RecordKind Parse(string line)
        {
            if (!TryChecksum(line, out string body))
            {
                return RecordKind.Invalid;
            }

            string[] f = body.Split(',');
            try
            {
                switch (f[0])
                {
                    case "S" when f.Length == 19 || f.Length == 20:
                        return ParseState(f);
                    case "L" when f.Length == 11:
                        return ParseLimits(f);
                    case "C" when f.Length >= 3 && f.Length == 3 + Int(f[2]):
                        return ParseCells(f);
                    case "P" when f.Length >= 3 && f.Length == 3 + Int(f[2]):
                        return ParseCellSoc(f);
                    case "T" when f.Length >= 3 && f.Length == 3 + Int(f[2]):
                        return ParseTemperatures(f);
                    case "E" when f.Length == 6:
                        EventReceived?.Invoke(new ModuleEvent(Long(f[1]), Long(f[2]), f[3], Int(f[4]), Int(f[5])));
                        return RecordKind.Event;
                    default:
                        return RecordKind.Invalid;
                }
            }
            catch (FormatException)
            {
                return RecordKind.Invalid;
            }
            catch (OverflowException)
            {
                return RecordKind.Invalid;
            }
        }

        private RecordKind ParseState(string[] f)
        {
            long timeMs = Long(f[1]);
            _current.TimeMs = timeMs;
            _current.State = f[2];
            _current.Valid = f[3] == "1";
            _current.SocPct = Int(f[4]) / 10.0;
            _current.ModuleV = Int(f[5]) / 1000.0;
            _current.CurrentA = Int(f[6]) / 1000.0;
            _current.MinCellMv = Int(f[7]);
            _current.MinCell = Int(f[8]);
            _current.MaxCellMv = Int(f[9]);
            _current.MaxCell = Int(f[10]);
            _current.MinTempC = Int(f[11]) / 10.0;
            _current.MaxTempC = Int(f[12]) / 10.0;
            _current.BleedMask = Hex(f[13]);
            int fets = Int(f[14]);
            _current.ChargeFet = (fets & 1) != 0;
            _current.DischargeFet = (fets & 2) != 0;
            _current.WarningMask = Hex(f[15]);
            _current.AlarmMask = Hex(f[16]);
            _current.FaultMask = Hex(f[17]);
            _current.SensorFaultMask = Hex(f[18]);
            _current.SocUncPct = f.Length > 19 ? Int(f[19]) / 10.0 : double.NaN;
            _setTimeMs = timeMs;
            _setMask = 1;
            return RecordKind.State;
        }

        private RecordKind ParseLimits(string[] f)
        {
            _current.CvlV = Int(f[2]) / 1000.0;
            _current.CclA = Int(f[3]) / 1000.0;
            _current.DclA = Int(f[4]) / 1000.0;
            _current.SohPct = Int(f[5]) / 10.0;
            _current.DroppedLines = Long(f[10]);
            Mark(f, 2);
            return RecordKind.Limits;
        }

        private RecordKind ParseCells(string[] f)
        {
            int n = Int(f[2]);
            var mv = new int[n];
            for (int i = 0; i < n; i++)
            {
                mv[i] = Int(f[3 + i]);
            }

            _current.CellMv = mv;
            Mark(f, 4);
            return RecordKind.Cells;
        }

        private RecordKind ParseCellSoc(string[] f)
        {
            int n = Int(f[2]);
            var soc = new double[n];
            for (int i = 0; i < n; i++)
            {
                soc[i] = Int(f[3 + i]) / 10.0;
            }

            _current.CellSocPct = soc;
            Mark(f, 8);
            return RecordKind.CellSoc;
        }

        private RecordKind ParseTemperatures(string[] f)
        {
            int n = Int(f[2]);
            var t = new double[n];
            for (int i = 0; i < n; i++)
            {
                t[i] = Int(f[3 + i]) / 10.0;
            }

            _current.TempC = t;
            Mark(f, 16);
            if (_setMask == 31)
            {
                Snapshots++;
                SnapshotCompleted?.Invoke(_current.Clone());
            }

            _setMask = 0;
            return RecordKind.Temperatures;
        }

        private void Mark(string[] f, int bit)
        {
            if (Long(f[1]) == _setTimeMs)
            {
                _setMask |= bit;
            }
        }

        private static int Int(string s) => int.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

        private static long Long(string s) => long.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

        private static int Hex(string s) => int.Parse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }
}
