using System;
using System.Linq;
using BatteryShift.Harness.Interpreter;
using Xunit;

namespace BatteryShift.Tests.Interpreter
{
    /// <summary>
    /// The core on nanoFramework's real interpreter (nanoCLR POSIX host): the scenario's trace identical to the desktop
    /// CLR's line by line, the start-up heap within the ESP32 budget, and no allocation per tick or per idle
    /// communication pass, by the interpreter's own collector. Skipped where the interpreter is not built.
    /// </summary>
    public class InterpreterTests : IClassFixture<InterpreterRuns>
    {
        private readonly InterpreterRuns _runs;

        public InterpreterTests(InterpreterRuns runs)
        {
            _runs = runs;
        }

        [InterpreterFact]
        public void ScenarioTraceIsIdenticalOnTheInterpreterAndTheClr()
        {
            var desktop = InterpreterRuns.DesktopTrace();
            InterpreterOutput nano = _runs.Optimised;
            Assert.True(nano.Completed, "the program did not finish on the interpreter: " + Tail(nano));
            int ticks = nano.Trace.Count(l => l.StartsWith("T ", StringComparison.Ordinal) && !l.StartsWith("T -1", StringComparison.Ordinal));
            Assert.True(ticks >= 10000, ticks + " ticks traced");
            int differing = TraceComparison.FirstDifference(desktop, nano.Trace, out string detail);
            if (differing >= 0)
            {
                // both traces and the interpreter's whole output kept for a closer look
                string kept = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "batteryshift-nanoclr-difference");
                System.IO.Directory.CreateDirectory(kept);
                System.IO.File.WriteAllLines(System.IO.Path.Combine(kept, "clr.trace"), desktop);
                System.IO.File.WriteAllLines(System.IO.Path.Combine(kept, "nanoclr.out"), nano.Lines);
                detail += "\n(traces in " + kept + ")";
            }

            Assert.True(differing < 0, detail);
        }

        [InterpreterFact]
        public void StartupHeapFitsTheEsp32Budget()
        {
            InterpreterOutput nano = _runs.Statistics;
            Assert.True(nano.Completed, Tail(nano));
            Assert.NotNull(nano.CensusBefore);
            Assert.NotNull(nano.CensusAfter);
            var estimate = DeviceHeapEstimate.From(nano.CensusBefore!, nano.CensusAfter!);

            // the census accounts for what GC.Run's free bytes say the core took, to within the few blocks the
            // measurement itself holds at one reading and not the other (boxed results of the reflected GC.Run)
            long freeDrop = nano.FreeBytes[0] - nano.FreeBytes[2];
            Assert.True(Math.Abs(estimate.HostBytes - freeDrop) <= 4 * HeapCensus.HostBlockBytes, "census " + estimate.HostBytes + " B, free bytes fell by " + freeDrop + " B");
            Assert.InRange(estimate.UpperBytes, estimate.LowerBytes, 40960);
        }

        [InterpreterFact]
        public void TickAndIdleCommunicateAllocateNothing()
        {
            InterpreterOutput nano = _runs.Statistics;
            Assert.True(nano.Completed, Tail(nano));

            // with at most 1.2 MB free, 60,000 operations that allocated one 24-byte block each would force a collection
            Assert.InRange(nano.BallastFreeBytes, 1, 60000L * HeapCensus.HostBlockBytes - 1);
            foreach (string name in new[] { "empty", "tick", "communicate_idle" })
            {
                AllocationWindow window = nano.Windows[name];
                Assert.Equal(60000, window.Operations);
                Assert.True(window.Collections == 0, name + ": " + window.Collections + " collections");
            }

            // the windows can see allocation: publishing messages does allocate (literal strings)
            Assert.True(nano.Windows["period"].Messages > 1000);
            Assert.True(nano.Windows["period"].Collections > 0);
        }

        private static string Tail(InterpreterOutput output)
        {
            return string.Join("\n", output.Lines.Skip(Math.Max(0, output.Lines.Count - 15)));
        }
    }
}
