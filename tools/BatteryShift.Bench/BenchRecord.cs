namespace BatteryShift.Bench
{
    /// <summary>One figure as written to docs/benchmarks.json.</summary>
    public sealed record BenchRecord(string Id, double Value, string Unit, string Target, string Command, string Note, string Benchmark, string Date);
}
