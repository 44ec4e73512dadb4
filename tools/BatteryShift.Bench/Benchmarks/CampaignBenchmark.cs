using System;
using System.Globalization;
using System.Linq;
using System.Threading;
using BatteryShift.Hal.Simulation;
using BatteryShift.Harness;
using BatteryShift.Harness.Campaign;

namespace BatteryShift.Bench.Benchmarks
{
    /// <summary>
    /// The fault-injection campaign (tools/BatteryShift.Harness/Campaign): 10,000 drawn scenarios (seeds 1..10000) on
    /// every core, judged by oracles from the simulation's truth. Rows: scenarios, hazards, missed, late and false
    /// trips, lost events, and the seeds of any failure (replay one with <c>ScenarioRun.Run(seed)</c>). A wall-clock
    /// budget (40 minutes) stops the campaign early on a slow machine; the rows then count the seeds that ran.
    /// Environment: BATTERYSHIFT_CAMPAIGN_SCENARIOS and BATTERYSHIFT_CAMPAIGN_BUDGET_S override count and budget;
    /// BATTERYSHIFT_ADC picks the realistic boards' ESP32 ADC (<see cref="AdcChoice"/>: the worst case unless told).
    /// </summary>
    public sealed class CampaignBenchmark : IBenchmark
    {
        public string Name => "campaign";

        public void Run(BenchContext context)
        {
            int count = context.Quick ? 300 : 10000;
            double budgetS = 2400;
            string? env = Environment.GetEnvironmentVariable("BATTERYSHIFT_CAMPAIGN_SCENARIOS");
            if (!string.IsNullOrEmpty(env))
            {
                count = int.Parse(env, CultureInfo.InvariantCulture);
            }

            env = Environment.GetEnvironmentVariable("BATTERYSHIFT_CAMPAIGN_BUDGET_S");
            if (!string.IsNullOrEmpty(env))
            {
                budgetS = double.Parse(env, CultureInfo.InvariantCulture);
            }

            int done = 0;
            AdcGrade adc = AdcChoice.FromEnvironment();
            CampaignSummary s = CampaignRunner.Run(1, count, TimeSpan.FromSeconds(budgetS), adc: adc, progress: r =>
            {
                int n = Interlocked.Increment(ref done);
                if (r.Failed)
                {
                    lock (context.Log)
                    {
                        context.Log.WriteLine($"  FAIL {r.Scenario}");
                        foreach (string f in r.Failures)
                        {
                            context.Log.WriteLine("    " + f);
                        }
                    }
                }

                if (n % 500 == 0)
                {
                    lock (context.Log)
                    {
                        context.Log.WriteLine($"  {n} scenarios");
                    }
                }
            });

            string failedSeeds = s.Failed.Count == 0 ? "none" : string.Join(" ", s.Failed.Select(r => r.Scenario.Seed.ToString(CultureInfo.InvariantCulture)).Take(20));
            string mix = string.Join(", ", s.Templates.Select(kv => $"{kv.Key} {kv.Value}"));
            string scope = s.Scenarios < count
                ? $"seeds 1..{s.Scenarios} of {count} planned: the {budgetS:0} s wall budget ran out; the full run needs about {s.WallSeconds / s.Scenarios * count / 60:0} min on this machine"
                : $"seeds 1..{s.Scenarios}";
            context.Record("campaign.scenarios", s.Scenarios, "n", ">= 10000", $"{scope}; realistic front ends (80 % of scenarios) on the {AdcChoice.Describe(adc)}, commissioned at 25 C; {s.SimulatedHours:0} simulated h, {s.Ticks} ticks, {s.WallSeconds:0} s wall on {Environment.ProcessorCount} cores; {mix}; external stop input pulled low in {s.ExternalStops}");
            context.Record("campaign.hazards", s.Hazards, "n", "-", $"true value beyond a fault limit (by more than the measurement band) while the FET of its direction conducted; {s.TrueTrips} caused trips, {s.SensorTrips} sensor-fault trips");
            context.Record("campaign.missed_trips", s.MissedTrips, "n", "0", "FET still closed after the configured delay plus one tick while the hazard lasted");
            context.Record("campaign.late_trips", s.LateTrips, "n", "0", "FET opened later than the configured delay plus one tick");
            context.Record("campaign.false_trips", s.FalseTrips, "n", "0", $"fault latched without a true cause or an injected sensor fault ({s.FaultFreeFalseTrips} in {s.FaultFreeScenarios} fault-free scenarios)");
            context.Record("campaign.fet_closed_while_latched", s.FetClosedWhileLatched, "ticks", "0", "a FET conducting while a fault of its direction was latched");
            var board = new BoardParameters();
            string envelope = $"{(board.ProtectorUvV - board.ProtectorUvToleranceV) * 1000:0}..{(board.ProtectorOvV + board.ProtectorOvToleranceV) * 1000:0} mV";
            context.Record("campaign.cells_beyond_protector", s.CellsBeyondProtector, "n", "0", $"scenarios in which a true cell voltage left the secondary protector's thresholds plus their tolerances ({envelope}), whatever the firmware did");
            context.Record("campaign.bled_below_floor", s.BledBelowFloor, "n", "0", "a cell bled with its true voltage below bal.floor");
            context.Record("campaign.lost_events", s.LostEvents, "n", "0", $"of {s.EventsLogged} alarm and fault events logged, never delivered to the MQTT subscriber (latched faults re-announced after a reset count as delivered)");
            context.Record("campaign.events_lost_at_reset", s.LostAtReset, "n", "-", $"alarm events still in RAM when the board reset ({s.Resets} resets)");
            context.Record("campaign.missed_periods", s.MissedPeriods, "n", "0", "control ticks not one period after the previous one");
            context.Record("campaign.unobservable_hazards", s.UnobservableHazards, "n", "-", "cells above the charge over-temperature fault limit while the NTC over them was not (one NTC per two cells)");
            string kinds = string.Join(", ", s.FirmwareKinds.Select(kv => $"{kv.Key} {kv.Value}"));
            context.Record("campaign.firmware_faults", s.FirmwareFaults, "n", "-", $"scenarios with a firmware, memory or command fault ({kinds}); {s.WatchdogResets} watchdog resets, {s.CommunicateFailures} communication passes threw");
            context.Record("campaign.watchdog_late", s.WatchdogLate, "n", "0", $"FETs conducting later than the supervisor timeout plus one tick after the control thread hung; {s.UnreportedWatchdogResets} watchdog resets not reported by the firmware");
            context.Record("campaign.latches_lost", s.LatchesLost, "n", "0", "a fault latched before a reset and not latched after it, with no fault-log-lost fault announced");
            context.Record("campaign.commands_unanswered", s.CommandsUnanswered, "n", "0", $"of {s.CommandsSent} commands sent ({s.CommandReplies} replies), received by the module's last incarnation and neither answered nor counted as dropped; {s.CommandsLostAtReset} ended by a reset");
            context.Record("campaign.command_violations", s.CommandViolations, "n", "0", "retained command executed, duplicate id executed again, calibration or remote on accepted over MQTT, reply to no command");
            context.Record("campaign.bring_up_refused", s.BringUpRefused, "boards", "0", "boards whose bring-up calibration (two points a cell at 2.85 and 3.60 V, on a twin at 25 C) the firmware refused; such a board runs uncalibrated and its scenario fails");
            context.Record("campaign.cal_attack_points_accepted", s.CalPointsAccepted, "n", "-", $"wrong calibration points (up to +-120 mV, single or in pairs) that changed a commissioned channel's constants at the local console ({s.CalPointsRefused} refused, {s.CalPointsPending} first points left waiting for a pair); every accepted one is judged by the trip oracles");
            context.Record("campaign.failed_seeds", s.Failed.Count, "n", "0", $"seeds: {failedSeeds}");
        }
    }
}
