using BatteryShift.Bms.Board;
using BatteryShift.Bms.Config;
using BatteryShift.Bms.Events;

namespace BatteryShift.Bms.Protection
{
    /// <summary>
    /// Second stage of the control tick: every limit of <see cref="LimitIds"/> at the levels its row of
    /// <see cref="DiagnosisTable"/> gives (warning, alarm, fault), with that row's thresholds, delay and release.
    /// A level trips foxBMS-style (docs/references.md): an occurrence counter goes +1 per
    /// violating sample and -1 per good one; the level trips once the counter has reached prot.debounce and the
    /// violation has lasted the limit's delay since its onset. Warnings and alarms release after prot.debounce
    /// samples beyond the hysteresis; faults latch until <see cref="ClearFaults"/> is called after the cause is
    /// gone (value beyond the fault's release level). Results go to the masks of <see cref="ModuleStatus"/> and
    /// every raise and release is appended to the event log in the tick it happens. Allocates nothing.
    /// </summary>
    public sealed class ProtectionMonitor
    {
        /// <summary>Warning level index.</summary>
        public const int Warning = 0;

        /// <summary>Alarm level index.</summary>
        public const int Alarm = 1;

        /// <summary>Fault level index.</summary>
        public const int Fault = 2;

        private const int Levels = 3;

        private readonly ModuleStatus _status;
        private readonly BmsConfig _config;
        private readonly EventLog _events;
        private readonly int[] _count = new int[LimitIds.Count * Levels];
        private readonly long[] _onsetMs = new long[LimitIds.Count * Levels];
        private readonly int[] _releaseCount = new int[LimitIds.Count * Levels];
        private readonly int[] _value = new int[LimitIds.Count];
        private readonly bool[] _valid = new bool[LimitIds.Count];
        private readonly long[] _tripMs = new long[LimitIds.Count * Levels];
        private readonly long[] _tripOnsetMs = new long[LimitIds.Count * Levels];

        /// <summary>
        /// Makes the monitor with nothing tripped.
        /// </summary>
        /// <param name="status">The blackboard.</param>
        /// <param name="config">Configuration (thresholds are read every tick, so changes apply at once).</param>
        /// <param name="events">Event log.</param>
        public ProtectionMonitor(ModuleStatus status, BmsConfig config, EventLog events)
        {
            _status = status;
            _config = config;
            _events = events;
        }

        /// <summary>
        /// The value a limit compared in the last tick (mV, 0.1 C, mA, mV per cell; sensor: the sensor fault mask).
        /// </summary>
        /// <param name="id">Limit id.</param>
        /// <returns>The value.</returns>
        public int Value(int id)
        {
            return _value[id];
        }

        /// <summary>
        /// Uptime at which a level last tripped, ms (for latency measurements).
        /// </summary>
        /// <param name="id">Limit id.</param>
        /// <param name="level"><see cref="Warning"/>, <see cref="Alarm"/> or <see cref="Fault"/>.</param>
        /// <returns>ms, or 0 when it never tripped.</returns>
        public long TripTimeMs(int id, int level)
        {
            return _tripMs[(id * Levels) + level];
        }

        /// <summary>
        /// Uptime of the first violating sample that led to the last trip of a level, ms.
        /// </summary>
        /// <param name="id">Limit id.</param>
        /// <param name="level">Level index.</param>
        /// <returns>ms.</returns>
        public long TripOnsetMs(int id, int level)
        {
            return _tripOnsetMs[(id * Levels) + level];
        }

        /// <summary>
        /// Threshold of a level from the configuration.
        /// </summary>
        /// <param name="id">Limit id.</param>
        /// <param name="level">Level index.</param>
        /// <returns>Trip threshold in the limit's unit.</returns>
        public int Threshold(int id, int level)
        {
            int key = DiagnosisTable.ThresholdKey(id, 1 << level);
            return key == DiagnosisTable.NoKey ? DiagnosisTable.FixedThreshold : _config.Get(key);
        }

        /// <summary>
        /// Level at which a tripped level releases.
        /// </summary>
        /// <param name="id">Limit id.</param>
        /// <param name="level">Level index.</param>
        /// <returns>Release threshold in the limit's unit.</returns>
        public int ReleaseThreshold(int id, int level)
        {
            int key = DiagnosisTable.HysteresisKey(id);
            int hysteresis = key == DiagnosisTable.NoKey ? DiagnosisTable.FixedHysteresis : _config.Get(key);
            return DiagnosisTable.IsHighSide(id) ? Threshold(id, level) - hysteresis : Threshold(id, level) + hysteresis;
        }

        /// <summary>
        /// Delay of a limit, ms.
        /// </summary>
        /// <param name="id">Limit id.</param>
        /// <returns>ms.</returns>
        public int DelayMs(int id)
        {
            int key = DiagnosisTable.DelayKey(id);
            return key == DiagnosisTable.NoKey ? 0 : _config.Get(key);
        }

        /// <summary>
        /// Occurrences needed before a limit can trip (1 for the short circuit and for zero-delay limits).
        /// </summary>
        /// <param name="id">Limit id.</param>
        /// <returns>Count.</returns>
        public int DebounceCount(int id)
        {
            return DiagnosisTable.Immediate(id) || DelayMs(id) == 0 ? 1 : _config.Get(ProtectionKeys.DebounceCount);
        }

        /// <summary>
        /// True when the cause of a latched fault is gone (its value beyond the release level).
        /// </summary>
        /// <param name="id">Limit id.</param>
        /// <returns>True when it may be cleared.</returns>
        public bool CauseGone(int id)
        {
            return _valid[id] && Beyond(id, _value[id], ReleaseThreshold(id, Fault));
        }

        /// <summary>
        /// Evaluates every limit on the status of this tick.
        /// </summary>
        public void Evaluate()
        {
            Sample();
            long now = _status.TimeMs;
            for (int id = 0; id < LimitIds.Count; id++)
            {
                if (!_valid[id])
                {
                    // a fault on its way when its measurement was lost goes on with the last value it had: the
                    // reading is gone, not the hazard (a converter that dies while a cell sinks under its limit)
                    if (FaultPending(id))
                    {
                        Step(id, Fault, now);
                    }

                    continue;
                }

                int levels = DiagnosisTable.Levels(id);
                for (int level = Warning; level < Levels; level++)
                {
                    if ((levels & (1 << level)) != 0)
                    {
                        Step(id, level, now);
                    }
                }
            }
        }

        /// <summary>
        /// Clears latched faults whose cause is gone. <see cref="LimitIds.FaultLogLost"/> is cleared only from the
        /// local console: someone at the module has to look at it.
        /// </summary>
        /// <param name="local">True for a clear at the local (serial) console.</param>
        /// <returns><see cref="ResultCode.Ok"/> when no fault stays latched, <see cref="ResultCode.CauseActive"/>
        /// when at least one cause is still present or a local-only fault was cleared remotely (those stay
        /// latched, the others are cleared).</returns>
        public int ClearFaults(bool local)
        {
            int mask = _status.FaultMask;
            for (int id = 0; id < LimitIds.Count; id++)
            {
                if (((mask >> id) & 1) != 0 && CauseGone(id) && (local || id != LimitIds.FaultLogLost))
                {
                    mask &= ~(1 << id);
                    int slot = (id * Levels) + Fault;
                    _count[slot] = 0;
                    _releaseCount[slot] = 0;
                    _events.Append(_status.TimeMs, EventKind.FaultCleared, id, _value[id]);
                }
            }

            _status.FaultMask = mask;
            return mask == 0 ? ResultCode.Ok : ResultCode.CauseActive;
        }

        /// <summary>
        /// Latches a fault the core detects outside the evaluation of the table (<see cref="LimitIds.FirmwareFault"/>),
        /// with its event, unless it is latched already. Allocates nothing.
        /// </summary>
        /// <param name="id">Limit id.</param>
        /// <param name="value">Value for the event (for a firmware fault, the failed ticks so far).</param>
        public void Latch(int id, int value)
        {
            int bit = 1 << id;
            if ((_status.FaultMask & bit) != 0)
            {
                _value[id] = 1;
                return;
            }

            _status.FaultMask |= bit;

            // the cause counts as present (a clear is refused) until a tick samples the table again
            _value[id] = 1;
            _valid[id] = true;
            _events.Append(_status.TimeMs, EventKind.FaultLatched, id, value);
        }

        /// <summary>
        /// Re-asserts faults that were latched before a reset (from the fault log), with an event each.
        /// </summary>
        /// <param name="mask">Fault mask to latch.</param>
        public void Relatch(int mask)
        {
            mask &= (1 << LimitIds.Count) - 1;
            for (int id = 0; id < LimitIds.Count; id++)
            {
                if (((mask >> id) & 1) != 0 && ((_status.FaultMask >> id) & 1) == 0)
                {
                    _status.FaultMask |= 1 << id;
                    _events.Append(_status.TimeMs, EventKind.FaultLatched, id, -1);
                }
            }
        }

        private void Step(int id, int level, long now)
        {
            int slot = (id * Levels) + level;
            int bit = 1 << id;
            bool active = level == Warning ? (_status.WarningMask & bit) != 0 : (level == Alarm ? (_status.AlarmMask & bit) != 0 : (_status.FaultMask & bit) != 0);
            int value = _value[id];
            int threshold = Threshold(id, level);
            bool violating = DiagnosisTable.IsHighSide(id) ? value >= threshold : value <= threshold;
            if (!active)
            {
                if (violating)
                {
                    if (_count[slot] == 0)
                    {
                        _onsetMs[slot] = now;
                    }

                    int needed = DebounceCount(id);
                    if (_count[slot] < needed)
                    {
                        _count[slot]++;
                    }

                    if (_count[slot] >= needed && now - _onsetMs[slot] >= DelayMs(id))
                    {
                        _tripMs[slot] = now;
                        _tripOnsetMs[slot] = _onsetMs[slot];
                        _releaseCount[slot] = 0;
                        Raise(id, level, value);
                    }
                }
                else if (_count[slot] > 0)
                {
                    _count[slot]--;
                }

                return;
            }

            if (DiagnosisTable.Latches(1 << level))
            {
                return;
            }

            if (Beyond(id, value, ReleaseThreshold(id, level)))
            {
                _releaseCount[slot]++;
                if (_releaseCount[slot] >= DebounceCount(id))
                {
                    _releaseCount[slot] = 0;
                    _count[slot] = 0;
                    Release(id, level, value);
                }
            }
            else
            {
                _releaseCount[slot] = 0;
            }
        }

        private void Raise(int id, int level, int value)
        {
            int bit = 1 << id;
            if (level == Warning)
            {
                _status.WarningMask |= bit;
                _events.Append(_status.TimeMs, EventKind.WarningRaised, id, value);
            }
            else if (level == Alarm)
            {
                _status.AlarmMask |= bit;
                _events.Append(_status.TimeMs, EventKind.AlarmRaised, id, value);
            }
            else
            {
                _status.FaultMask |= bit;
                _events.Append(_status.TimeMs, EventKind.FaultLatched, id, value);
            }
        }

        private void Release(int id, int level, int value)
        {
            int bit = ~(1 << id);
            if (level == Warning)
            {
                _status.WarningMask &= bit;
                _events.Append(_status.TimeMs, EventKind.WarningCleared, id, value);
            }
            else
            {
                _status.AlarmMask &= bit;
                _events.Append(_status.TimeMs, EventKind.AlarmCleared, id, value);
            }
        }

        private static bool Beyond(int id, int value, int release)
        {
            return DiagnosisTable.IsHighSide(id) ? value <= release : value >= release;
        }

        private void Sample()
        {
            ModuleStatus s = _status;
            bool cells = s.MeasurementValid;
            bool cellTemps = (s.TemperatureValidMask & ((1 << Bmu16.CellNtcCount) - 1)) != 0;
            Set(LimitIds.CellOvervoltage, s.MaxCellMv, cells);
            Set(LimitIds.CellUndervoltage, s.MinCellMv, cells);
            Set(LimitIds.ChargeOvertemperature, s.MaxTemperatureDeciC, cellTemps);
            Set(LimitIds.ChargeUndertemperature, s.MinTemperatureDeciC, cellTemps);
            Set(LimitIds.DischargeOvertemperature, s.MaxTemperatureDeciC, cellTemps);
            Set(LimitIds.DischargeUndertemperature, s.MinTemperatureDeciC, cellTemps);
            Set(LimitIds.ChargeOvercurrent, s.PackCurrentMa, true);
            Set(LimitIds.DischargeOvercurrent, -s.PackCurrentMa, true);
            Set(LimitIds.ShortCircuit, s.PackCurrentMa < 0 ? -s.PackCurrentMa : s.PackCurrentMa, true);
            int perCell = s.CellCount > 0 ? s.ModuleVoltageMv / s.CellCount : 0;
            Set(LimitIds.ModuleOvervoltage, perCell, true);
            Set(LimitIds.ModuleUndervoltage, perCell, true);

            int board = int.MinValue;
            if ((s.TemperatureValidMask & (1 << Bmu16.AuxNtcShunt)) != 0)
            {
                board = s.TemperatureDeciC[Bmu16.AuxNtcShunt];
            }

            if ((s.TemperatureValidMask & (1 << Bmu16.AuxNtcBoard)) != 0 && s.TemperatureDeciC[Bmu16.AuxNtcBoard] > board)
            {
                board = s.TemperatureDeciC[Bmu16.AuxNtcBoard];
            }

            Set(LimitIds.BoardOvertemperature, board, board != int.MinValue);
            Set(LimitIds.SensorFailure, s.SensorFaultMask != 0 ? 1 : 0, true);
            Set(LimitIds.ExternalStop, s.ExternalStopAsserted ? 1 : 0, true);
            Set(LimitIds.FaultLogLost, 0, true);
            Set(LimitIds.FirmwareFault, 0, true);
        }

        // an invalid value is not stored: the last valid one stays for a fault pending when the measurement was lost
        private void Set(int id, int value, bool valid)
        {
            if (valid)
            {
                _value[id] = value;
            }

            _valid[id] = valid;
        }

        // the fault level was counting a violation and has not latched
        private bool FaultPending(int id)
        {
            return (DiagnosisTable.Levels(id) & (1 << Fault)) != 0 && _count[(id * Levels) + Fault] > 0 && (_status.FaultMask & (1 << id)) == 0;
        }
    }
}
