namespace BatteryShift.Bench
{
    /// <summary>A benchmark whose method needs more than its rows' notes: a paragraph under its table in docs/benchmarks.md.</summary>
    public interface IDescribedBenchmark : IBenchmark
    {
        /// <summary>Markdown written under the benchmark's table.</summary>
        string Description { get; }
    }
}
