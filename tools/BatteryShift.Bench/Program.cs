using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace BatteryShift.Bench
{
    /// <summary>
    /// Runs the benchmarks and rewrites docs/benchmarks.md and docs/benchmarks.json.
    /// Usage: BatteryShift.Bench [--quick] [--list] [--no-write] [name ...]
    /// </summary>
    internal static class Program
    {
        private static int Main(string[] args)
        {
            bool quick = args.Contains("--quick");
            bool write = !args.Contains("--no-write");
            var all = typeof(Program).Assembly.GetTypes()
                .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && !t.IsInterface && !t.IsAbstract)
                .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
                .OrderBy(b => b.Name, StringComparer.Ordinal)
                .ToList();
            if (args.Contains("--list"))
            {
                foreach (var b in all)
                {
                    Console.WriteLine(b.Name);
                }

                return 0;
            }

            var names = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
            var unknown = names.Where(n => all.All(b => b.Name != n)).ToList();
            if (unknown.Count > 0)
            {
                Console.Error.WriteLine($"unknown benchmark: {string.Join(", ", unknown)} (known: {string.Join(", ", all.Select(b => b.Name))})");
                return 2;
            }

            var selected = names.Count == 0 ? all : all.Where(b => names.Contains(b.Name)).ToList();
            foreach (var optional in selected.OfType<IOptionalBenchmark>().ToList())
            {
                if (!optional.Available(out string reason))
                {
                    Console.Error.WriteLine($"[{((IBenchmark)optional).Name}] not run, its recorded rows kept: {reason}");
                    selected.Remove((IBenchmark)optional);
                }
            }

            string root = FindRepoRoot();
            var fresh = new List<BenchRecord>();
            foreach (var bench in selected)
            {
                string command = "dotnet run -c Release --project tools/BatteryShift.Bench --" + (quick ? " --quick" : string.Empty) + " " + bench.Name;
                Console.Error.WriteLine($"[{bench.Name}]");
                var context = new BenchContext(bench.Name, command, quick, Console.Error);
                bench.Run(context);
                fresh.AddRange(context.Records);
            }

            foreach (var r in fresh)
            {
                Console.WriteLine($"{r.Id}\t{BenchReport.Format(r.Value)}\t{r.Unit}\t{r.Target}");
            }

            if (write)
            {
                string docs = Path.Combine(root, "docs");
                var merged = BenchReport.Merge(BenchReport.Load(Path.Combine(docs, "benchmarks.json")), selected.Select(b => b.Name).ToList(), fresh);
                var descriptions = all.OfType<IDescribedBenchmark>().ToDictionary(b => b.Name, b => b.Description, StringComparer.Ordinal);
                BenchReport.Write(docs, merged, descriptions);
                Console.Error.WriteLine($"wrote {Path.Combine(docs, "benchmarks.md")}");
            }

            return 0;
        }

        private static string FindRepoRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "BatteryShift.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? Directory.GetCurrentDirectory();
        }
    }
}
