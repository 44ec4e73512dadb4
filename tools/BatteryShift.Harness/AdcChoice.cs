using System;
using BatteryShift.Hal.Simulation;

namespace BatteryShift.Harness
{
    /// <summary>
    /// The ESP32 ADC a benchmark's boards carry: the worst-case model unless <c>BATTERYSHIFT_ADC</c> says
    /// <c>typical</c> or <c>ideal</c> (docs/adc-model.md). On the worst-case ADC every eighth seed carries one of the
    /// 16 corner chips (every magnitude at its published limit) and the rest a chip drawn from the seed, so a run over
    /// many seeds covers the corners as well as the range.
    /// </summary>
    public static class AdcChoice
    {
        /// <summary>The environment variable that picks the grade.</summary>
        public const string Variable = "BATTERYSHIFT_ADC";

        /// <summary>One seed in this many carries a corner chip.</summary>
        public const int CornerEvery = 8;

        /// <summary>The grade <see cref="Variable"/> names; the worst case when it is not set.</summary>
        /// <exception cref="ArgumentException">The variable names no grade.</exception>
        public static AdcGrade FromEnvironment()
        {
            string? value = Environment.GetEnvironmentVariable(Variable);
            if (string.IsNullOrEmpty(value))
            {
                return AdcGrade.Worst;
            }

            return TryParse(value, out AdcGrade grade) ? grade : throw new ArgumentException(Variable + "=" + value + ": expected worst, typical or ideal");
        }

        /// <summary>A grade by its name (<c>ideal</c>, <c>typical</c> or <c>worst</c>, any case).</summary>
        /// <returns>False for any other text.</returns>
        public static bool TryParse(string text, out AdcGrade grade)
        {
            switch (text.ToLowerInvariant())
            {
                case "ideal":
                    grade = AdcGrade.Ideal;
                    return true;
                case "typical":
                    grade = AdcGrade.Typical;
                    return true;
                case "worst":
                    grade = AdcGrade.Worst;
                    return true;
                default:
                    grade = AdcGrade.Typical;
                    return false;
            }
        }

        /// <summary>The corner chip a seed carries on the worst-case ADC (0..15), or -1 for a chip drawn from the seed.</summary>
        public static int Corner(ulong seed)
        {
            return seed % CornerEvery == 0 ? (int)(seed / CornerEvery % 16) : -1;
        }

        /// <summary>Puts the grade, and on the worst case the seed's corner, on the options.</summary>
        public static SimulationOptions Apply(SimulationOptions options, AdcGrade grade)
        {
            ArgumentNullException.ThrowIfNull(options);
            options.Adc = grade;
            options.AdcCorner = grade == AdcGrade.Worst ? Corner(options.Seed) : -1;
            return options;
        }

        /// <summary>The grade in words, for a record's note.</summary>
        public static string Describe(AdcGrade grade)
        {
            switch (grade)
            {
                case AdcGrade.Worst:
                    return "worst-case ADC (chips drawn across the published ranges, a corner chip every " + CornerEvery + "th seed)";
                case AdcGrade.Typical:
                    return "typical ADC (CONTROL: the chip the firmware was first tuned on)";
                default:
                    return "ideal ADC (CONTROL: quantisation only)";
            }
        }
    }
}
