using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace BatteryShift.Monitor.Plot
{
    /// <summary>
    /// Plots a CSV recorded by <see cref="Recording.CsvRecorder"/>: module voltage, current, SOC and the
    /// cell voltages (every cell thin, min and max bold) against time, as an SVG written here. PNG is made
    /// from that SVG by rsvg-convert when it is installed (librsvg2-bin), and is optional.
    /// </summary>
    public static class CsvPlotter
    {
        private const int Width = 1000;
        private const int PanelHeight = 190;
        private const int Left = 70;
        private const int Right = 20;
        private const int Top = 40;
        private const int Gap = 30;

        /// <summary>Reads the CSV and writes the plot; the format follows the output's extension.</summary>
        /// <param name="csvPath">Recorded CSV.</param>
        /// <param name="outputPath">.svg or .png.</param>
        /// <returns>A message for the user.</returns>
        public static string Plot(string csvPath, string outputPath)
        {
            string svg = RenderSvg(File.ReadAllLines(csvPath), Path.GetFileName(csvPath));
            if (!outputPath.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
            {
                File.WriteAllText(outputPath, svg);
                return $"wrote {outputPath}";
            }

            string svgPath = Path.ChangeExtension(outputPath, ".svg");
            File.WriteAllText(svgPath, svg);
            string? rsvg = FindOnPath("rsvg-convert");
            if (rsvg == null)
            {
                return $"PNG needs rsvg-convert (apt-get install librsvg2-bin); wrote {svgPath} instead";
            }

            using var process = Process.Start(new ProcessStartInfo(rsvg, new[] { "-o", outputPath, svgPath }) { UseShellExecute = false })!;
            process.WaitForExit();
            return process.ExitCode == 0 ? $"wrote {outputPath} (and {svgPath})" : $"rsvg-convert failed ({process.ExitCode}); wrote {svgPath}";
        }

        /// <summary>Renders the SVG of CSV lines (header first).</summary>
        /// <param name="lines">CSV lines.</param>
        /// <param name="title">Title.</param>
        /// <returns>SVG text.</returns>
        public static string RenderSvg(IReadOnlyList<string> lines, string title)
        {
            if (lines.Count < 2)
            {
                throw new InvalidDataException("the CSV has no data rows");
            }

            string[] header = lines[0].Split(',');
            int Col(string name)
            {
                int i = Array.IndexOf(header, name);
                return i >= 0 ? i : throw new InvalidDataException($"column {name} missing");
            }

            var rows = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
            double[] Series(int col) => rows.Select(r => col < r.Length && double.TryParse(r[col], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : double.NaN).ToArray();

            double[] timeH = Series(Col("time_s")).Select(t => t / 3600.0).ToArray();
            int[] cellCols = header.Select((h, i) => (h, i)).Where(x => x.h.StartsWith("cell", StringComparison.Ordinal) && x.h.EndsWith("_mv", StringComparison.Ordinal)).Select(x => x.i).ToArray();

            var panels = new List<Panel>
            {
                new("module voltage", "V", new[] { new Line(Series(Col("module_v")), "#1f77b4", 1.5) }),
                new("current (+ charge)", "A", new[] { new Line(Series(Col("current_a")), "#d62728", 1.5) }),
                new("state of charge", "%", new[] { new Line(Series(Col("soc_pct")), "#2ca02c", 1.5) }),
                new(
                    "cells (min, max bold)",
                    "mV",
                    cellCols.Select(c => new Line(Series(c), "#bbbbbb", 0.6))
                        .Append(new Line(Series(Col("min_cell_mv")), "#9467bd", 1.5))
                        .Append(new Line(Series(Col("max_cell_mv")), "#ff7f0e", 1.5))
                        .ToArray()),
            };

            int height = Top + (panels.Count * (PanelHeight + Gap)) + 20;
            var svg = new StringBuilder();
            var ci = CultureInfo.InvariantCulture;
            svg.Append(ci, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" font-family=\"sans-serif\" font-size=\"11\">\n");
            svg.Append(ci, $"<rect width=\"{Width}\" height=\"{height}\" fill=\"white\"/>\n");
            svg.Append(ci, $"<text x=\"{Left}\" y=\"22\" font-size=\"15\">{Escape(title)}: {rows.Count} records, {timeH.First():0.##} .. {timeH.Last():0.##} h</text>\n");
            double t0 = timeH.Where(double.IsFinite).DefaultIfEmpty(0).Min();
            double t1 = timeH.Where(double.IsFinite).DefaultIfEmpty(1).Max();
            if (t1 <= t0)
            {
                t1 = t0 + 1e-6;
            }

            for (int p = 0; p < panels.Count; p++)
            {
                DrawPanel(svg, panels[p], timeH, t0, t1, Top + (p * (PanelHeight + Gap)), p == panels.Count - 1);
            }

            svg.Append("</svg>\n");
            return svg.ToString();
        }

        private static void DrawPanel(StringBuilder svg, Panel panel, double[] x, double x0, double x1, int top, bool last)
        {
            var ci = CultureInfo.InvariantCulture;
            var values = panel.Lines.SelectMany(l => l.Values).Where(double.IsFinite).ToArray();
            double y0 = values.Length > 0 ? values.Min() : 0;
            double y1 = values.Length > 0 ? values.Max() : 1;
            if (y1 - y0 < 1e-9)
            {
                y0 -= 0.5;
                y1 += 0.5;
            }

            double pad = (y1 - y0) * 0.05;
            y0 -= pad;
            y1 += pad;
            int plotWidth = Width - Left - Right;
            double Px(double v) => Left + ((v - x0) / (x1 - x0) * plotWidth);
            double Py(double v) => top + PanelHeight - ((v - y0) / (y1 - y0) * PanelHeight);

            svg.Append(ci, $"<rect x=\"{Left}\" y=\"{top}\" width=\"{plotWidth}\" height=\"{PanelHeight}\" fill=\"none\" stroke=\"#444\"/>\n");
            svg.Append(ci, $"<text x=\"{Left + 6}\" y=\"{top + 14}\">{Escape(panel.Title)} ({Escape(panel.Unit)})</text>\n");
            for (int k = 0; k <= 4; k++)
            {
                double v = y0 + ((y1 - y0) * k / 4);
                double py = Py(v);
                svg.Append(ci, $"<line x1=\"{Left - 4}\" y1=\"{py:0.#}\" x2=\"{Left + plotWidth}\" y2=\"{py:0.#}\" stroke=\"#eee\"/>\n");
                svg.Append(ci, $"<text x=\"{Left - 6}\" y=\"{py + 4:0.#}\" text-anchor=\"end\">{Nice(v)}</text>\n");
            }

            for (int k = 0; k <= 8; k++)
            {
                double v = x0 + ((x1 - x0) * k / 8);
                double px = Px(v);
                svg.Append(ci, $"<line x1=\"{px:0.#}\" y1=\"{top}\" x2=\"{px:0.#}\" y2=\"{top + PanelHeight + 4}\" stroke=\"#eee\"/>\n");
                if (last)
                {
                    svg.Append(ci, $"<text x=\"{px:0.#}\" y=\"{top + PanelHeight + 16}\" text-anchor=\"middle\">{Nice(v)} h</text>\n");
                }
            }

            foreach (Line line in panel.Lines)
            {
                var points = new StringBuilder();
                for (int i = 0; i < x.Length && i < line.Values.Length; i++)
                {
                    if (double.IsFinite(x[i]) && double.IsFinite(line.Values[i]))
                    {
                        points.Append(ci, $"{Px(x[i]):0.#},{Py(line.Values[i]):0.#} ");
                    }
                }

                svg.Append(ci, $"<polyline fill=\"none\" stroke=\"{line.Color}\" stroke-width=\"{line.Width}\" points=\"{points.ToString().TrimEnd()}\"/>\n");
            }
        }

        private static string Nice(double v)
        {
            double a = Math.Abs(v);
            string format = a >= 100 ? "0" : a >= 10 ? "0.#" : "0.##";
            return v.ToString(format, CultureInfo.InvariantCulture);
        }

        private static string Escape(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

        private static string? FindOnPath(string program)
        {
            foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
            {
                string candidate = Path.Combine(dir, program);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }

        private sealed record Line(double[] Values, string Color, double Width);

        private sealed record Panel(string Title, string Unit, Line[] Lines);
    }
}
