using System;
using System.IO;
using BatteryShift.Bench;
using BatteryShift.Bench.Provenance;
using Xunit;

namespace BatteryShift.Tests.Bench
{
    /// <summary>
    /// Every figure in docs/benchmarks.json comes from the benchmark code as it stands: each benchmark's quick run is
    /// recorded with the hash of the sources it ran on (docs/benchmarks-provenance.json), and the full figures either
    /// ran on the same sources or the quick run gives the same figures on today's sources as beside the full run.
    /// Re-recording every quick run is one command (<see cref="ProvenanceCheck.RecordQuickCommand"/>).
    /// </summary>
    public class BenchmarkProvenanceTests
    {
        [Fact]
        public void EveryRecordedFigureComesFromTheBenchmarkCodeAsItStands()
        {
            var problems = ProvenanceCheck.Problems(RepoPaths.Root, BenchCatalog.Classes(), BenchCatalog.Unavailable());
            Assert.True(problems.Count == 0, "stale benchmark records (re-record every quick run: " + ProvenanceCheck.RecordQuickCommand + "):\n" + string.Join("\n", problems));
        }

        [Fact]
        public void ACodeChangeMakesTheRecordsStaleAndACommentChangeDoesNot()
        {
            string copy = Path.Combine(Path.GetTempPath(), "bs-provenance-" + Guid.NewGuid().ToString("N"));
            try
            {
                foreach (string file in SourceHash.ProjectClosureFiles(RepoPaths.Root))
                {
                    CopyFile(file, copy);
                }

                CopyFile("BatteryShift.sln", copy);
                CopyFile("docs/benchmarks.json", copy);
                CopyFile("docs/" + ProvenanceFile.FileName, copy);
                Assert.Empty(ProvenanceCheck.Problems(copy, BenchCatalog.Classes(), BenchCatalog.Unavailable()));

                string filter = Path.Combine(copy, "firmware/BatteryShift.Bms/Estimation/CellSocFilter.cs");
                string original = File.ReadAllText(filter);
                File.WriteAllText(filter, original.Replace("private const float RestA = 0.5f;", "// a comment\n        private   const float RestA = 0.5f; /* and another */"));
                Assert.Empty(ProvenanceCheck.Problems(copy, BenchCatalog.Classes(), BenchCatalog.Unavailable()));

                File.WriteAllText(filter, original.Replace("private const float RestA = 0.5f;", "private const float RestA = 0.4f;"));
                var problems = ProvenanceCheck.Problems(copy, BenchCatalog.Classes(), BenchCatalog.Unavailable());
                Assert.Contains(problems, p => p.StartsWith("soc: the quick record ran on", StringComparison.Ordinal));
                Assert.Equal(BenchCatalog.Classes().Count - BenchCatalog.Unavailable().Count, problems.FindAll(p => p.Contains("the quick record ran on", StringComparison.Ordinal)).Count);
            }
            finally
            {
                if (Directory.Exists(copy))
                {
                    Directory.Delete(copy, true);
                }
            }
        }

        [Fact]
        public void ABenchmarksOwnFileCountsOnlyForItself()
        {
            var classes = BenchCatalog.Classes();
            var before = SourceHash.Compute(RepoPaths.Root, classes);
            classes["soc"] = "NoSuchBenchmarkClass";
            var after = SourceHash.Compute(RepoPaths.Root, classes);

            // with its class no longer found, soc's own file counts for every benchmark: the hashes all move but soc's
            // own stays as it was (its file was already in it)
            Assert.Equal(before["soc"], after["soc"]);
            Assert.NotEqual(before["bal"], after["bal"]);
        }

        [Theory]
        [InlineData("int a = b;", "int a=b;")]
        [InlineData("x = a - -b; // note", "x=a- -b;")]
        [InlineData("s = \"// not a comment\"; /* c */ t = 'x';", "s=\"// not a comment\";t='x';")]
        [InlineData("s = $\"{(a ? \"y\" : \"z\")} // kept\";", "s=$\"{(a ? \"y\" : \"z\")} // kept\";")]
        [InlineData("return  value\n\n    ;", "return value;")]
        public void NormalisingDropsCommentsAndLayoutButNotLiterals(string source, string expected)
        {
            Assert.Equal(expected, SourceHash.Normalise(source));
        }

        private static void CopyFile(string relative, string root)
        {
            string target = Path.Combine(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(RepoPaths.Root, relative), target);
        }
    }
}
