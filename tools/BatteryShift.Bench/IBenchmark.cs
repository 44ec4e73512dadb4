namespace BatteryShift.Bench
{
    /// <summary>
    /// One benchmark: a named group of figures. Implementations live in Benchmarks/, one per file,
    /// and are found by reflection.
    /// </summary>
    public interface IBenchmark
    {
        /// <summary>Name used on the command line (lower case, e.g. "core", "sim", "soc").</summary>
        string Name { get; }

        /// <summary>Runs the benchmark and records its figures through <paramref name="context"/>.</summary>
        void Run(BenchContext context);
    }
}
