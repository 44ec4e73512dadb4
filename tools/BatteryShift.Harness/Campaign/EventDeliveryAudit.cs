using System.Collections.Generic;
using System.Globalization;
using BatteryShift.Bms;
using BatteryShift.Bms.Events;
using BatteryShift.Bms.Protection;

namespace BatteryShift.Harness.Campaign
{
    /// <summary>
    /// The campaign's oracle that no alarm or fault event is lost: every event the firmware logged, per incarnation
    /// of the firmware (a reset starts a new one), against what the MQTT subscriber received. A fault latched before a
    /// reset counts as delivered when the fault log re-announced it after the reset, or when a later start-up announced the
    /// fault log lost (which holds both FETs open until a local clear).
    /// </summary>
    internal sealed class EventDeliveryAudit
    {
        private readonly List<List<LoggedEvent>> _logged = new List<List<LoggedEvent>>();

        /// <summary>The firmware started (again): its events are a new incarnation's.</summary>
        internal void NewIncarnation()
        {
            _logged.Add(new List<LoggedEvent>());
        }

        /// <summary>An alarm or fault event the current incarnation logged.</summary>
        internal void Logged(long sequence, int kind, int code, int value)
        {
            _logged[^1].Add(new LoggedEvent(sequence, kind, code, value));
        }

        /// <summary>Counts the events never delivered into the result.</summary>
        internal void Judge(CampaignBrokerSession broker, ScenarioResult result, BmsCore core)
        {
            int last = _logged.Count - 1;
            for (int i = 0; i <= last; i++)
            {
                IReadOnlySet<long> got = broker.ReceivedEvents(i);
                foreach (LoggedEvent e in _logged[i])
                {
                    if (got.Contains(e.Sequence))
                    {
                        continue;
                    }

                    if (i == last)
                    {
                        result.LostEvents++;
                        result.Fail(string.Create(CultureInfo.InvariantCulture, $"lost event: {EventKind.Name(e.Kind)} {DiagnosisTable.LimitName(e.Code)} seq {e.Sequence} of boot {i} never reached the subscriber (telemetry queue dropped {core.Mqtt?.Queue.DroppedCount} messages, ring missed {core.Mqtt?.Counters.EventsMissed})"));
                    }
                    else if (e.Kind == EventKind.FaultLatched && Reannounced(broker, i + 1, e.Code))
                    {
                        // the fault log re-latched it after the reset and that was delivered
                    }
                    else if (e.Kind == EventKind.FaultLatched)
                    {
                        result.LostEvents++;
                        result.Fail(string.Create(CultureInfo.InvariantCulture, $"lost event: fault {DiagnosisTable.LimitName(e.Code)} seq {e.Sequence} of boot {i} neither delivered nor re-announced after the reset"));
                    }
                    else
                    {
                        result.LostAtReset++;
                    }
                }
            }
        }

        private bool Reannounced(CampaignBrokerSession broker, int fromIncarnation, int code)
        {
            for (int i = fromIncarnation; i < _logged.Count; i++)
            {
                IReadOnlySet<long> got = broker.ReceivedEvents(i);
                foreach (LoggedEvent e in _logged[i])
                {
                    // the fault itself re-latched from the log, or the log found lost (every latch it may have held stands)
                    if (e.Kind == EventKind.FaultLatched && (e.Code == code || e.Code == LimitIds.FaultLogLost) && got.Contains(e.Sequence))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private readonly record struct LoggedEvent(long Sequence, int Kind, int Code, int Value);
    }
}
