using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;

namespace BatteryShift.Harness.Campaign
{
    /// <summary>Totals of a campaign.</summary>
    public sealed class CampaignSummary
    {
        /// <summary>Scenarios run.</summary>
        public int Scenarios { get; set; }

        /// <summary>Fault-free scenarios among them.</summary>
        public int FaultFreeScenarios { get; set; }

        /// <summary>Hazards that needed a FET to open.</summary>
        public long Hazards { get; set; }

        /// <summary>Missed trips.</summary>
        public long MissedTrips { get; set; }

        /// <summary>Late trips.</summary>
        public long LateTrips { get; set; }

        /// <summary>Latches without a true cause or injected sensor fault.</summary>
        public long FalseTrips { get; set; }

        /// <summary>Latches in fault-free scenarios without a true cause.</summary>
        public long FaultFreeFalseTrips { get; set; }

        /// <summary>Latches with a true cause.</summary>
        public long TrueTrips { get; set; }

        /// <summary>Latches caused by an injected sensor fault.</summary>
        public long SensorTrips { get; set; }

        /// <summary>Ticks with a FET conducting while a fault of its direction was latched.</summary>
        public long FetClosedWhileLatched { get; set; }

        /// <summary>Scenarios in which a cell went beyond the secondary protector's threshold plus its tolerance.</summary>
        public long CellsBeyondProtector { get; set; }

        /// <summary>Cells bled below the floor.</summary>
        public long BledBelowFloor { get; set; }

        /// <summary>Alarm and fault events logged.</summary>
        public long EventsLogged { get; set; }

        /// <summary>Alarm and fault events lost.</summary>
        public long LostEvents { get; set; }

        /// <summary>Alarm events held in RAM when the board reset.</summary>
        public long LostAtReset { get; set; }

        /// <summary>Control ticks off their period.</summary>
        public long MissedPeriods { get; set; }

        /// <summary>Cell temperatures beyond a limit the NTC layout could not see.</summary>
        public long UnobservableHazards { get; set; }

        /// <summary>Scenarios in which the external stop input was pulled low.</summary>
        public int ExternalStops { get; set; }

        /// <summary>Scenarios with a firmware, memory or command fault.</summary>
        public int FirmwareFaults { get; set; }

        /// <summary>Scenarios per firmware fault kind.</summary>
        public SortedDictionary<string, int> FirmwareKinds { get; } = new SortedDictionary<string, int>(StringComparer.Ordinal);

        /// <summary>FETs still conducting later than the supervisor's timeout plus one tick after a hang.</summary>
        public long WatchdogLate { get; set; }

        /// <summary>Watchdog resets the firmware did not report.</summary>
        public long UnreportedWatchdogResets { get; set; }

        /// <summary>Resets by the supervisor.</summary>
        public long WatchdogResets { get; set; }

        /// <summary>Latches lost across a reset.</summary>
        public long LatchesLost { get; set; }

        /// <summary>Commands neither answered nor counted as dropped.</summary>
        public long CommandsUnanswered { get; set; }

        /// <summary>Replies breaking a command rule.</summary>
        public long CommandViolations { get; set; }

        /// <summary>Commands a reset ended before they were answered.</summary>
        public long CommandsLostAtReset { get; set; }

        /// <summary>Commands sent to the command topic.</summary>
        public long CommandsSent { get; set; }

        /// <summary>Replies received.</summary>
        public long CommandReplies { get; set; }

        /// <summary>Communication passes that threw.</summary>
        public long CommunicateFailures { get; set; }

        /// <summary>Attack calibration points accepted.</summary>
        public long CalPointsAccepted { get; set; }

        /// <summary>Attack calibration points refused.</summary>
        public long CalPointsRefused { get; set; }

        /// <summary>Boards whose bring-up calibration the firmware refused.</summary>
        public long BringUpRefused { get; set; }

        /// <summary>Attack calibration points waiting for their pair.</summary>
        public long CalPointsPending { get; set; }

        /// <summary>Board resets.</summary>
        public long Resets { get; set; }

        /// <summary>Control ticks.</summary>
        public long Ticks { get; set; }

        /// <summary>Simulated hours.</summary>
        public double SimulatedHours { get; set; }

        /// <summary>Wall-clock seconds.</summary>
        public double WallSeconds { get; set; }

        /// <summary>Scenarios per template.</summary>
        public SortedDictionary<string, int> Templates { get; } = new SortedDictionary<string, int>(StringComparer.Ordinal);

        /// <summary>Every failed scenario (seed, description, findings).</summary>
        public List<ScenarioResult> Failed { get; } = new List<ScenarioResult>();

        /// <summary>Adds one scenario's findings.</summary>
        /// <param name="r">Result.</param>
        public void Add(ScenarioResult r)
        {
            Scenarios++;
            if (r.Scenario.FaultFree)
            {
                FaultFreeScenarios++;
                FaultFreeFalseTrips += r.FalseTrips;
            }

            foreach (ScenarioFault f in r.Scenario.Faults)
            {
                if (f.Kind == BatteryShift.Hal.Simulation.FaultKind.ExternalStop)
                {
                    ExternalStops++;
                    break;
                }
            }

            if (r.Scenario.Firmware != null)
            {
                FirmwareFaults++;
                string kind = r.Scenario.Firmware.Kind.ToString();
                FirmwareKinds[kind] = FirmwareKinds.TryGetValue(kind, out int k) ? k + 1 : 1;
            }

            WatchdogLate += r.WatchdogLate;
            UnreportedWatchdogResets += r.UnreportedWatchdogResets;
            WatchdogResets += r.WatchdogResets;
            LatchesLost += r.LatchesLost;
            CommandsUnanswered += r.CommandsUnanswered;
            CommandViolations += r.CommandViolations;
            CommandsLostAtReset += r.CommandsLostAtReset;
            CommandsSent += r.CommandsSent;
            CommandReplies += r.CommandReplies;
            CommunicateFailures += r.CommunicateFailures;
            CalPointsAccepted += r.CalPointsAccepted;
            CalPointsRefused += r.CalPointsRefused;
            BringUpRefused += r.BringUpRefused;
            CalPointsPending += r.CalPointsPending;
            Templates[r.Scenario.Template] = Templates.TryGetValue(r.Scenario.Template, out int n) ? n + 1 : 1;
            Hazards += r.Hazards;
            MissedTrips += r.MissedTrips;
            LateTrips += r.LateTrips;
            FalseTrips += r.FalseTrips;
            TrueTrips += r.TrueTrips;
            SensorTrips += r.SensorTrips;
            FetClosedWhileLatched += r.FetClosedWhileLatched;
            CellsBeyondProtector += r.CellsBeyondProtector;
            BledBelowFloor += r.BledBelowFloor;
            EventsLogged += r.EventsLogged;
            LostEvents += r.LostEvents;
            LostAtReset += r.LostAtReset;
            MissedPeriods += r.MissedPeriods;
            UnobservableHazards += r.UnobservableHazards;
            Resets += r.Resets;
            Ticks += r.Ticks;
            SimulatedHours += r.SimulatedSeconds / 3600.0;
            if (r.Failed)
            {
                Failed.Add(r);
            }
        }
    }

    /// <summary>
    /// Runs campaign scenarios for consecutive seeds on every core (each scenario is independent and deterministic
    /// for its seed, so the totals do not depend on the order or the number of threads).
    /// </summary>
    public static class CampaignRunner
    {
        /// <summary>Runs seeds first..first+count-1, or fewer when the wall-clock budget runs out.</summary>
        /// <param name="firstSeed">First seed.</param>
        /// <param name="count">Scenarios.</param>
        /// <param name="budget">Wall-clock budget (null: none). Scenarios not started before it ends are not run;
        /// the summary counts only the scenarios that ran, which are always a prefix of the seeds.</param>
        /// <param name="progress">Called after each scenario (any thread).</param>
        /// <param name="maxSeconds">Longest scenario, s (see <see cref="ScenarioGenerator.Draw"/>).</param>
        /// <param name="adc">The ESP32 ADC of the realistic front ends; on the worst case every eighth seed carries a
        /// corner chip (<see cref="AdcChoice.Corner"/>).</param>
        /// <returns>Totals.</returns>
        public static CampaignSummary Run(ulong firstSeed, int count, TimeSpan? budget = null, Action<ScenarioResult>? progress = null, double maxSeconds = ScenarioGenerator.MaxSeconds, BatteryShift.Hal.Simulation.AdcGrade adc = BatteryShift.Hal.Simulation.AdcGrade.Typical)
        {
            var watch = Stopwatch.StartNew();
            var results = new ScenarioResult?[count];
            int next = -1;
            Parallel.For(0, Environment.ProcessorCount, _ =>
            {
                // seeds are handed out in order, so a budget-limited run has run a prefix of them
                while (true)
                {
                    int i = System.Threading.Interlocked.Increment(ref next);
                    if (i >= count || (budget.HasValue && watch.Elapsed > budget.Value))
                    {
                        return;
                    }

                    CampaignScenario scenario = ScenarioGenerator.Draw(firstSeed + (ulong)i, maxSeconds);
                    scenario.Adc = adc;
                    scenario.AdcCorner = adc == BatteryShift.Hal.Simulation.AdcGrade.Worst ? AdcChoice.Corner(scenario.Seed) : -1;
                    ScenarioResult r = ScenarioRun.Run(scenario);
                    results[i] = r;
                    progress?.Invoke(r);
                }
            });

            var summary = new CampaignSummary();
            for (int i = 0; i < count; i++)
            {
                // a prefix of seeds only, so a budget-limited run is still "seeds first..first+n-1"
                if (results[i] == null)
                {
                    break;
                }

                summary.Add(results[i]!);
            }

            summary.WallSeconds = watch.Elapsed.TotalSeconds;
            return summary;
        }
    }
}
