using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ScottPlot;

namespace BatteryShift.Monitor.Plot
{
    /// <summary>
    /// Plots a CSV recorded by <see cref="Recording.CsvRecorder"/> with ScottPlot: module voltage, current,
    /// SOC and the cell voltages (every cell thin, min and max bold) against time, in four stacked panels
    /// sharing the time axis. ScottPlot picks round axis ticks and renders PNG and SVG itself (SkiaSharp),
    /// so no external program is needed.
    /// </summary>
    public static class CsvPlotter
    {
        /// <summary>Image width, pixels.</summary>
        public const int WidthPx = 1000;

        /// <summary>Image height, pixels.</summary>
        public const int HeightPx = 900;

        /// <summary>Reads the CSV and writes the plot; the format follows the output's extension.</summary>
        /// <param name="csvPath">Recorded CSV.</param>
        /// <param name="outputPath">.svg or .png.</param>
        /// <returns>A message for the user.</returns>
        /// <exception cref="InvalidDataException">The CSV is malformed (the message names the file and line).</exception>
        /// <exception cref="ArgumentException">The output's extension is neither .svg nor .png.</exception>
        public static string Plot(string csvPath, string outputPath)
        {
            bool png = outputPath.EndsWith(".png", StringComparison.OrdinalIgnoreCase);
            if (!png && !outputPath.EndsWith(".svg", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"--output {outputPath}: the extension must be .svg or .png");
            }

            Multiplot figure = Build(File.ReadAllLines(csvPath), csvPath);
            if (png)
            {
                figure.SavePng(outputPath, WidthPx, HeightPx);
            }
            else
            {
                File.WriteAllText(outputPath, RenderSvg(figure));
            }

            return $"wrote {outputPath}";
        }

        /// <summary>Builds the four-panel figure of CSV lines (header first).</summary>
        /// <param name="lines">CSV lines.</param>
        /// <param name="fileName">The CSV's name, for the title and for error messages.</param>
        /// <returns>The figure; panels in the order voltage, current, SOC, cells.</returns>
        /// <exception cref="InvalidDataException">The CSV is malformed (the message names the file and line).</exception>
        public static Multiplot Build(IReadOnlyList<string> lines, string fileName)
        {
            RecordedSeries data = RecordedSeries.Parse(lines, fileName);
            var figure = new Multiplot();
            figure.AddPlots(4);
            double[] timeH = data.TimeH;

            AddPanel(figure.GetPlot(0), timeH, "module voltage", "V", (data.Column("module_v"), Colors.C0, 1.5f));
            AddPanel(figure.GetPlot(1), timeH, "current (+ charge)", "A", (data.Column("current_a"), Colors.C3, 1.5f));
            AddPanel(figure.GetPlot(2), timeH, "state of charge", "%", (data.Column("soc_pct"), Colors.C2, 1.5f));
            var cells = data.CellColumns().Select(c => (c, Colors.LightGray, 0.6f))
                .Append((data.Column("min_cell_mv"), Colors.C4, 1.5f))
                .Append((data.Column("max_cell_mv"), Colors.C1, 1.5f))
                .ToArray();
            AddPanel(figure.GetPlot(3), timeH, "cells (min, max bold)", "mV", cells);
            figure.GetPlot(3).Axes.Bottom.Label.Text = "time (h)";
            figure.GetPlot(0).Axes.Title.Label.Text = $"{Path.GetFileName(fileName)}: {data.RowCount} records";
            return figure;
        }

        /// <summary>Gets one panel of a figure.</summary>
        /// <param name="figure">The figure from <see cref="Build"/>.</param>
        /// <param name="index">0 voltage, 1 current, 2 SOC, 3 cells.</param>
        /// <returns>The panel's plot.</returns>
        public static ScottPlot.Plot Panel(Multiplot figure, int index) => figure.GetPlot(index);

        /// <summary>Renders a figure as SVG text.</summary>
        /// <param name="figure">The figure from <see cref="Build"/>.</param>
        /// <returns>SVG document.</returns>
        public static string RenderSvg(Multiplot figure)
        {
            using var stream = new MemoryStream();
            using (var svgStream = new SkiaSharp.SKManagedWStream(stream))
            using (SkiaSharp.SKCanvas canvas = SkiaSharp.SKSvgCanvas.Create(new SkiaSharp.SKRect(0, 0, WidthPx, HeightPx), svgStream))
            {
                figure.Render(canvas, new PixelRect(0, WidthPx, HeightPx, 0));
            }

            return System.Text.Encoding.UTF8.GetString(stream.ToArray());
        }

        private static void AddPanel(ScottPlot.Plot plot, double[] timeH, string title, string unit, params (double[] Values, Color Color, float Width)[] lines)
        {
            foreach ((double[] values, Color color, float width) in lines)
            {
                int[] finite = Enumerable.Range(0, Math.Min(timeH.Length, values.Length)).Where(i => double.IsFinite(timeH[i]) && double.IsFinite(values[i])).ToArray();
                var scatter = plot.Add.Scatter(finite.Select(i => timeH[i]).ToArray(), finite.Select(i => values[i]).ToArray(), color);
                scatter.LineWidth = width;
                scatter.MarkerSize = 0;
            }

            plot.Axes.Left.Label.Text = $"{title} ({unit})";
            plot.Axes.AutoScale();
        }
    }
}
