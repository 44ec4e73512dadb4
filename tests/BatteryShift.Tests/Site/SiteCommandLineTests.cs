using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Xunit;

namespace BatteryShift.Tests.Site
{
    /// <summary>The aggregator as a user starts it: wrong options end it at once, exit code 2, one stderr line naming each.</summary>
    public sealed class SiteCommandLineTests
    {
        [Fact]
        public void WrongOptionsAreNamedOnStderrAndNothingRuns()
        {
            (int code, string stdout, string stderr) = Run("--broker", "localhost", "--prefix", "site/+", "--modules", "0", "--stale-ms", "100", "--topology", "ring", "--venus-topic", "a/#");
            Assert.Equal(2, code);
            Assert.Equal(string.Empty, stdout);
            string[] lines = stderr.Trim().Split('\n');
            Assert.Equal(6, lines.Length);
            foreach (string option in new[] { "--broker:", "--prefix:", "--modules:", "--stale-ms:", "--topology:", "--venus-topic:" })
            {
                Assert.Contains(lines, l => l.StartsWith(option, StringComparison.Ordinal));
            }

            Assert.DoesNotContain("link", stderr, StringComparison.Ordinal);
        }

        [Fact]
        public void AMissingRequiredOptionIsNamed()
        {
            (int code, _, string stderr) = Run("--prefix", "site/rack1");
            Assert.NotEqual(0, code);
            Assert.Contains("--modules", stderr, StringComparison.Ordinal);
        }

        private static (int Code, string Stdout, string Stderr) Run(params string[] args)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "BatteryShift.Site.dll"));
            foreach (string a in args)
            {
                start.ArgumentList.Add(a);
            }

            using Process process = Process.Start(start)!;
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(60_000))
            {
                process.Kill(true);
                throw new TimeoutException("the site tool did not end: " + string.Join(' ', args));
            }

            return (process.ExitCode, stdout.Result, stderr.Result);
        }
    }
}
