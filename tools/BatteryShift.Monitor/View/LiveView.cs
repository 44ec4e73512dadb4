using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using BatteryShift.Monitor.Records;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace BatteryShift.Monitor.View
{
    /// <summary>
    /// The live module view: a header with state, SOC, voltage, current, limits and alarms, a bar per cell
    /// with voltage, SOC and bleed state, min/max/delta, temperatures, and the latest events.
    /// </summary>
    public static class LiveView
    {
        private const int BarWidth = 32;
        private const int CompactBarWidth = 10;

        // rows of the full layout besides one per cell: header panel 5, table borders and header 4, temperatures 1,
        // events panel 7, footer 1
        private const int FullLayoutRows = 18;

        // LFP cell window drawn by the bars: discharge cut-off 2.5 V to charge cut-off 3.65 V (docs/references.md)
        private const int BarLowMv = 2500;
        private const int BarHighMv = 3650;

        /// <summary>Builds the view of a snapshot.</summary>
        /// <param name="s">Snapshot (null before the first one).</param>
        /// <param name="source">Where the data comes from.</param>
        /// <param name="events">Latest events, newest last.</param>
        /// <param name="footer">Counters line.</param>
        /// <returns>Something Spectre can render.</returns>
        public static IRenderable Render(ModuleSnapshot? s, string source, IReadOnlyList<ModuleEvent> events, string footer)
            => Render(s, source, events, footer, 0);

        /// <summary>The view for a terminal of a given height: below the full layout's height the cells go two to a
        /// row without borders and the events panel shrinks, so the header and every cell stay on screen (80x24).</summary>
        /// <param name="s">Latest snapshot, or null before the first.</param>
        /// <param name="source">Where the data comes from.</param>
        /// <param name="events">Latest events, newest last.</param>
        /// <param name="footer">Counters line.</param>
        /// <param name="height">Terminal rows; 0: no limit.</param>
        /// <returns>Something Spectre can render.</returns>
        public static IRenderable Render(ModuleSnapshot? s, string source, IReadOnlyList<ModuleEvent> events, string footer, int height)
        {
            if (s == null)
            {
                return new Panel(new Markup($"waiting for records from [bold]{Markup.Escape(source)}[/] ...\n{Markup.Escape(footer)}"))
                    .Header("BatteryShift monitor");
            }

            var ci = CultureInfo.InvariantCulture;
            string alarms = (s.FaultMask | s.AlarmMask | s.WarningMask | s.SensorFaultMask) == 0
                ? "[green]ok[/]"
                : string.Create(ci, $"[red]fault {s.FaultMask:X4}[/] [darkorange]alarm {s.AlarmMask:X4}[/] [yellow]warn {s.WarningMask:X4}[/] [red]sensor {s.SensorFaultMask:X4}[/]");
            string line1 = string.Create(
                ci,
                $"[bold]{Markup.Escape(s.State)}[/]  SOC [bold]{s.SocPct:0.0} %[/]{Unc(s)}  {s.ModuleV:0.000} V  {s.CurrentA:+0.00;-0.00;0.00} A  {s.ModuleV * s.CurrentA / 1000:+0.00;-0.00;0.00} kW  FET {(s.ChargeFet ? "chg" : "---")}+{(s.DischargeFet ? "dsg" : "---")}  uptime {TimeSpan.FromMilliseconds(s.TimeMs):d\\.hh\\:mm\\:ss}");
            string line2 = string.Create(
                ci,
                $"cells min {s.MinCellMv} mV #{s.MinCell}  max {s.MaxCellMv} mV #{s.MaxCell}  [bold]delta {s.DeltaMv} mV[/]   CVL {s.CvlV:0.00} V  CCL {s.CclA:0.0} A  DCL {s.DclA:0.0} A  SOH {s.SohPct:0.0} %");
            string head = line1 + "\n" + line2 + "\nalarms " + alarms + (s.Valid ? string.Empty : "  [red]no valid measurement[/]");

            bool compact = height > 0 && height < FullLayoutRows + s.CellCount;
            if (compact)
            {
                // three short lines that fit 80 columns inside the panel
                head = string.Create(ci, $"[bold]{Markup.Escape(s.State)}[/]  SOC [bold]{s.SocPct:0.0} %[/]{Unc(s)}  {s.ModuleV:0.000} V  {s.CurrentA:+0.00;-0.00;0.00} A  FET {(s.ChargeFet ? "chg" : "---")}+{(s.DischargeFet ? "dsg" : "---")}")
                    + "\n" + string.Create(ci, $"cells min {s.MinCellMv} #{s.MinCell}  max {s.MaxCellMv} #{s.MaxCell}  [bold]delta {s.DeltaMv} mV[/]  SOH {s.SohPct:0.0} %")
                    + "\n" + string.Create(ci, $"CVL {s.CvlV:0.00} V  CCL {s.CclA:0} A  DCL {s.DclA:0} A  alarms ") + alarms + (s.Valid ? string.Empty : "  [red]no valid measurement[/]");
            }

            int eventRows = 5;
            if (compact)
            {
                // header panel 5, cells (header + rows) , temperatures 1, events panel 2 + n, footer 1
                int cellRows = 1 + ((s.CellCount + 1) / 2);
                eventRows = Math.Clamp(height - 5 - cellRows - 1 - 2 - 1 - 1, 1, 5);
            }

            IRenderable cells = compact ? CompactCells(s) : FullCells(s);
            var temps = new StringBuilder("temperatures C: ");
            if (compact && s.TempC.Length >= 10)
            {
                double low = double.MaxValue;
                double high = double.MinValue;
                for (int i = 0; i < 8; i++)
                {
                    low = Math.Min(low, s.TempC[i]);
                    high = Math.Max(high, s.TempC[i]);
                }

                temps.Append(string.Create(ci, $"cell groups {low:0.0}..{high:0.0}  shunt {s.TempC[8]:0.0}  board {s.TempC[9]:0.0}"));
            }
            else
            {
                for (int i = 0; i < s.TempC.Length; i++)
                {
                    string label = i < 8 ? $"g{i + 1}" : i == 8 ? "shunt" : "board";
                    temps.Append(string.Create(ci, $"{label} {s.TempC[i]:0.0}  "));
                }
            }

            var log = new StringBuilder();
            for (int i = Math.Max(0, events.Count - eventRows); i < events.Count; i++)
            {
                log.Append(EventText.Describe(events[i])).Append('\n');
            }

            return new Rows(
                new Panel(new Markup(head)).Header($"BatteryShift module ({Markup.Escape(source)})").Expand(),
                cells,
                new Markup(Markup.Escape(temps.ToString())),
                new Panel(new Markup(Markup.Escape(log.Length > 0 ? log.ToString().TrimEnd() : "no events yet"))).Header("events").Expand(),
                new Markup($"[grey]{Markup.Escape(footer)}[/]"));
        }

        // two cells to a row, no borders: 9 rows for 16 cells
        private static IRenderable CompactCells(ModuleSnapshot s)
        {
            var ci = CultureInfo.InvariantCulture;
            var grid = new Grid();
            for (int c = 0; c < 2; c++)
            {
                grid.AddColumn(new GridColumn().NoWrap());
                grid.AddColumn(new GridColumn().NoWrap());
                grid.AddColumn(new GridColumn().NoWrap().RightAligned());
                grid.AddColumn(new GridColumn().NoWrap().RightAligned());
                grid.AddColumn(new GridColumn().NoWrap().PadRight(2));
            }

            var header = new List<IRenderable>();
            for (int c = 0; c < 2; c++)
            {
                header.Add(new Markup("[grey]cell[/]"));
                header.Add(new Markup("[grey]voltage[/]"));
                header.Add(new Markup("[grey]mV[/]"));
                header.Add(new Markup("[grey]SOC[/]"));
                header.Add(new Markup("[grey]bleed[/]"));
            }

            grid.AddRow(header.ToArray());
            int rows = (s.CellCount + 1) / 2;
            for (int r = 0; r < rows; r++)
            {
                var row = new List<IRenderable>();
                foreach (int i in new[] { r, r + rows })
                {
                    if (i >= s.CellCount)
                    {
                        row.AddRange(new IRenderable[] { Text.Empty, Text.Empty, Text.Empty, Text.Empty, Text.Empty });
                        continue;
                    }

                    int mv = s.CellMv[i];
                    string color = i + 1 == s.MinCell ? "blue" : i + 1 == s.MaxCell ? "red" : "green";
                    double soc = i < s.CellSocPct.Length ? s.CellSocPct[i] : double.NaN;
                    row.Add(new Markup((i + 1).ToString(ci)));
                    row.Add(new Markup($"[{color}]{Bar(mv, CompactBarWidth)}[/]"));
                    row.Add(new Markup(mv.ToString(ci)));
                    row.Add(new Markup(soc.ToString("0.0", ci)));
                    row.Add(new Markup(s.IsBleeding(i) ? "[yellow]bleed[/]" : string.Empty));
                }

                grid.AddRow(row.ToArray());
            }

            return grid;
        }

        private static IRenderable FullCells(ModuleSnapshot s)
        {
            var ci = CultureInfo.InvariantCulture;
            var table = new Table().Border(TableBorder.Simple).Expand();
            table.AddColumn("cell");
            table.AddColumn(new TableColumn("voltage").Width(BarWidth + 2));
            table.AddColumn(new TableColumn("mV").RightAligned());
            table.AddColumn(new TableColumn("SOC %").RightAligned());
            table.AddColumn("bleed");
            for (int i = 0; i < s.CellCount; i++)
            {
                int mv = s.CellMv[i];
                string color = i + 1 == s.MinCell ? "blue" : i + 1 == s.MaxCell ? "red" : "green";
                double soc = i < s.CellSocPct.Length ? s.CellSocPct[i] : double.NaN;
                table.AddRow(
                    new Markup((i + 1).ToString(ci)),
                    new Markup($"[{color}]{Bar(mv, BarWidth)}[/]"),
                    new Markup(mv.ToString(ci)),
                    new Markup(soc.ToString("0.0", ci)),
                    new Markup(s.IsBleeding(i) ? "[yellow]bleed[/]" : string.Empty));
            }

            return table;
        }

        /// <summary>One-line summary for the plain (non-interactive) output.</summary>
        /// <param name="s">Snapshot.</param>
        /// <returns>Text.</returns>
        public static string Summary(ModuleSnapshot s)
        {
            return string.Create(
                CultureInfo.InvariantCulture,
                $"{s.TimeMs / 1000.0,10:0.0} s {s.State,-11} SOC {s.SocPct,5:0.0} %{Unc(s)} {s.ModuleV,7:0.000} V {s.CurrentA,8:0.00} A min {s.MinCellMv} #{s.MinCell} max {s.MaxCellMv} #{s.MaxCell} d {s.DeltaMv} mV bleed {s.BleedMask:X4} F{s.FaultMask:X} A{s.AlarmMask:X}");
        }

        // " ±3.2" after the SOC, nothing when the board does not send its uncertainty
        private static string Unc(ModuleSnapshot s) =>
            double.IsNaN(s.SocUncPct) ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" ±{s.SocUncPct:0.0}");

        private static string Bar(int mv, int width)
        {
            double f = Math.Clamp((mv - BarLowMv) / (double)(BarHighMv - BarLowMv), 0, 1);
            int full = (int)Math.Round(f * width);
            return new string('█', full) + new string('░', width - full);
        }
    }
}
