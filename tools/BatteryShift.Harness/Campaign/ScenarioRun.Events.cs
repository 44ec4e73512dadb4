using System.Globalization;
using BatteryShift.Bms.Config;
using BatteryShift.Bms.Events;
using BatteryShift.Bms.Protection;

namespace BatteryShift.Harness.Campaign
{
    /// <summary>The events the firmware logged, read after every tick and at every reset, and the judging of its latches.</summary>
    public sealed partial class ScenarioRun
    {
        // ---- events: what the firmware logged against what the subscriber got ----

        private void Harvest()
        {
            EventLog log = _core.Events;
            long next = log.NextSequence;
            long now = _runner.Module.TimeMs;
            for (; _nextEventSeq < next; _nextEventSeq++)
            {
                long seq = _nextEventSeq;
                if (!log.Holds(seq))
                {
                    Fail(string.Create(CultureInfo.InvariantCulture, $"event {seq} overwritten in the ring before the oracle read it"));
                    continue;
                }

                int kind = log.Kind(seq);
                if (kind is EventKind.AlarmRaised or EventKind.AlarmCleared or EventKind.FaultLatched or EventKind.FaultCleared or EventKind.SensorFault)
                {
                    _audit.Logged(seq, kind, log.Code(seq), log.Value(seq));
                    _result.EventsLogged++;
                }

                if (kind == EventKind.FaultLatched && log.Value(seq) != -1)
                {
                    JudgeTrip(log.Code(seq), now);
                }
            }
        }

        private void JudgeTrip(int id, long nowMs)
        {
            if (id == LimitIds.SensorFailure)
            {
                if (_sensorFaultSinceMs <= nowMs || CalibrationExplains(id, nowMs))
                {
                    _result.SensorTrips++;
                }
                else
                {
                    _result.FalseTrips++;
                    Fail(string.Create(CultureInfo.InvariantCulture, $"false trip: sensor fault latched at t={nowMs} ms with no sensor fault injected"));
                }

                return;
            }

            if (JudgeFirmwareTrip(id, nowMs))
            {
                return;
            }

            if (id == LimitIds.ExternalStop)
            {
                if (_externalStopSinceMs <= nowMs)
                {
                    _result.TrueTrips++;
                }
                else
                {
                    _result.FalseTrips++;
                    Fail(string.Create(CultureInfo.InvariantCulture, $"false trip: ext_stop latched at t={nowMs} ms with the input never low"));
                }

                return;
            }

            int delay = _core.Config.Get(ProtectionKeys.Key(id, ProtectionKeys.DelayOffset));
            int period = _core.Config.Get(ModuleKeys.TickPeriodMs);
            if (_lastNearMs[id] >= nowMs - delay - (2L * period))
            {
                _result.TrueTrips++;
            }
            else if (CalibrationExplains(id, nowMs))
            {
                _result.SensorTrips++;
            }
            else if (_sensorFaultSinceMs <= nowMs || (_currentFaultSinceMs <= nowMs && id is LimitIds.ChargeOvercurrent or LimitIds.DischargeOvercurrent or LimitIds.ShortCircuit))
            {
                _result.SensorTrips++;
            }
            else
            {
                _result.FalseTrips++;
                Fail(string.Create(CultureInfo.InvariantCulture, $"false trip: {DiagnosisTable.LimitName(id)} latched at t={nowMs} ms, truth never near the limit (last near t={_lastNearMs[id]} ms)"));
            }
        }
    }
}
