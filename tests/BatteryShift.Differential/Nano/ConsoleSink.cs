using System;
using BatteryShift.Differential.Trace;

namespace BatteryShift.Differential.Nano
{
    /// <summary>Writes trace lines to the interpreter's console.</summary>
    public sealed class ConsoleSink : ITraceSink
    {
        /// <inheritdoc/>
        public void Line(string text)
        {
            Console.WriteLine(text);
        }
    }
}
