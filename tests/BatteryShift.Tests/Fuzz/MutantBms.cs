using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace BatteryShift.Tests.Fuzz
{
    /// <summary>
    /// Builds the portable core (firmware/BatteryShift.Bms) from its sources with text mutations applied, and loads it
    /// beside the real one (its own load context; the HAL it runs on is the test run's). A fuzzer run against such a
    /// mutant shows that the fuzzer would catch the check the mutation removes.
    /// </summary>
    internal static class MutantBms
    {
        private static readonly string BmsFolder = Path.Combine(RepoPaths.Root, "firmware", "BatteryShift.Bms");

        /// <summary>The core as built from its sources with each (file, find, replace) applied; every find must occur.</summary>
        public static Assembly Build(params (string File, string Find, string Replace)[] mutations)
        {
            var trees = new List<SyntaxTree>();
            var parse = new CSharpParseOptions(LanguageVersion.CSharp9);
            var applied = new HashSet<int>();
            foreach (string path in Directory.GetFiles(BmsFolder, "*.cs", SearchOption.AllDirectories)
                .Where(p => !p.Contains("/obj/", StringComparison.Ordinal) && !p.Contains("/bin/", StringComparison.Ordinal))
                .OrderBy(p => p, StringComparer.Ordinal))
            {
                string text = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
                string relative = Path.GetRelativePath(BmsFolder, path).Replace('\\', '/');
                for (int i = 0; i < mutations.Length; i++)
                {
                    if (mutations[i].File != relative)
                    {
                        continue;
                    }

                    Assert.True(text.Contains(mutations[i].Find, StringComparison.Ordinal), "mutation target not found in " + relative + ": " + mutations[i].Find);
                    text = text.Replace(mutations[i].Find, mutations[i].Replace, StringComparison.Ordinal);
                    applied.Add(i);
                }

                trees.Add(CSharpSyntaxTree.ParseText(text, parse, path));
            }

            Assert.Equal(mutations.Length, applied.Count);
            string[] platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
            var references = platform.Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) == "mscorlib.dll" || Path.GetFileName(p) == "netstandard.dll")
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
                .Append(MetadataReference.CreateFromFile(typeof(Hal.HardwarePorts).Assembly.Location))
                .ToArray();
            var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable);
            CSharpCompilation compilation = CSharpCompilation.Create("BatteryShift.Bms", trees, references, options);
            using var image = new MemoryStream();
            var result = compilation.Emit(image);
            Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(10)));
            image.Position = 0;
            return new MutantContext().LoadFromStream(image);
        }

        // its own context, so the mutant's BatteryShift.Bms does not meet the real one; everything else (the HAL, the
        // runtime) resolves in the default context, so the test's doubles implement the very interfaces the mutant uses
        private sealed class MutantContext : AssemblyLoadContext
        {
            public MutantContext()
                : base(isCollectible: true)
            {
            }

            protected override Assembly? Load(AssemblyName assemblyName) => null;
        }
    }
}
