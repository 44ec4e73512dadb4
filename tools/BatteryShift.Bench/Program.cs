using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using BatteryShift.Bench.Provenance;

namespace BatteryShift.Bench
{
    /// <summary>
    /// Runs the benchmarks. A full run rewrites their rows of docs/benchmarks.md and docs/benchmarks.json and records
    /// in docs/benchmarks-provenance.json the sources they ran on with the figures of a quick run beside them; a
    /// <c>--quick</c> run records only its own sources and figures there. <c>--check</c> lists stale records.
    /// Usage: BatteryShift.Bench [--quick] [--list] [--check] [--no-write] [name ...]
    /// </summary>
    internal static class Program
    {
        private static int Main(string[] args)
        {
            bool quick = args.Contains("--quick");
            bool write = !args.Contains("--no-write");
            List<IBenchmark> all = BenchCatalog.All();
            string root = FindRepoRoot();
            if (args.Contains("--list"))
            {
                foreach (var b in all)
                {
                    Console.WriteLine(b.Name);
                }

                return 0;
            }

            if (args.Contains("--check"))
            {
                return Check(root);
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

            Dictionary<string, string> hashes = SourceHash.Compute(root, BenchCatalog.Classes());
            string docs = Path.Combine(root, "docs");
            var fresh = new List<BenchRecord>();
            var provenance = ProvenanceFile.Load(docs);
            string today = DateTime.UtcNow.ToString("yyyy-MM-dd");
            foreach (var bench in selected)
            {
                List<BenchRecord> records = Run(bench, quick);
                var run = new RunProvenance { Sources = hashes[bench.Name], Date = today, Figures = ProvenanceFile.Figures(records) };
                BenchmarkProvenance p = provenance.For(bench.Name);
                if (quick)
                {
                    p.Quick = run;
                    continue;
                }

                fresh.AddRange(records);

                // the quick run beside the full one: later code whose quick run gives the same figures leaves these stand
                var beside = new RunProvenance { Sources = run.Sources, Date = today, Figures = ProvenanceFile.Figures(Run(bench, true)) };
                p.Full = run;
                p.QuickBesideFull = beside;
                p.Quick = beside;
            }

            foreach (var r in fresh)
            {
                Console.WriteLine($"{r.Id}\t{BenchReport.Format(r.Value)}\t{r.Unit}\t{r.Target}");
            }

            if (write)
            {
                Write(docs, quick, all, selected, fresh, provenance);
            }

            return 0;
        }

        private static int Check(string root)
        {
            Dictionary<string, string> unavailable = BenchCatalog.Unavailable();
            foreach (var (name, reason) in unavailable)
            {
                Console.Error.WriteLine($"{name}: not checked here ({reason})");
            }

            List<string> problems = ProvenanceCheck.Problems(root, BenchCatalog.Classes(), unavailable);
            foreach (string p in problems)
            {
                Console.WriteLine(p);
            }

            Console.Error.WriteLine(problems.Count == 0 ? "every record is fresh" : $"{problems.Count} stale or missing records");
            return problems.Count == 0 ? 0 : 1;
        }

        private static void Write(string docs, bool quick, List<IBenchmark> all, List<IBenchmark> selected, List<BenchRecord> fresh, ProvenanceFile provenance)
        {
            if (!quick)
            {
                var merged = BenchReport.Merge(BenchReport.Load(Path.Combine(docs, "benchmarks.json")), selected.Select(b => b.Name).ToList(), fresh);
                var descriptions = all.OfType<IDescribedBenchmark>().ToDictionary(b => b.Name, b => b.Description, StringComparer.Ordinal);
                BenchReport.Write(docs, merged, descriptions);
                Console.Error.WriteLine($"wrote {Path.Combine(docs, "benchmarks.md")}");
            }

            provenance.Save(docs);
            Console.Error.WriteLine($"wrote {Path.Combine(docs, ProvenanceFile.FileName)}");
        }

        private static List<BenchRecord> Run(IBenchmark bench, bool quick)
        {
            string command = "dotnet run -c Release --project tools/BatteryShift.Bench --" + (quick ? " --quick" : string.Empty) + " " + bench.Name;
            Console.Error.WriteLine($"[{bench.Name}{(quick ? ", quick" : string.Empty)}]");
            var context = new BenchContext(bench.Name, command, quick, Console.Error);
            bench.Run(context);
            if (quick)
            {
                foreach (var r in context.Records)
                {
                    Console.WriteLine($"{r.Id}\t{BenchReport.Format(r.Value)}\t{r.Unit}\t{r.Target}");
                }
            }

            return context.Records.ToList();
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
