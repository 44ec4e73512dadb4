using System;
using System.Collections.Generic;
using System.IO;

namespace BatteryShift.Bench
{
    /// <summary>What a benchmark gets: the run mode, a log, and a place to record figures.</summary>
    public sealed class BenchContext
    {
        private readonly List<BenchRecord> _records = new();

        public BenchContext(string benchmark, string command, bool quick, TextWriter log)
        {
            Benchmark = benchmark;
            Command = command;
            Quick = quick;
            Log = log;
        }

        /// <summary>Name of the running benchmark.</summary>
        public string Benchmark { get; }

        /// <summary>The command line that reproduces this run.</summary>
        public string Command { get; }

        /// <summary>True when a short version is asked for (smoke runs, CI).</summary>
        public bool Quick { get; }

        /// <summary>Progress output (stderr).</summary>
        public TextWriter Log { get; }

        /// <summary>Figures recorded so far.</summary>
        public IReadOnlyList<BenchRecord> Records => _records;

        /// <summary>
        /// Records one figure.
        /// </summary>
        /// <param name="id">Figure id as the issues name it, e.g. "sim.speedup".</param>
        /// <param name="value">Measured value.</param>
        /// <param name="unit">Unit ("x", "ns", "bytes", "mV", "%", ...).</param>
        /// <param name="target">Target as text ("&gt;= 100000", "0", "" for none).</param>
        /// <param name="note">Conditions worth knowing (seed, duration, baseline).</param>
        /// <param name="wallClock">True for a time or rate measured on the clock of this machine, which no two runs
        /// reproduce (every other figure must come out the same from the same sources: the provenance check compares
        /// them).</param>
        public void Record(string id, double value, string unit, string target, string note = "", bool wallClock = false)
        {
            _records.Add(new BenchRecord(id, value, unit, target, Command, note, Benchmark, DateTime.UtcNow.ToString("yyyy-MM-dd")) { WallClock = wallClock });
            Log.WriteLine($"  {id} = {BenchReport.Format(value)} {unit}   (target {(target.Length == 0 ? "-" : target)})");
        }
    }
}
