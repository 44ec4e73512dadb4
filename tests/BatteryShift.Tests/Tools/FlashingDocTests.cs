using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace BatteryShift.Tests.Tools
{
    /// <summary>docs/flashing.md flashes the image that fits the board it recommends (nanoff names images by chip revision and PSRAM).</summary>
    public class FlashingDocTests
    {
        [Fact]
        public void TheFlashCommandUsesTheImageOfTheRecommendedModule()
        {
            string doc = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "flashing.md"));
            string row = doc.Split('\n').Single(l => l.StartsWith("| ESP32-WROOM-32E", System.StringComparison.Ordinal));
            Assert.Contains("(recommended)", row);
            Assert.Contains("rev 3", row);
            string target = Regex.Match(row, @"`(ESP32_\w+)`").Groups[1].Value;
            Assert.Equal("ESP32_REV3", target);

            // every nanoff command that names a target names the recommended board's one
            foreach (Match m in Regex.Matches(doc + File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md")), @"nanoff [^`\n]*--target (ESP32_\w+)"))
            {
                Assert.Equal(target, m.Groups[1].Value);
            }

            // revision-3 modules never get a REV0 image in the table, revision 0/1 modules never a REV3 one
            foreach (string line in doc.Split('\n').Where(l => l.StartsWith("| ESP32-W", System.StringComparison.Ordinal)))
            {
                Assert.Equal(line.Contains("rev 3"), line.Contains("_REV3`"));
            }
        }
    }
}
