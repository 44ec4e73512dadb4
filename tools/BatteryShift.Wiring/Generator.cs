using System.Collections.Generic;
using System.Globalization;
using BatteryShift.Wiring.Diagrams;
using BatteryShift.Wiring.Documents;

namespace BatteryShift.Wiring
{
    /// <summary>One generated text file.</summary>
    /// <param name="RelativePath">Path under wiring-diagrams/, with forward slashes.</param>
    /// <param name="Content">File content (LF line ends).</param>
    public sealed record GeneratedFile(string RelativePath, string Content);

    /// <summary>Everything in wiring-diagrams/ that is generated as text, in a fixed order.</summary>
    public static class Generator
    {
        /// <summary>The diagrams: file stem and DOT source builder, in README order.</summary>
        public static readonly IReadOnlyList<(string Stem, System.Func<string> Build)> Diagrams = new List<(string, System.Func<string>)>
        {
            ("01-pin-map", PinMapDiagram.Build),
            ("02-cell-channel", CircuitDiagrams.CellChannel),
            ("03-muxes-references", CircuitDiagrams.MuxesAndReferences),
            ("04-ntc", CircuitDiagrams.Ntc),
            ("05-current", CircuitDiagrams.Current),
            ("06-bleed", CircuitDiagrams.Bleed),
            ("07-fet-drivers", CircuitDiagrams.FetDrivers),
            ("08-com2", CircuitDiagrams.Com2),
            ("09-power", CircuitDiagrams.Power),
        };

        /// <summary>Generates every text file. Deterministic: same definition, same bytes, any culture.</summary>
        /// <returns>The files.</returns>
        public static IReadOnlyList<GeneratedFile> Generate()
        {
            CultureInfo previous = CultureInfo.CurrentCulture;
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            try
            {
                var files = new List<GeneratedFile>();
                foreach ((string stem, System.Func<string> build) in Diagrams)
                {
                    files.Add(new GeneratedFile($"dot/{stem}.dot", build()));
                }

                files.Add(new GeneratedFile("bom.md", Bom.Markdown()));
                files.Add(new GeneratedFile("checklist.md", Checklist.Markdown()));
                files.Add(new GeneratedFile("design-checks.md", ChecksReport.Markdown()));
                return files;
            }
            finally
            {
                CultureInfo.CurrentCulture = previous;
            }
        }
    }
}
