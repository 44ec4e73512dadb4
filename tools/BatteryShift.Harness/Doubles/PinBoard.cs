using System.Collections.Generic;
using BatteryShift.Hal;

namespace BatteryShift.Harness.Doubles
{
    /// <summary>
    /// The GPIO side of a test board: remembers the level of every pin and every call in order, and notes misuse
    /// (a pin written before it was opened as an output, opened both ways or twice at different levels, read without
    /// being opened). An input opened with its pull-up reads high until the test drives it. Other test boards derive
    /// from it to add the ADC, clock and stores they need.
    /// </summary>
    public class PinBoard : IGpio
    {
        /// <summary>Every call, in order: ("open", pin, level), ("input", pin, pulled up), ("write", pin, level).</summary>
        public List<(string Op, int Pin, bool High)> Calls { get; } = new();

        /// <summary>The level of each pin opened or written.</summary>
        public Dictionary<int, bool> Level { get; } = new();

        /// <summary>Pins opened as outputs, with the level they were opened at.</summary>
        public Dictionary<int, bool> OpenedOutputs { get; } = new();

        /// <summary>Pins opened as inputs.</summary>
        public HashSet<int> OpenedInputs { get; } = new();

        /// <summary>What the firmware did that the real driver would refuse or that leaves a pin undefined.</summary>
        public List<string> Misuse { get; } = new();

        /// <summary>Set false to keep the call log empty (long runs).</summary>
        public bool RecordCalls { get; set; } = true;

        /// <summary>The level of a pin (low when never opened or written).</summary>
        /// <param name="pin">GPIO.</param>
        /// <returns>True when high.</returns>
        public bool Pin(int pin) => Level.TryGetValue(pin, out bool v) && v;

        /// <inheritdoc />
        public void OpenOutput(int pin, bool initialHigh)
        {
            Log("open", pin, initialHigh);
            if (OpenedInputs.Contains(pin))
            {
                Misuse.Add($"GPIO{pin} opened as input and output");
            }

            if (OpenedOutputs.TryGetValue(pin, out bool before) && before != initialHigh)
            {
                Misuse.Add($"GPIO{pin} opened twice at different levels");
            }

            OpenedOutputs.TryAdd(pin, initialHigh);
            Level[pin] = initialHigh;
        }

        /// <inheritdoc />
        public void OpenInput(int pin, PinPull pull)
        {
            Log("input", pin, pull == PinPull.Up);
            if (OpenedOutputs.ContainsKey(pin))
            {
                Misuse.Add($"GPIO{pin} opened as output and input");
            }

            OpenedInputs.Add(pin);
            Level.TryAdd(pin, pull == PinPull.Up);
        }

        /// <inheritdoc />
        public void Write(int pin, bool high)
        {
            Log("write", pin, high);
            if (!OpenedOutputs.ContainsKey(pin))
            {
                Misuse.Add($"GPIO{pin} written without being opened as an output");
            }

            Level[pin] = high;
        }

        /// <inheritdoc />
        public bool Read(int pin)
        {
            if (!OpenedInputs.Contains(pin) && !OpenedOutputs.ContainsKey(pin))
            {
                Misuse.Add($"GPIO{pin} read without being opened");
            }

            return Pin(pin);
        }

        private void Log(string op, int pin, bool high)
        {
            if (RecordCalls)
            {
                Calls.Add((op, pin, high));
            }
        }
    }
}
