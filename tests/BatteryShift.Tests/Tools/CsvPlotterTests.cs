using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using BatteryShift.Monitor.Plot;
using Xunit;

namespace BatteryShift.Tests.Tools
{
    /// <summary>
    /// The monitor's plot on ScottPlot: real PNG and SVG files from a hand-written CSV, round axis ticks
    /// read back from ScottPlot's tick generators and found in the SVG's text, and malformed CSVs
    /// reported with the file and line.
    /// </summary>
    public sealed class CsvPlotterTests : IDisposable
    {
        private static readonly byte[] PngSignature = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };

        private readonly string _dir = Path.Combine(Path.GetTempPath(), "bs-plot-" + Guid.NewGuid().ToString("N"));

        public CsvPlotterTests()
        {
            Directory.CreateDirectory(_dir);
        }

        public void Dispose()
        {
            Directory.Delete(_dir, true);
        }

        /// <summary>A 2 h recording whose ranges are awkward on purpose (49.83..53.17 V, -37.3..41.9 A).</summary>
        private static string[] KnownCsv()
        {
            var lines = new System.Collections.Generic.List<string> { "time_s,module_v,current_a,soc_pct,min_cell_mv,max_cell_mv,cell1_mv,cell2_mv" };
            for (int i = 0; i <= 120; i++)
            {
                double v = 49.83 + (3.34 * i / 120.0);
                double a = -37.3 + (79.2 * i / 120.0);
                int c1 = 3113 + (2 * i);
                int c2 = c1 + 7;
                lines.Add(string.Format(CultureInfo.InvariantCulture, "{0},{1:0.000},{2:0.00},{3:0.0},{4},{5},{4},{5}", i * 60, v, a, 12.7 + (i * 0.5), c1, c2));
            }

            return lines.ToArray();
        }

        private string WriteCsv(string[] lines)
        {
            string path = Path.Combine(_dir, "run.csv");
            File.WriteAllLines(path, lines);
            return path;
        }

        [Fact]
        public void WritesAValidPngWithoutAnExternalProgram()
        {
            string csv = WriteCsv(KnownCsv());
            string png = Path.Combine(_dir, "run.png");
            string message = CsvPlotter.Plot(csv, png);
            Assert.Equal($"wrote {png}", message);
            byte[] bytes = File.ReadAllBytes(png);
            Assert.Equal(PngSignature, bytes.Take(8).ToArray());
            // IHDR follows the signature: width and height big-endian at offsets 16 and 20.
            Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
            Assert.Equal(CsvPlotter.WidthPx, (bytes[16] << 24) | (bytes[17] << 16) | (bytes[18] << 8) | bytes[19]);
            Assert.Equal(CsvPlotter.HeightPx, (bytes[20] << 24) | (bytes[21] << 16) | (bytes[22] << 8) | bytes[23]);
            Assert.True(bytes.Length > 10_000, $"PNG only {bytes.Length} B");
            Assert.False(File.Exists(Path.Combine(_dir, "run.svg")));
        }

        [Fact]
        public void WritesSvgWhoseAxisTicksAreRoundNumbers()
        {
            string csv = WriteCsv(KnownCsv());
            string svgPath = Path.Combine(_dir, "run.svg");
            CsvPlotter.Plot(csv, svgPath);
            XDocument svg = XDocument.Parse(File.ReadAllText(svgPath));
            Assert.Equal("svg", svg.Root!.Name.LocalName);
            string text = string.Concat(svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value + "\n"));

            ScottPlot.Multiplot figure = CsvPlotter.Build(KnownCsv(), csv);
            CsvPlotter.RenderSvg(figure);
            double[] dataLow = { 49.83, -37.3, 12.7, 3113 };
            double[] dataHigh = { 53.17, 41.9, 72.7, 3360 };
            for (int p = 0; p < 4; p++)
            {
                ScottPlot.Plot plot = CsvPlotter.Panel(figure, p);
                var ticks = plot.Axes.Left.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Position).OrderBy(t => t).ToArray();
                AssertRound(ticks, $"panel {p} y");
                Assert.True(ticks.Length >= 3, $"panel {p}: {ticks.Length} ticks");
                Assert.InRange(ticks[0], dataLow[p] - (ticks[1] - ticks[0]), dataHigh[p]);
                Assert.InRange(ticks[^1], dataLow[p], dataHigh[p] + (ticks[1] - ticks[0]));
                foreach (var tick in plot.Axes.Left.TickGenerator.Ticks.Where(t => t.IsMajor && t.Label.Length > 0))
                {
                    Assert.Contains(tick.Label, text);
                }
            }

            var time = CsvPlotter.Panel(figure, 3).Axes.Bottom.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Position).OrderBy(t => t).ToArray();
            AssertRound(time, "time");
            Assert.InRange(time[^1], 2.0 - (time[1] - time[0]), 2.0 + (time[1] - time[0]));
        }

        [Theory]
        [InlineData(5, "x12", "column current_a: 'x12' is not a number")]
        [InlineData(9, null, "7 fields, the header has 8")]
        public void ABadCsvNamesTheFileAndLine(int badLine, string? current, string what)
        {
            string[] lines = KnownCsv();
            string[] fields = lines[badLine - 1].Split(',');
            lines[badLine - 1] = current != null
                ? string.Join(',', fields.Take(2).Append(current).Concat(fields.Skip(3)))
                : string.Join(',', fields.Take(fields.Length - 1));
            string csv = WriteCsv(lines);
            string png = Path.Combine(_dir, "bad.png");
            var error = Assert.Throws<InvalidDataException>(() => CsvPlotter.Plot(csv, png));
            Assert.StartsWith($"{csv}:{badLine}: ", error.Message);
            Assert.Contains(what, error.Message);
            Assert.False(File.Exists(png));
        }

        [Fact]
        public void AnUnknownOutputExtensionIsRefused()
        {
            string csv = WriteCsv(KnownCsv());
            var error = Assert.Throws<ArgumentException>(() => CsvPlotter.Plot(csv, Path.Combine(_dir, "run.jpg")));
            Assert.Contains("--output", error.Message);
        }

        /// <summary>Evenly spaced, spacing 1, 2, 2.5 or 5 times a power of ten, each tick a multiple of it.</summary>
        private static void AssertRound(double[] ticks, string axis)
        {
            Assert.True(ticks.Length >= 2, $"{axis}: {ticks.Length} ticks");
            double step = ticks[1] - ticks[0];
            double decade = Math.Pow(10, Math.Floor(Math.Log10(step)));
            double mantissa = step / decade;
            Assert.True(new[] { 1.0, 2.0, 2.5, 5.0 }.Any(m => Math.Abs(m - mantissa) < 1e-6), $"{axis}: step {step}");
            foreach (double t in ticks)
            {
                double k = t / step;
                Assert.True(Math.Abs(k - Math.Round(k)) < 1e-6, $"{axis}: tick {t} is not a multiple of {step}");
            }

            for (int i = 1; i < ticks.Length; i++)
            {
                Assert.Equal(step, ticks[i] - ticks[i - 1], 6);
            }
        }
    }
}
