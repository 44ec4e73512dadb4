using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace BatteryShift.Bench
{
    /// <summary>
    /// Reads and rewrites docs/benchmarks.json and docs/benchmarks.md. A run replaces the rows of the
    /// benchmarks it ran and keeps every other benchmark's rows as they were.
    /// </summary>
    public static class BenchReport
    {
        private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

        public static List<BenchRecord> Load(string jsonPath)
        {
            if (!File.Exists(jsonPath))
            {
                return new List<BenchRecord>();
            }

            return JsonSerializer.Deserialize<List<BenchRecord>>(File.ReadAllText(jsonPath), s_json) ?? new List<BenchRecord>();
        }

        public static List<BenchRecord> Merge(IEnumerable<BenchRecord> old, IReadOnlyCollection<string> ranBenchmarks, IEnumerable<BenchRecord> fresh)
        {
            var kept = old.Where(r => !ranBenchmarks.Contains(r.Benchmark)).ToList();
            kept.AddRange(fresh);
            return kept.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        }

        public static void Write(string docsDir, IReadOnlyList<BenchRecord> records, IReadOnlyDictionary<string, string>? descriptions = null)
        {
            Directory.CreateDirectory(docsDir);
            File.WriteAllText(Path.Combine(docsDir, "benchmarks.json"), JsonSerializer.Serialize(records, s_json) + "\n");
            File.WriteAllText(Path.Combine(docsDir, "benchmarks.md"), Markdown(records, descriptions ?? new Dictionary<string, string>()));
        }

        public static string Format(double value)
        {
            double a = Math.Abs(value);
            if (value == Math.Floor(value) && a < 1e12)
            {
                return value.ToString("0", CultureInfo.InvariantCulture);
            }

            return a >= 100 ? value.ToString("0.0", CultureInfo.InvariantCulture) : value.ToString("0.###", CultureInfo.InvariantCulture);
        }

        private static string Markdown(IReadOnlyList<BenchRecord> records, IReadOnlyDictionary<string, string> descriptions)
        {
            var sb = new StringBuilder();
            sb.AppendLine("# Benchmarks");
            sb.AppendLine();
            sb.AppendLine("Written by `tools/BatteryShift.Bench`; do not edit by hand. Every figure was measured on the");
            sb.AppendLine("machine and date given, with the command beside it. `dotnet run -c Release --project");
            sb.AppendLine("tools/BatteryShift.Bench` runs every benchmark; a name runs one (`-- sim`), `--list` lists them.");
            sb.AppendLine("The machine is a shared 2-core host: timings are noisy, ratios measured in one run are not.");
            sb.AppendLine("The same rows are in `benchmarks.json` (`id, value, unit, target, command`).");
            sb.AppendLine();
            sb.AppendLine("These figures cannot drift from the code unnoticed. Every run records in `benchmarks-provenance.json`");
            sb.AppendLine("a hash of the sources it ran on (the benchmark tool's project closure: firmware core, HAL contracts,");
            sb.AppendLine("simulated module, harness and the benchmark itself, other benchmarks' own files left out; comments and");
            sb.AppendLine("layout do not count) with its reproducible figures (wall-clock timings left out); a full run also");
            sb.AppendLine("records a quick run beside it. The test `BenchmarkProvenanceTests` fails on a quick record made on");
            sb.AppendLine("other sources than the code's, and on full figures whose sources differ from the code's unless the quick");
            sb.AppendLine("run gives the same figures today as beside the full run. After a change, re-record every quick run with");
            sb.AppendLine("one command, `dotnet run -c Release --project tools/BatteryShift.Bench -- --quick` (about two minutes;");
            sb.AppendLine("a name records one), and rerun in full what it reports; `-- --check` lists what is stale. A new");
            sb.AppendLine("benchmark is picked up by its class; mark a wall-clock figure with `Record(..., wallClock: true)`. An");
            sb.AppendLine("optional benchmark that cannot run on a machine (the interpreter not built there) is not checked there.");
            foreach (var group in records.GroupBy(r => r.Benchmark).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                sb.AppendLine();
                sb.AppendLine($"## {group.Key}");
                sb.AppendLine();
                var first = group.First();
                sb.AppendLine($"Command: `{first.Command}` ({first.Date})");
                sb.AppendLine();
                sb.AppendLine("| id | value | unit | target | note |");
                sb.AppendLine("|---|---:|---|---|---|");
                foreach (var r in group)
                {
                    sb.AppendLine($"| `{r.Id}` | {Format(r.Value)} | {r.Unit} | {(r.Target.Length == 0 ? "-" : r.Target)} | {r.Note.Replace("|", "/", StringComparison.Ordinal)} |");
                }

                if (descriptions.TryGetValue(group.Key, out string? description))
                {
                    sb.AppendLine();
                    sb.Append(description.TrimEnd()).AppendLine();
                }
            }

            return sb.ToString();
        }
    }
}
