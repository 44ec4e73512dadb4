using System;
using System.Collections.Generic;
using System.Globalization;

namespace BatteryShift.Harness.Interpreter
{
    /// <summary>What the differential program printed on the interpreter, parsed (tests/BatteryShift.Differential/Nano).</summary>
    public sealed class InterpreterOutput
    {
        /// <summary>The host's exit code.</summary>
        public int ExitCode { get; set; }

        /// <summary>Every line printed.</summary>
        public List<string> Lines { get; } = new List<string>();

        /// <summary>The scenario's trace lines.</summary>
        public List<string> Trace { get; } = new List<string>();

        /// <summary>True when the program printed its last line.</summary>
        public bool Completed { get; private set; }

        /// <summary>Free heap bytes before the core was built, after construction and after Start (0 when not measured).</summary>
        public long[] FreeBytes { get; private set; } = Array.Empty<long>();

        /// <summary>The collector's live bytes per data type before construction (host layout), when printed.</summary>
        public HeapCensus? CensusBefore { get; private set; }

        /// <summary>The same after Start.</summary>
        public HeapCensus? CensusAfter { get; private set; }

        /// <summary>
        /// Ticks timed; their elapsed 100 ns units over the scripted board, and with the converter replaying recorded
        /// results and the pins detached; conversions and pin writes per tick.
        /// </summary>
        public long[] TickTime { get; private set; } = Array.Empty<long>();

        /// <summary>Free bytes left by the ballast for the allocation windows.</summary>
        public long BallastFreeBytes { get; private set; }

        /// <summary>Allocation windows by name.</summary>
        public Dictionary<string, AllocationWindow> Windows { get; } = new Dictionary<string, AllocationWindow>(StringComparer.Ordinal);

        /// <summary>Parses the program's output.</summary>
        public static InterpreterOutput Parse(IEnumerable<string> lines)
        {
            var result = new InterpreterOutput();
            bool inTrace = false;
            HeapCensus? census = null;
            string censusName = string.Empty;
            AllocationWindow? window = null;
            foreach (string line in lines)
            {
                result.Lines.Add(line);
                if (inTrace)
                {
                    if (line == "END trace")
                    {
                        inTrace = false;
                    }
                    else
                    {
                        result.Trace.Add(line);
                    }

                    continue;
                }

                string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (line == "BEGIN trace")
                {
                    inTrace = true;
                }
                else if (line == "END")
                {
                    result.Completed = true;
                }
                else if (f.Length == 2 && f[0] == "CENSUS" && f[1] != "end")
                {
                    census = new HeapCensus();
                    censusName = f[1];
                }
                else if (f.Length == 2 && f[0] == "CENSUS" && census != null)
                {
                    if (censusName == "before")
                    {
                        result.CensusBefore = census;
                    }
                    else
                    {
                        result.CensusAfter = census;
                    }

                    census = null;
                }
                else if (census != null && line.Contains("bytes", StringComparison.Ordinal) && line.TrimStart().StartsWith("Type ", StringComparison.Ordinal))
                {
                    census.Add(line);
                }
                else
                {
                    window = Figures(result, f, window);
                }
            }

            return result;
        }

        // the figure records (heap, tick time, ballast, allocation windows and their collections); the open window after
        private static AllocationWindow? Figures(InterpreterOutput result, string[] f, AllocationWindow? window)
        {
            if (f.Length == 4 && f[0] == "HEAP")
            {
                result.FreeBytes = new[] { Num(f[1]), Num(f[2]), Num(f[3]) };
            }
            else if (f.Length == 6 && f[0] == "TICKTIME")
            {
                result.TickTime = new[] { Num(f[1]), Num(f[2]), Num(f[3]), Num(f[4]), Num(f[5]) };
            }
            else if (f.Length == 2 && f[0] == "BALLAST")
            {
                result.BallastFreeBytes = Num(f[1]);
            }
            else if (f.Length == 3 && f[0] == "ALLOC" && f[1] != "end")
            {
                window = new AllocationWindow(f[1], (int)Num(f[2]));
                result.Windows[window.Name] = window;
            }
            else if (f.Length == 4 && f[0] == "ALLOC" && window != null)
            {
                window.Messages = (int)Num(f[2]);
                window.SerialBytes = (int)Num(f[3]);
                return null;
            }
            else if (window != null && f.Length >= 7 && f[0] == "GC:")
            {
                // "GC: 1msec 10468248 bytes used, 17016 bytes available"
                window.Collections++;
                window.AvailableAfter.Add(Num(f[5]));
            }

            return window;
        }

        private static long Num(string text)
        {
            return long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
        }
    }
}
