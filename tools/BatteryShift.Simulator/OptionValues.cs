using System;
using System.Globalization;

namespace BatteryShift.Simulator
{
    /// <summary>The simulator's option values read and written for people: errors name the option, durations read.</summary>
    public static class OptionValues
    {
        /// <summary>Reads --speed: a positive number of simulated seconds per wall second, or "max".</summary>
        /// <param name="text">Option value.</param>
        /// <returns>Speed; 0 for as fast as possible.</returns>
        /// <exception cref="FormatException">When the value is neither.</exception>
        public static double ParseSpeed(string text)
        {
            if (text.Equals("max", StringComparison.OrdinalIgnoreCase))
            {
                return 0;
            }

            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v) || v <= 0)
            {
                throw new FormatException($"--speed {text}: expected simulated seconds per wall second (1 = real time, 60, 3600) or max");
            }

            return v;
        }

        /// <summary>Reads --duration (seconds or 30m, 12h, 7d).</summary>
        /// <param name="text">Option value.</param>
        /// <returns>Seconds.</returns>
        /// <exception cref="FormatException">Naming the option when the value is not a time.</exception>
        public static double ParseDuration(string text)
        {
            try
            {
                return FaultSpec.ParseTime(text);
            }
            catch (FormatException e)
            {
                throw new FormatException($"--duration {text}: {e.Message}", e);
            }
        }

        /// <summary>A simulated or wall duration for people: 45 s, 20 min, 3 h 05 min, 30 d 00 h 00 min.</summary>
        /// <param name="seconds">Seconds.</param>
        /// <returns>Text.</returns>
        public static string Readable(double seconds)
        {
            var t = TimeSpan.FromSeconds(Math.Round(seconds));
            if (seconds < 60)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{seconds:0.0} s");
            }

            if (t.TotalHours < 1)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{t.Minutes} min {t.Seconds:00} s");
            }

            if (t.TotalDays < 1)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{t.Hours} h {t.Minutes:00} min");
            }

            return string.Create(CultureInfo.InvariantCulture, $"{t.Days} d {t.Hours:00} h {t.Minutes:00} min");
        }
    }
}
