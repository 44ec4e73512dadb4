using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace BatteryShift.Bench.Provenance
{
    /// <summary>
    /// Whether every recorded figure comes from the benchmark code as it stands (see <see cref="ProvenanceFile"/>).
    /// Run by the tests (BenchmarkProvenanceTests) and by <c>BatteryShift.Bench --check</c>.
    /// </summary>
    public static class ProvenanceCheck
    {
        /// <summary>The command that records the quick runs of every benchmark.</summary>
        public const string RecordQuickCommand = "dotnet run -c Release --project tools/BatteryShift.Bench -- --quick";

        /// <summary>
        /// The stale or missing records, one line each, with the command that renews it; empty when all is fresh.
        /// </summary>
        /// <param name="repoRoot">Repository root.</param>
        /// <param name="benchmarks">Every benchmark: name to the name of its class.</param>
        /// <param name="unavailable">Benchmarks that cannot run here (not checked), or null.</param>
        /// <returns>Problems.</returns>
        public static List<string> Problems(string repoRoot, IReadOnlyDictionary<string, string> benchmarks, IReadOnlyDictionary<string, string>? unavailable = null)
        {
            string docs = Path.Combine(repoRoot, "docs");
            Dictionary<string, string> hashes = SourceHash.Compute(repoRoot, benchmarks);
            ProvenanceFile provenance = ProvenanceFile.Load(docs);
            List<BenchRecord> figures = BenchReport.Load(Path.Combine(docs, "benchmarks.json"));
            var problems = new List<string>();
            foreach (string name in benchmarks.Keys.OrderBy(n => n, StringComparer.Ordinal))
            {
                if (unavailable != null && unavailable.ContainsKey(name))
                {
                    continue;
                }

                provenance.Benchmarks.TryGetValue(name, out BenchmarkProvenance? p);
                RunProvenance? quick = p?.Quick;
                bool quickFresh = quick != null && quick.Sources == hashes[name];
                if (!quickFresh)
                {
                    problems.Add($"{name}: the quick record ran on {(quick == null ? "nothing" : "sources " + quick.Sources)}, the code is {hashes[name]}: {RecordQuickCommand} {name}");
                }

                List<BenchRecord> rows = figures.Where(r => r.Benchmark == name).ToList();
                if (rows.Count == 0)
                {
                    continue;
                }

                string rerun = $"dotnet run -c Release --project tools/BatteryShift.Bench -- {name}";
                RunProvenance? full = p?.Full;
                if (full == null)
                {
                    problems.Add($"{name}: the figures in docs/benchmarks.json have no provenance: {rerun}");
                    continue;
                }

                foreach (var (id, value) in full.Figures)
                {
                    BenchRecord? row = rows.FirstOrDefault(r => r.Id == id);
                    if (row == null || row.Value != value)
                    {
                        problems.Add($"{name}: {id} in docs/benchmarks.json is not the figure its run recorded ({(row == null ? "missing" : BenchReport.Format(row.Value))} vs {BenchReport.Format(value)}): {rerun}");
                    }
                }

                if (full.Sources == hashes[name] || !quickFresh)
                {
                    continue;
                }

                // other sources than the full run's: its figures still stand when the same quick run gives the same figures
                RunProvenance? beside = p!.QuickBesideFull;
                List<string> changed = beside == null ? new List<string> { "(no quick run beside the full run)" } : Differences(beside.Figures, quick!.Figures);
                if (changed.Count > 0)
                {
                    problems.Add($"{name}: the code changed since the full run (sources {full.Sources}, now {hashes[name]}) and so did its quick figures ({string.Join(", ", changed)}): {rerun}");
                }
            }

            return problems;
        }

        private static List<string> Differences(SortedDictionary<string, double> before, SortedDictionary<string, double> now)
        {
            var changed = new List<string>();
            foreach (string id in before.Keys.Union(now.Keys).OrderBy(k => k, StringComparer.Ordinal))
            {
                bool a = before.TryGetValue(id, out double x);
                bool b = now.TryGetValue(id, out double y);
                if (a != b || x != y)
                {
                    changed.Add($"{id} {(a ? BenchReport.Format(x) : "-")} -> {(b ? BenchReport.Format(y) : "-")}");
                }
            }

            return changed;
        }
    }
}
