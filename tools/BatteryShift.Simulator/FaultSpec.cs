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
                throw new FormatException($"fault '{text}': expected kind@time[:target[:value[:duration]]]");
            }

            string name = text[..at].Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal);
            if (!Enum.TryParse(name, true, out FaultKind kind) || !Enum.IsDefined(kind) || int.TryParse(name, out _))
            {
                throw new FormatException($"fault '{text}': unknown kind (known: {string.Join(", ", Enum.GetNames<FaultKind>())})");
            }

            string[] parts = text[(at + 1)..].Split(':');
            double start = ParseTime(parts[0]);
            int target = parts.Length > 1 && parts[1].Length > 0 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 0;
            double value = parts.Length > 2 && parts[2].Length > 0 ? double.Parse(parts[2], CultureInfo.InvariantCulture) : double.NaN;
            double duration = parts.Length > 3 && parts[3].Length > 0 ? ParseTime(parts[3]) : double.PositiveInfinity;
            if (parts.Length > 4)
            {
                throw new FormatException($"fault '{text}': too many fields");
            }

            return new FaultSpec(kind, start, target, value, duration);
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
