using System;

namespace BatteryShift.Hal.Simulation
{
    /// <summary>One scheduled or injected fault.</summary>
    public sealed class Fault
    {
        internal Fault(FaultKind kind, int target, double value, double startSeconds, double durationSeconds, Func<VirtualModule, bool>? condition)
        {
            Kind = kind;
            Target = target;
            Value = value;
            StartSeconds = startSeconds;
            DurationSeconds = durationSeconds;
            Condition = condition;
        }

        /// <summary>Kind.</summary>
        public FaultKind Kind { get; }

        /// <summary>Target (cell, wire, channel; see <see cref="FaultKind"/>).</summary>
        public int Target { get; }

        /// <summary>Value (see <see cref="FaultKind"/>).</summary>
        public double Value { get; }

        /// <summary>Start time, s (for a conditional fault: when the condition first held; NaN before).</summary>
        public double StartSeconds { get; internal set; }

        /// <summary>Duration, s (infinite: until cleared).</summary>
        public double DurationSeconds { get; }

        /// <summary>Condition that starts the fault, or null for a timed one.</summary>
        public Func<VirtualModule, bool>? Condition { get; }

        /// <summary>True while the fault acts.</summary>
        public bool IsActive { get; internal set; }

        /// <summary>True once it has ended or was cleared.</summary>
        public bool HasEnded { get; internal set; }
    }
}
