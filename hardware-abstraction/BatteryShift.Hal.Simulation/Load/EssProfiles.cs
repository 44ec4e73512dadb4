using System;
using System.Globalization;

namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// The built-in load and charger profiles by name, for command lines and scenario files:
    /// "rest", "cc:&lt;A&gt;" (positive = charge), "power:&lt;W&gt;", "charger" (CC/CV 0.5 C to 3.45 V/cell),
    /// "peak-shaving", "backup" (data-centre), "frequency-regulation", "storage", "csv:&lt;path&gt;".
    /// </summary>
    public static class EssProfiles
    {
        /// <summary>Names accepted by <see cref="ByName"/>.</summary>
        public static readonly string[] Names = { "rest", "cc:<A>", "power:<W>", "charger", "peak-shaving", "backup", "frequency-regulation", "storage", "csv:<path>" };

        /// <summary>Daily peak shaving.</summary>
        /// <returns>Profile.</returns>
        public static LoadProfile DailyPeakShaving() => new PeakShavingProfile();

        /// <summary>Data-centre backup event after a long float.</summary>
        /// <returns>Profile.</returns>
        public static LoadProfile DataCentreBackup() => new DataCentreBackupProfile();

        /// <summary>Frequency regulation.</summary>
        /// <param name="seed">Signal seed.</param>
        /// <returns>Profile.</returns>
        public static LoadProfile FrequencyRegulation(ulong seed = 1) => new FrequencyRegulationProfile(seed: seed);

        /// <summary>Long storage.</summary>
        /// <returns>Profile.</returns>
        public static LoadProfile LongStorage() => new LongStorageProfile();

        /// <summary>A profile by name (see the class summary).</summary>
        /// <param name="name">Name.</param>
        /// <param name="seed">Seed for profiles with a random signal.</param>
        /// <returns>Profile, or null for "rest"/"none".</returns>
        public static LoadProfile? ByName(string name, ulong seed = 1)
        {
            string n = name.Trim();
            int colon = n.IndexOf(':', StringComparison.Ordinal);
            string head = (colon < 0 ? n : n.Substring(0, colon)).ToLowerInvariant();
            string arg = colon < 0 ? string.Empty : n.Substring(colon + 1);
            switch (head)
            {
                case "rest":
                case "none":
                case "":
                    return null;
                case "cc":
                    return new ConstantCurrentProfile(double.Parse(arg, NumberStyles.Float, CultureInfo.InvariantCulture));
                case "power":
                    return new ConstantPowerProfile(double.Parse(arg, NumberStyles.Float, CultureInfo.InvariantCulture));
                case "charger":
                    return new CcCvCharger();
                case "peak-shaving":
                    return DailyPeakShaving();
                case "backup":
                    return DataCentreBackup();
                case "frequency-regulation":
                    return FrequencyRegulation(seed);
                case "storage":
                    return LongStorage();
                case "csv":
                    return CsvLoadProfile.Load(arg);
                default:
                    throw new ArgumentException("unknown profile '" + name + "'; known: " + string.Join(", ", Names), nameof(name));
            }
        }
    }
}
