using System;
using System.Collections.Generic;
using System.Linq;

namespace BatteryShift.Bench
{
    /// <summary>Every benchmark of this tool, found by reflection: a new <see cref="IBenchmark"/> class needs no wiring.</summary>
    public static class BenchCatalog
    {
        /// <summary>
        /// One instance of every benchmark, by name.
        /// </summary>
        /// <returns>Benchmarks sorted by name.</returns>
        public static List<IBenchmark> All()
        {
            return typeof(BenchCatalog).Assembly.GetTypes()
                .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && !t.IsInterface && !t.IsAbstract)
                .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
                .OrderBy(b => b.Name, StringComparer.Ordinal)
                .ToList();
        }

        /// <summary>
        /// The optional benchmarks that cannot run on this machine (<see cref="IOptionalBenchmark"/>: an interpreter
        /// not built here), by name, with the reason: their records cannot be reproduced here, so they are not checked.
        /// </summary>
        /// <returns>Name to reason.</returns>
        public static Dictionary<string, string> Unavailable()
        {
            var unavailable = new Dictionary<string, string>();
            foreach (IBenchmark b in All())
            {
                if (b is IOptionalBenchmark optional && !optional.Available(out string reason))
                {
                    unavailable[b.Name] = reason;
                }
            }

            return unavailable;
        }

        /// <summary>
        /// Benchmark name to the name of its class (what <see cref="Provenance.SourceHash"/> finds its file by).
        /// </summary>
        /// <returns>Name to class name.</returns>
        public static Dictionary<string, string> Classes()
        {
            return All().ToDictionary(b => b.Name, b => b.GetType().Name);
        }
    }
}
