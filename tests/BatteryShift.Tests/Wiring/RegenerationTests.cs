using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Xml.Linq;
using BatteryShift.Wiring;
using Xunit;

namespace BatteryShift.Tests.Wiring
{
    /// <summary>
    /// The checked-in wiring-diagrams/ are what the generator makes from the board definition today.
    /// To fix a failure: <c>dotnet run --project tools/BatteryShift.Wiring</c> and commit the result.
    /// </summary>
    public sealed class RegenerationTests
    {
        private const string Fix = "regenerate with: dotnet run --project tools/BatteryShift.Wiring";

        [Fact]
        public void DotSourcesAndDocumentsMatchTheCheckedInFiles()
        {
            var stale = new List<string>();
            foreach (GeneratedFile file in Generator.Generate())
            {
                string path = Path.Combine(WiringPaths.Diagrams, file.RelativePath);
                if (!File.Exists(path) || Normalize(File.ReadAllText(path)) != file.Content)
                {
                    stale.Add(file.RelativePath);
                }
            }

            Assert.True(stale.Count == 0, "out of date: " + string.Join(", ", stale) + "; " + Fix);
        }

        [Fact]
        public void NoCheckedInDiagramIsLeftOverFromAnOldDefinition()
        {
            var expected = new HashSet<string>();
            foreach ((string stem, _) in Generator.Diagrams)
            {
                expected.Add(stem);
            }

            foreach (string folder in new[] { "dot", "svg", "png" })
            {
                foreach (string file in Directory.GetFiles(Path.Combine(WiringPaths.Diagrams, folder)))
                {
                    Assert.Contains(Path.GetFileNameWithoutExtension(file), expected);
                }
            }
        }

        [Fact]
        public void GenerationIsDeterministicAndCultureIndependent()
        {
            IReadOnlyList<GeneratedFile> first = Generator.Generate();
            CultureInfo previous = CultureInfo.CurrentCulture;
            try
            {
                // a culture with a decimal comma must not change a single byte
                CultureInfo.CurrentCulture = new CultureInfo("de-DE");
                IReadOnlyList<GeneratedFile> second = Generator.Generate();
                Assert.Equal(first.Count, second.Count);
                for (int i = 0; i < first.Count; i++)
                {
                    Assert.Equal(first[i], second[i]);
                }
            }
            finally
            {
                CultureInfo.CurrentCulture = previous;
            }
        }

        [Fact]
        public void EveryDiagramHasAnSvgThatIsAnSvgDocumentAndAPng()
        {
            byte[] pngSignature = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };
            foreach ((string stem, _) in Generator.Diagrams)
            {
                XDocument svg = XDocument.Load(Path.Combine(WiringPaths.Diagrams, "svg", stem + ".svg"));
                Assert.Equal("svg", svg.Root!.Name.LocalName);
                Assert.Equal("http://www.w3.org/2000/svg", svg.Root.Name.NamespaceName);

                byte[] png = File.ReadAllBytes(Path.Combine(WiringPaths.Diagrams, "png", stem + ".png"));
                Assert.True(png.Length > 10_000, stem + ".png is suspiciously small");
                Assert.Equal(pngSignature, png[..8]);

                // IHDR width and height (big-endian) at bytes 16..23: legible when embedded, not a sliver
                int width = (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19];
                int height = (png[20] << 24) | (png[21] << 16) | (png[22] << 8) | png[23];
                Assert.InRange(width, 400, 4000);
                Assert.InRange(height, 300, 4000);
                Assert.True(width <= 3 * height, $"{stem}.png is {width}x{height}: too wide to read when embedded");
            }
        }

        [GraphvizFact]
        public void SvgFilesAreWhatThisGraphvizMakesFromTheDotSources()
        {
            var stale = new List<string>();
            foreach (GeneratedFile file in Generator.Generate())
            {
                if (!file.RelativePath.StartsWith("dot/", StringComparison.Ordinal))
                {
                    continue;
                }

                string stem = Path.GetFileNameWithoutExtension(file.RelativePath);
                string svgPath = Path.Combine(WiringPaths.Diagrams, "svg", stem + ".svg");
                if (Normalize(File.ReadAllText(svgPath)) != Normalize(Graphviz.RenderSvg(file.Content)))
                {
                    stale.Add(svgPath);
                }
            }

            Assert.True(stale.Count == 0, "SVG out of date: " + string.Join(", ", stale) + "; " + Fix);
        }

        private static string Normalize(string text)
        {
            return text.Replace("\r\n", "\n");
        }
    }

    /// <summary>
    /// Runs only where Graphviz is installed and renders like the one that wrote the checked-in SVGs
    /// (same dot version and the same font behind "DejaVu Sans", as recorded in graphviz-version.txt);
    /// elsewhere the SVG comparison is skipped with the reason. The DOT comparison always runs.
    /// </summary>
    public sealed class GraphvizFactAttribute : FactAttribute
    {
        public GraphvizFactAttribute()
        {
            string recordedPath = Path.Combine(WiringPaths.Diagrams, "graphviz-version.txt");
            string? current = Graphviz.Environment();
            if (current == null)
            {
                Skip = "Graphviz 'dot' is not installed: SVG comparison skipped (apt-get install graphviz)";
            }
            else if (!File.Exists(recordedPath))
            {
                Skip = "wiring-diagrams/graphviz-version.txt is missing: SVG comparison skipped";
            }
            else if (File.ReadAllText(recordedPath).Replace("\r\n", "\n").Trim() != current.Trim())
            {
                Skip = "this Graphviz/font setup (" + current.Replace("\n", "; ") + ") is not the one that rendered the checked-in SVGs: SVG comparison skipped";
            }
        }
    }
}
