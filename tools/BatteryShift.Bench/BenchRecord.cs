using System.Text.Json.Serialization;

namespace BatteryShift.Bench
{
    /// <summary>One recorded figure, as written to docs/benchmarks.json.</summary>
    public sealed record BenchRecord(string Id, double Value, string Unit, string Target, string Command, string Note, string Benchmark, string Date)
    {
        /// <summary>
        /// True for a wall-clock figure (a time or rate measured on this machine), which no two runs reproduce: it is
        /// left out of the provenance's figures (docs/benchmarks-provenance.json).
        /// </summary>
        [JsonIgnore]
        public bool WallClock { get; init; }
    }
}
