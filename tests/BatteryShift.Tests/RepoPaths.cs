using System;
using System.IO;

namespace BatteryShift.Tests
{
    /// <summary>Locates the repository and the nanoFramework gate's output from a test run.</summary>
    public static class RepoPaths
    {
        private static readonly Lazy<string> s_root = new(() =>
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "BatteryShift.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("BatteryShift.sln not found above " + AppContext.BaseDirectory);
        });

        /// <summary>The folder holding BatteryShift.sln.</summary>
        public static string Root => s_root.Value;

        /// <summary>Where tests/BatteryShift.NanoGate writes the nano-compiled assemblies.</summary>
        public static string NanoGateOutput => Path.Combine(Root, "artifacts", "nano-gate");
    }
}
