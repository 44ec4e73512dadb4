using System;
using System.IO;
using BatteryShift.Differential.Scenario;
using Xunit;

namespace BatteryShift.Tests.Interpreter
{
    public class DesktopTraceDump
    {
        [Fact]
        public void Dump()
        {
            string path = Environment.GetEnvironmentVariable("I21_DUMP") ?? "";
            if (path.Length == 0) return;
            var sink = new CollectingSink();
            new ScenarioRunner().Run(sink, Script.Ticks);
            File.WriteAllLines(path, sink.Lines);
        }
    }
}
