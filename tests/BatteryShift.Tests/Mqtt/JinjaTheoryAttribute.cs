using System;
using System.Diagnostics;
using Xunit;

namespace BatteryShift.Tests.Mqtt
{
    /// <summary>A theory that renders Home Assistant templates with Python's Jinja2: skipped with a reason where it is
    /// absent, except in CI (CI=true), where it must run.</summary>
    public sealed class JinjaTheoryAttribute : TheoryAttribute
    {
        private static readonly Lazy<string?> s_python = new(Find);

        public JinjaTheoryAttribute()
        {
            if (Python == null && Environment.GetEnvironmentVariable("CI") != "true")
            {
                Skip = "Python 3 with jinja2 is not installed (apt-get install python3-jinja2); in CI this test runs";
            }
        }

        public static string? Python => s_python.Value;

        private static string? Find()
        {
            try
            {
                var start = new ProcessStartInfo("python3") { UseShellExecute = false, RedirectStandardError = true };
                start.ArgumentList.Add("-c");
                start.ArgumentList.Add("import jinja2");
                using Process p = Process.Start(start)!;
                p.WaitForExit(20_000);
                return p.ExitCode == 0 ? "python3" : null;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return null;
            }
        }
    }
}
