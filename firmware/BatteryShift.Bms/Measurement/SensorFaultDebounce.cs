using BatteryShift.Bms.Events;

namespace BatteryShift.Bms.Measurement
{
    /// <summary>
    /// The sensor faults of one scan and their debouncing: each part of the measurement flags what it finds in the
    /// scan (<see cref="Flag"/>); a fault is raised into <see cref="ModuleStatus.SensorFaultMask"/> and the event
    /// log once it has been flagged in <see cref="DebounceScans"/> consecutive scans, and cleared once it has been
    /// absent as long. Which fault stops what is the diagnosis table's business (Protection/DiagnosisTable).
    /// </summary>
    public sealed class SensorFaultDebounce
    {
        /// <summary>Consecutive scans a sensor condition must be present (or absent) to raise (or clear).</summary>
        public const int DebounceScans = 2;

        private readonly int[] _count = new int[SensorFaultIds.Count];
        private readonly int[] _value = new int[SensorFaultIds.Count];
        private readonly bool[] _now = new bool[SensorFaultIds.Count];

        /// <summary>
        /// Starts a scan with nothing flagged.
        /// </summary>
        public void BeginScan()
        {
            for (int i = 0; i < SensorFaultIds.Count; i++)
            {
                _now[i] = false;
            }
        }

        /// <summary>
        /// Flags a sensor fault in this scan; the first value flagged in a scan is the one reported.
        /// </summary>
        /// <param name="id">Sensor fault id.</param>
        /// <param name="value">The channel or value the event names.</param>
        public void Flag(int id, int value)
        {
            if (!_now[id])
            {
                _now[id] = true;
                _value[id] = value;
            }
        }

        /// <summary>
        /// True when a sensor fault was flagged in this scan.
        /// </summary>
        /// <param name="id">Sensor fault id.</param>
        /// <returns>True when flagged.</returns>
        public bool Flagged(int id)
        {
            return _now[id];
        }

        /// <summary>
        /// Ends the scan: raises and clears debounced faults in <see cref="ModuleStatus.SensorFaultMask"/>, with an
        /// event each.
        /// </summary>
        /// <param name="status">The module status.</param>
        /// <param name="events">Event log.</param>
        public void EndScan(ModuleStatus status, EventLog events)
        {
            int mask = status.SensorFaultMask;
            for (int id = 0; id < SensorFaultIds.Count; id++)
            {
                bool active = ((mask >> id) & 1) != 0;
                if (_now[id] != active)
                {
                    _count[id]++;
                    if (_count[id] >= DebounceScans)
                    {
                        _count[id] = 0;
                        mask ^= 1 << id;
                        events.Append(status.TimeMs, active ? EventKind.SensorFaultCleared : EventKind.SensorFault, id, _value[id]);
                    }
                }
                else
                {
                    _count[id] = 0;
                }
            }

            status.SensorFaultMask = mask;
        }
    }
}
