using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using BatteryShift.Bms.Console;
using BatteryShift.Monitor.Plot;
using BatteryShift.Monitor.Recording;
using BatteryShift.Monitor.Records;
using BatteryShift.Monitor.View;
using BatteryShift.Tests.ConsoleTests;
using Xunit;

namespace BatteryShift.Tests.Tools
{
    public class MonitorTests
    {
        [Fact]
        public void ParsesTheFirmwareRecordsBackToTheStatus()
        {
            var rig = new ConsoleRig();
            rig.FillStatus();
            var text = new TextBuffer(4096);
            StatusText.AppendRecords(text, rig.Core.Status, 7);
            var parser = new RecordParser();
            ModuleSnapshot? snapshot = null;
            parser.SnapshotCompleted += s => snapshot = s;
            foreach (string line in Encoding.ASCII.GetString(text.Bytes, 0, text.Length).Split("\r\n"))
            {
                parser.Feed(line);
            }

            Assert.NotNull(snapshot);
            Assert.Equal(5, parser.Records);
            Assert.Equal("discharging", snapshot!.State);
            Assert.Equal(54.3, snapshot.SocPct);
            Assert.Equal(3.3, snapshot.SocUncPct);
            Assert.Contains("SOC  54.3 % ±3.3 ", LiveView.Summary(snapshot), StringComparison.Ordinal);
            Assert.Equal(-123.456, snapshot.CurrentA, 9);
            Assert.Equal(Enumerable.Range(3290, 16).ToArray(), snapshot.CellMv);
            Assert.True(snapshot.IsBleeding(0) && snapshot.IsBleeding(15) && !snapshot.IsBleeding(1));
            Assert.Equal(15, snapshot.DeltaMv);
            Assert.Equal(22.4, snapshot.TempC[9]);
            Assert.Equal(7, snapshot.DroppedLines);
        }

        [Fact]
        public void LiveViewShowsABarPerCellWithBleedState()
        {
            var rig = new ConsoleRig();
            rig.FillStatus();
            var text = new TextBuffer(4096);
            StatusText.AppendRecords(text, rig.Core.Status, 0);
            var parser = new RecordParser();
            ModuleSnapshot? snapshot = null;
            parser.SnapshotCompleted += s => snapshot = s;
            foreach (string line in Encoding.ASCII.GetString(text.Bytes, 0, text.Length).Split("\r\n"))
            {
                parser.Feed(line);
            }

            var output = new StringWriter();
            var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
            {
                Out = new Spectre.Console.AnsiConsoleOutput(output),
                Ansi = Spectre.Console.AnsiSupport.No,
                ColorSystem = Spectre.Console.ColorSystemSupport.NoColors,
            });
            console.Profile.Width = 120;
            console.Write(BatteryShift.Monitor.View.LiveView.Render(snapshot, "test", Array.Empty<ModuleEvent>(), "footer"));
            string[] rows = output.ToString().Split('\n');
            Assert.Contains(rows, r => r.Contains("discharging", StringComparison.Ordinal) && r.Contains("54.3 %", StringComparison.Ordinal));
            Assert.Equal(2, rows.Count(r => r.Contains("bleed", StringComparison.Ordinal) && r.Contains('█')));
            Assert.Equal(16, rows.Count(r => r.Contains('█') || r.Contains('░')));
            Assert.Contains(rows, r => r.Contains("3305", StringComparison.Ordinal) && r.Contains("55.7", StringComparison.Ordinal));
        }

        [Fact]
        public void At80By24TheHeaderEveryCellAndNamedEventsStayOnScreen()
        {
            var rig = new ConsoleRig();
            rig.FillStatus();
            var text = new TextBuffer(4096);
            StatusText.AppendRecords(text, rig.Core.Status, 0);
            var parser = new RecordParser();
            ModuleSnapshot? snapshot = null;
            parser.SnapshotCompleted += s => snapshot = s;
            foreach (string line in Encoding.ASCII.GetString(text.Bytes, 0, text.Length).Split("\r\n"))
            {
                parser.Feed(line);
            }

            var events = new[]
            {
                new ModuleEvent(7_855_000, 43, "alarm", 0, 3650),
                new ModuleEvent(7_856_000, 44, "state", 2, 3),
            };
            var output = new StringWriter();
            var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
            {
                Out = new Spectre.Console.AnsiConsoleOutput(output),
                Ansi = Spectre.Console.AnsiSupport.No,
                ColorSystem = Spectre.Console.ColorSystemSupport.NoColors,
            });
            console.Profile.Width = 80;
            console.Profile.Height = 24;
            console.Write(BatteryShift.Monitor.View.LiveView.Render(snapshot, "/tmp/term", events, "footer", 24));
            string[] rows = output.ToString().TrimEnd('\n').Split('\n');
            Assert.True(rows.Length <= 24, rows.Length + " rows:\n" + output);
            Assert.All(rows, r => Assert.True(r.TrimEnd('\r').Length <= 80, r));
            Assert.Contains(rows, r => r.Contains("discharging", StringComparison.Ordinal) && r.Contains("54.3 %", StringComparison.Ordinal));
            Assert.Equal(16, rows.Sum(r => Regex.Matches(r, "[█░]+").Count));
            Assert.DoesNotContain(rows, r => r.Trim() == "...");

            // events in the console's words, not raw codes
            Assert.Contains(rows, r => r.Contains("alarm cell_ov 3650", StringComparison.Ordinal));
            Assert.Contains(rows, r => r.Contains("state standby from charging", StringComparison.Ordinal));
            Assert.DoesNotContain(rows, r => r.Contains("#43", StringComparison.Ordinal));
        }

        [Theory]
        [InlineData("$C,5000,2,3290,3291*00")]
        [InlineData("$C,5000,3,3290,3291*3C")]
        [InlineData("$Q,1*50")]
        [InlineData("$S,1,2*")]
        [InlineData("$")]
        public void RejectsBrokenRecords(string line)
        {
            var parser = new RecordParser();
            Assert.Equal(RecordKind.Invalid, parser.Feed(line));
            Assert.Equal(1, parser.InvalidRecords);
        }

        [Fact]
        public void TheExamplesInTheSerialDocumentParse()
        {
            string doc = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "serial.md"));
            var examples = Regex.Matches(doc, @"^\$[A-Z],.*$", RegexOptions.Multiline).Select(m => m.Value.TrimEnd('\r')).ToArray();
            Assert.NotEmpty(examples);
            var parser = new RecordParser();
            Assert.All(examples, e => Assert.NotEqual(RecordKind.Invalid, parser.Feed(e)));

            Assert.Equal(3.2, parser.Current.SocUncPct);

            // a board from before the SOC uncertainty sends 18 fields: read, with the uncertainty unknown
            Assert.Equal(RecordKind.State, parser.Feed("$S,5000,discharging,1,543,52760,-123456,3290,1,3305,16,215,222,8001,3,0,0,0,0*2D"));
            Assert.Equal(54.3, parser.Current.SocPct);
            Assert.True(double.IsNaN(parser.Current.SocUncPct));
            Assert.DoesNotContain("±", LiveView.Summary(parser.Current), StringComparison.Ordinal);
        }

        [Fact]
        public void RecordsCsvAndPlotsItToSvg()
        {
            var rig = new ConsoleRig();
            rig.FillStatus();
            var writer = new StringWriter();
            var recorder = new CsvRecorder(writer);
            var parser = new RecordParser();
            parser.SnapshotCompleted += recorder.Write;
            var text = new TextBuffer(4096);
            for (int i = 0; i < 30; i++)
            {
                rig.Core.Status.TimeMs = i * 60_000L;
                rig.Core.Status.ModuleVoltageMv = 52000 + (i * 10);
                text.Clear();
                StatusText.AppendRecords(text, rig.Core.Status, 0);
                foreach (string line in Encoding.ASCII.GetString(text.Bytes, 0, text.Length).Split("\r\n"))
                {
                    parser.Feed(line);
                }
            }

            string[] csv = writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(31, csv.Length);
            string[] header = csv[0].Split(',');
            Assert.Equal(CsvRecorder.FixedColumns.Length + (3 * 16), header.Length);
            string[] last = csv[^1].Split(',');
            Assert.Equal("1740", last[0]);
            Assert.Equal("52.290", last[Array.IndexOf(header, "module_v")]);
            Assert.Equal("3305", last[Array.IndexOf(header, "cell16_mv")]);
            Assert.Equal("1", last[Array.IndexOf(header, "cell16_bleed")]);

            ScottPlot.Multiplot figure = CsvPlotter.Build(csv, "test.csv");
            var lines = Enumerable.Range(0, 4).Select(p => CsvPlotter.Panel(figure, p).GetPlottables().OfType<ScottPlot.Plottables.Scatter>().ToArray()).ToArray();
            Assert.Equal(new[] { 1, 1, 1, 16 + 2 }, lines.Select(l => l.Length).ToArray());
            Assert.All(lines.SelectMany(l => l), l => Assert.Equal(30, l.Data.GetScatterPoints().Count));
            Assert.Equal(52.290, lines[0][0].Data.GetScatterPoints()[^1].Y, 3);
            Assert.NotNull(XDocument.Parse(CsvPlotter.RenderSvg(figure)).Root);
        }
    }
}
