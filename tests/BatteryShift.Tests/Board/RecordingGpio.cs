using System.Collections.Generic;
using BatteryShift.Hal;

namespace BatteryShift.Tests.Board
{
    /// <summary>An IGpio that remembers every call, in order, and the level of every pin.</summary>
    public sealed class RecordingGpio : IGpio
    {
        public List<(string Op, int Pin, bool High)> Calls { get; } = new();

        public Dictionary<int, bool> Level { get; } = new();

        public void OpenOutput(int pin, bool initialHigh)
        {
            Calls.Add(("open", pin, initialHigh));
            Level[pin] = initialHigh;
        }

        public void OpenInput(int pin, PinPull pull) => Calls.Add(("input", pin, pull == PinPull.Up));

        public void Write(int pin, bool high)
        {
            Calls.Add(("write", pin, high));
            Level[pin] = high;
        }

        public bool Read(int pin) => Level.TryGetValue(pin, out bool v) && v;
    }
}
