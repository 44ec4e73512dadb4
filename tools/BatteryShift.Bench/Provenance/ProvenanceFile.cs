using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace BatteryShift.Bench.Provenance
{
    /// <summary>
    /// docs/benchmarks-provenance.json: for every benchmark, the source hash (<see cref="SourceHash"/>) its recorded
    /// figures ran on. A full run records the hash of its figures in docs/benchmarks.json together with the figures
    /// of a quick run on the same sources; every quick run records its own hash and figures. The figures kept are
    /// the reproducible ones (not wall-clock timings, <see cref="BenchContext.Record"/>). The test
    /// BenchmarkProvenanceTests reads this file: a quick record on other sources than the code's is stale; full
    /// figures on other sources are still the code's when the quick figures on the code's sources are the same as
    /// those recorded beside them, and stale otherwise.
    /// </summary>
    public sealed class ProvenanceFile
    {
        /// <summary>File name under docs/.</summary>
        public const string FileName = "benchmarks-provenance.json";

        private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

        /// <summary>Per benchmark name.</summary>
        public SortedDictionary<string, BenchmarkProvenance> Benchmarks { get; set; } = new(StringComparer.Ordinal);

        /// <summary>
        /// Reads the file (empty when absent).
        /// </summary>
        /// <param name="docsDir">The docs folder.</param>
        /// <returns>The provenance.</returns>
        public static ProvenanceFile Load(string docsDir)
        {
            string path = Path.Combine(docsDir, FileName);
            if (!File.Exists(path))
            {
                return new ProvenanceFile();
            }

            var loaded = JsonSerializer.Deserialize<ProvenanceFile>(File.ReadAllText(path), s_json) ?? new ProvenanceFile();
            loaded.Benchmarks = new SortedDictionary<string, BenchmarkProvenance>(loaded.Benchmarks, StringComparer.Ordinal);
            return loaded;
        }

        /// <summary>
        /// The reproducible figures of a run, by id.
        /// </summary>
        /// <param name="records">The run's records.</param>
        /// <returns>Id to value, sorted.</returns>
        public static SortedDictionary<string, double> Figures(IEnumerable<BenchRecord> records)
        {
            var figures = new SortedDictionary<string, double>(StringComparer.Ordinal);
            foreach (BenchRecord r in records.Where(r => !r.WallClock))
            {
                figures[r.Id] = r.Value;
            }

            return figures;
        }

        /// <summary>
        /// Writes the file.
        /// </summary>
        /// <param name="docsDir">The docs folder.</param>
        public void Save(string docsDir)
        {
            File.WriteAllText(Path.Combine(docsDir, FileName), JsonSerializer.Serialize(this, s_json) + "\n");
        }

        /// <summary>
        /// The record of one benchmark, made if missing.
        /// </summary>
        /// <param name="name">Benchmark name.</param>
        /// <returns>Its record.</returns>
        public BenchmarkProvenance For(string name)
        {
            if (!Benchmarks.TryGetValue(name, out BenchmarkProvenance? p))
            {
                p = new BenchmarkProvenance();
                Benchmarks[name] = p;
            }

            return p;
        }
    }

    /// <summary>What one benchmark's records ran on.</summary>
    public sealed class BenchmarkProvenance
    {
        /// <summary>The figures in docs/benchmarks.json (the full run), or null before the first full run.</summary>
        public RunProvenance? Full { get; set; }

        /// <summary>The figures of a quick run on the same sources as <see cref="Full"/>.</summary>
        public RunProvenance? QuickBesideFull { get; set; }

        /// <summary>The last quick run.</summary>
        public RunProvenance? Quick { get; set; }
    }

    /// <summary>One recorded run: its sources, date and reproducible figures.</summary>
    public sealed class RunProvenance
    {
        /// <summary>Source hash.</summary>
        public string Sources { get; set; } = string.Empty;

        /// <summary>UTC date, yyyy-MM-dd.</summary>
        public string Date { get; set; } = string.Empty;

        /// <summary>Reproducible figures by id (wall-clock timings left out).</summary>
        public SortedDictionary<string, double> Figures { get; set; } = new(StringComparer.Ordinal);
    }
}
