using System;
using System.Collections.Generic;
using System.IO;
using BatteryShift.Differential.Scenario;
using BatteryShift.Harness.Interpreter;

namespace BatteryShift.Tests.Interpreter
{
    /// <summary>
    /// The differential program run once per test class on each interpreter build (the .pe files made from this
    /// build's nano-gate assemblies), and the same scenario on the desktop CLR.
    /// </summary>
    public sealed class InterpreterRuns : IDisposable
    {
        private readonly Lazy<InterpreterOutput> _optimised;
        private readonly Lazy<InterpreterOutput> _statistics;
        private readonly Lazy<IReadOnlyList<string>> _pes;
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "batteryshift-nanoclr-" + Guid.NewGuid().ToString("N"));

        public InterpreterRuns()
        {
            Tools = NanoClrToolchain.Find(out _);
            _pes = new Lazy<IReadOnlyList<string>>(() => Tools!.BuildPe(RepoPaths.NanoGateOutput, _folder));
            _optimised = new Lazy<InterpreterOutput>(() => Tools!.Run(_pes.Value, false, TimeSpan.FromMinutes(15)));
            _statistics = new Lazy<InterpreterOutput>(() => Tools!.Run(_pes.Value, true, TimeSpan.FromMinutes(15)));
        }

        public NanoClrToolchain? Tools { get; }

        public InterpreterOutput Optimised => _optimised.Value;

        public InterpreterOutput Statistics => _statistics.Value;

        public static List<string> DesktopTrace()
        {
            var sink = new CollectingSink();
            new ScenarioRunner().Run(sink, Script.Ticks);
            return sink.Lines;
        }

        public void Dispose()
        {
            if (Directory.Exists(_folder))
            {
                Directory.Delete(_folder, true);
            }
        }
    }
}
