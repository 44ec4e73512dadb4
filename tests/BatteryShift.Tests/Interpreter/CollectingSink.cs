using System.Collections.Generic;
using BatteryShift.Differential.Trace;

namespace BatteryShift.Tests.Interpreter
{
    /// <summary>Keeps the desktop run's trace lines.</summary>
    public sealed class CollectingSink : ITraceSink
    {
        public List<string> Lines { get; } = new List<string>();

        public void Line(string text)
        {
            Lines.Add(text);
        }
    }
}
