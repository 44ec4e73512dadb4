namespace BatteryShift.Bench
{
    /// <summary>
    /// A benchmark that needs something this machine may not have (the interpreter benchmark needs tools built outside
    /// the repository): where it is not available it is not run and its recorded rows are kept as they are.
    /// </summary>
    public interface IOptionalBenchmark
    {
        /// <summary>True when the benchmark can run here; otherwise the reason.</summary>
        bool Available(out string reason);
    }
}
