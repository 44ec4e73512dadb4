using System;
using System.Globalization;
using BatteryShift.Hal.Simulation;

namespace BatteryShift.Simulator
{
    /// <summary>
    /// A fault to inject, from the command line: <c>kind@time[:target[:value[:duration]]]</c>, for example
    /// <c>ntc-open@2h:3</c>, <c>open-sense-wire@30m:5</c>, <c>soft-short@1d:7:50</c>,
    /// <c>brown-out@90s</c>. Kind names are <see cref="FaultKind"/> names in any case, with or without
    /// dashes; times are seconds or a number with s, m, h or d.
    /// </summary>
    /// <param name="Kind">Fault kind.</param>
    /// <param name="AtSeconds">Start, simulated seconds.</param>
    /// <param name="Target">Target (meaning per kind).</param>
    /// <param name="Value">Value (NaN: the kind's default).</param>
    /// <param name="DurationSeconds">Duration (infinity: until the end).</param>
    public sealed record FaultSpec(FaultKind Kind, double AtSeconds, int Target, double Value, double DurationSeconds)
    {
        /// <summary>Parses a specification.</summary>
        /// <param name="text">Text.</param>
        /// <returns>The fault.</returns>
        /// <exception cref="FormatException">When the text is not a fault specification.</exception>
        public static FaultSpec Parse(string text)
        {
            int at = text.IndexOf('@', StringComparison.Ordinal);
            if (at <= 0)
            {
                throw new FormatException($"--fault {text}: expected kind@time[:target[:value[:duration]]], e.g. ntc-open@2h:3");
            }

            string name = text[..at].Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal);
            if (!Enum.TryParse(name, true, out FaultKind kind) || !Enum.IsDefined(kind) || int.TryParse(name, out _))
            {
                throw new FormatException($"--fault {text}: unknown kind '{text[..at]}' (known: {string.Join(", ", KindNames())})");
            }

            string[] parts = text[(at + 1)..].Split(':');
            if (parts.Length > 4)
            {
                throw new FormatException($"--fault {text}: too many fields (kind@time[:target[:value[:duration]]])");
            }

            double start = Field(text, "time", () => ParseTime(parts[0]));
            int target = 0;
            if (parts.Length > 1 && parts[1].Length > 0 && !int.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out target))
            {
                throw new FormatException($"--fault {text}: target '{parts[1]}' is not a whole number");
            }

            double value = double.NaN;
            if (parts.Length > 2 && parts[2].Length > 0 && !double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out value))
            {
                throw new FormatException($"--fault {text}: value '{parts[2]}' is not a number");
            }

            double duration = parts.Length > 3 && parts[3].Length > 0 ? Field(text, "duration", () => ParseTime(parts[3])) : double.PositiveInfinity;
            return new FaultSpec(kind, start, target, value, duration);
        }

        /// <summary>
        /// Parses a specification and checks its target against the module: cells 0..n-1 for soft-short and
        /// cell-heating, sense wires 0..n, NTC channels 0..9, ADC1 channels 0..7; kinds without a target take 0.
        /// </summary>
        /// <param name="text">Text.</param>
        /// <param name="cellCount">Cells in series of the module the fault is injected into.</param>
        /// <returns>The fault.</returns>
        /// <exception cref="FormatException">When the text is not a fault specification or its target does not exist.</exception>
        public static FaultSpec Parse(string text, int cellCount)
        {
            FaultSpec f = Parse(text);
            (int low, int high, string what) = TargetRange(f.Kind, cellCount);
            if (f.Target < low || f.Target > high)
            {
                throw new FormatException(low == high
                    ? $"--fault {text}: {KindName(f.Kind)} takes no target (leave it out or give {low})"
                    : $"--fault {text}: target {f.Target} out of range, {KindName(f.Kind)} targets {what} {low}..{high} on this {cellCount}-cell module");
            }

            return f;
        }

        /// <summary>The targets a kind accepts on a module.</summary>
        /// <param name="kind">Kind.</param>
        /// <param name="cellCount">Cells in series.</param>
        /// <returns>Lowest and highest target and what they number.</returns>
        public static (int Low, int High, string What) TargetRange(FaultKind kind, int cellCount)
        {
            switch (kind)
            {
                case FaultKind.OpenSenseWire:
                    return (0, cellCount, "sense wire (tap)");
                case FaultKind.NtcOpen:
                case FaultKind.NtcShort:
                    return (0, Bms.Board.Bmu16.TemperatureCount - 1, "NTC channel (mux B)");
                case FaultKind.AdcStuck:
                    return (0, 7, "ADC1 channel"); // ADC1 has channels 0..7 (ESP32 technical reference)
                case FaultKind.SoftShort:
                case FaultKind.CellHeating:
                    return (0, cellCount - 1, "cell index (0-based)");
                default:
                    return (0, 0, "nothing");
            }
        }

        /// <summary>The option spelling of a kind: lower case with dashes (ntc-open, open-sense-wire).</summary>
        /// <param name="kind">Kind.</param>
        /// <returns>Name.</returns>
        public static string KindName(FaultKind kind)
        {
            string name = kind.ToString();
            var text = new System.Text.StringBuilder();
            for (int i = 0; i < name.Length; i++)
            {
                if (i > 0 && char.IsUpper(name[i]))
                {
                    text.Append('-');
                }

                text.Append(char.ToLowerInvariant(name[i]));
            }

            return text.ToString();
        }

        private static string[] KindNames()
        {
            FaultKind[] kinds = Enum.GetValues<FaultKind>();
            var names = new string[kinds.Length];
            for (int i = 0; i < kinds.Length; i++)
            {
                names[i] = KindName(kinds[i]);
            }

            return names;
        }

        private static double Field(string text, string field, Func<double> parse)
        {
            try
            {
                return parse();
            }
            catch (FormatException e)
            {
                throw new FormatException($"--fault {text}: {field}: {e.Message}", e);
            }
        }

        /// <summary>Parses a time: seconds, or a number with s, m, h or d (e.g. 90, 30m, 1.5h, 2d).</summary>
        /// <param name="text">Text.</param>
        /// <returns>Seconds.</returns>
        public static double ParseTime(string text)
        {
            text = text.Trim().ToLowerInvariant();
            double unit = 1;
            if (text.Length > 0 && char.IsLetter(text[^1]))
            {
                unit = text[^1] switch
                {
                    's' => 1,
                    'm' => 60,
                    'h' => 3600,
                    'd' => 86400,
                    _ => throw new FormatException($"time '{text}': unit is s, m, h or d"),
                };
                text = text[..^1];
            }

            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || v < 0 || !double.IsFinite(v))
            {
                throw new FormatException($"time '{text}': expected a number of seconds or e.g. 30m, 2h, 1d");
            }

            return v * unit;
        }
    }
}
