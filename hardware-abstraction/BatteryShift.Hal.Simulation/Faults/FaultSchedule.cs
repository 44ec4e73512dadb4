using System;
using System.Collections.Generic;
using BatteryShift.Bms.Board;

namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// Fault injection for the virtual module: now, at a time, or when a condition on the module first holds, for a
    /// duration or until cleared. Faults are checked at every physics step.
    /// </summary>
    public sealed class FaultSchedule
    {
        private readonly VirtualModule _module;
        private readonly List<Fault> _faults = new List<Fault>();
        private int _pending;

        internal FaultSchedule(VirtualModule module)
        {
            _module = module;
        }

        /// <summary>Every fault ever scheduled.</summary>
        public IReadOnlyList<Fault> All => _faults;

        internal bool NeedsUpdate => _pending > 0;

        /// <summary>Injects a fault now.</summary>
        /// <param name="kind">Kind.</param>
        /// <param name="target">Target (see <see cref="FaultKind"/>).</param>
        /// <param name="value">Value (NaN: the kind's default).</param>
        /// <param name="durationSeconds">Duration (infinite: until cleared).</param>
        /// <returns>The fault.</returns>
        public Fault Inject(FaultKind kind, int target = 0, double value = double.NaN, double durationSeconds = double.PositiveInfinity)
        {
            return At(_module.TimeSeconds, kind, target, value, durationSeconds);
        }

        /// <summary>Schedules a fault at a simulated time.</summary>
        /// <param name="timeSeconds">Start, s of simulated time.</param>
        /// <param name="kind">Kind.</param>
        /// <param name="target">Target.</param>
        /// <param name="value">Value (NaN: default).</param>
        /// <param name="durationSeconds">Duration.</param>
        /// <returns>The fault.</returns>
        public Fault At(double timeSeconds, FaultKind kind, int target = 0, double value = double.NaN, double durationSeconds = double.PositiveInfinity)
        {
            var f = new Fault(kind, target, double.IsNaN(value) ? DefaultValue(kind) : value, timeSeconds, durationSeconds, null);
            Add(f);
            return f;
        }

        /// <summary>Schedules a fault that starts the first time a condition holds.</summary>
        /// <param name="condition">Condition, evaluated every physics step until it holds.</param>
        /// <param name="kind">Kind.</param>
        /// <param name="target">Target.</param>
        /// <param name="value">Value (NaN: default).</param>
        /// <param name="durationSeconds">Duration.</param>
        /// <returns>The fault.</returns>
        public Fault When(Func<VirtualModule, bool> condition, FaultKind kind, int target = 0, double value = double.NaN, double durationSeconds = double.PositiveInfinity)
        {
            var f = new Fault(kind, target, double.IsNaN(value) ? DefaultValue(kind) : value, double.NaN, durationSeconds, condition);
            Add(f);
            return f;
        }

        /// <summary>Ends a fault now.</summary>
        /// <param name="fault">Fault.</param>
        public void Clear(Fault fault)
        {
            if (!fault.HasEnded)
            {
                fault.HasEnded = true;
                fault.IsActive = false;
                _pending--;
                _module.ApplyFaults();
            }
        }

        /// <summary>Ends every fault of a kind.</summary>
        /// <param name="kind">Kind.</param>
        public void ClearAll(FaultKind kind)
        {
            foreach (Fault f in _faults)
            {
                if (f.Kind == kind)
                {
                    Clear(f);
                }
            }
        }

        /// <summary>True when a fault of the kind (and target, when not negative) is active.</summary>
        /// <param name="kind">Kind.</param>
        /// <param name="target">Target, or -1 for any.</param>
        /// <returns>Active or not.</returns>
        public bool IsActive(FaultKind kind, int target = -1)
        {
            foreach (Fault f in _faults)
            {
                if (f.IsActive && f.Kind == kind && (target < 0 || f.Target == target))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Default value of a kind.</summary>
        /// <param name="kind">Kind.</param>
        /// <returns>Value.</returns>
        public static double DefaultValue(FaultKind kind)
        {
            switch (kind)
            {
                case FaultKind.AdcStuck:
                    return Bmu16.MaxAdcCount;
                case FaultKind.SoftShort:
                    return 100.0;
                case FaultKind.CellHeating:
                    return 5.0;
                case FaultKind.CurrentOffsetDrift:
                    return 0.5;
                case FaultKind.ChargerOvervoltage:
                    return 3.9;
                default:
                    return 0.0;
            }
        }

        internal IEnumerable<Fault> Active()
        {
            foreach (Fault f in _faults)
            {
                if (f.IsActive)
                {
                    yield return f;
                }
            }
        }

        internal void Update(double nowSeconds)
        {
            bool changed = false;
            bool brownOut = false;
            foreach (Fault f in _faults)
            {
                if (f.HasEnded)
                {
                    continue;
                }

                if (!f.IsActive)
                {
                    bool start = f.Condition != null ? f.Condition(_module) : nowSeconds >= f.StartSeconds;
                    if (start)
                    {
                        if (f.Condition != null)
                        {
                            f.StartSeconds = nowSeconds;
                        }

                        f.IsActive = true;
                        changed = true;
                        if (f.Kind == FaultKind.BrownOut)
                        {
                            // a brown-out is an event: the reset happens when it starts
                            brownOut = true;
                            f.IsActive = false;
                            f.HasEnded = true;
                            _pending--;
                            continue;
                        }
                    }
                }

                if (f.IsActive && nowSeconds >= f.StartSeconds + f.DurationSeconds)
                {
                    f.IsActive = false;
                    f.HasEnded = true;
                    _pending--;
                    changed = true;
                }
            }

            if (changed)
            {
                _module.ApplyFaults();
            }

            if (brownOut)
            {
                _module.TriggerBrownOut();
            }
        }

        private void Add(Fault f)
        {
            _faults.Add(f);
            _pending++;
            Update(_module.TimeSeconds);
        }
    }
}
