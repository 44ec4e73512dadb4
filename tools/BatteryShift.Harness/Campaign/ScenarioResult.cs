using System.Collections.Generic;

namespace BatteryShift.Harness.Campaign
{
    /// <summary>What the oracles saw in one scenario.</summary>
    public sealed class ScenarioResult
    {
        /// <summary>The scenario.</summary>
        public CampaignScenario Scenario { get; init; } = new CampaignScenario();

        /// <summary>Hazards that needed a FET to open: a true value beyond a fault limit while the FET of its direction conducted.</summary>
        public int Hazards { get; set; }

        /// <summary>Hazards whose FET never opened while the hazard lasted past its delay plus one tick.</summary>
        public int MissedTrips { get; set; }

        /// <summary>Hazards whose FET opened, but later than the delay plus one tick.</summary>
        public int LateTrips { get; set; }

        /// <summary>Faults latched with neither a true cause near the limit nor an injected sensor fault.</summary>
        public int FalseTrips { get; set; }

        /// <summary>Faults latched with a true cause.</summary>
        public int TrueTrips { get; set; }

        /// <summary>Faults latched because an injected sensor fault showed wrong values (fail safe).</summary>
        public int SensorTrips { get; set; }

        /// <summary>Ticks at which a FET conducted while a fault of its direction was latched.</summary>
        public int FetClosedWhileLatched { get; set; }

        /// <summary>Scenarios in which a cell went beyond the secondary protector's threshold plus its tolerance (0 or 1).</summary>
        public int CellsBeyondProtector { get; set; }

        /// <summary>Cell-ticks at which a cell was bled although its true voltage was below the bleed floor.</summary>
        public int BledBelowFloor { get; set; }

        /// <summary>Alarm and fault events the firmware logged.</summary>
        public int EventsLogged { get; set; }

        /// <summary>Alarm and fault events never delivered to the subscriber.</summary>
        public int LostEvents { get; set; }

        /// <summary>Alarm events that were still queued in RAM when the board reset (reported apart: RAM does not survive a reset;
        /// latched faults are re-announced after the reset and are counted as lost only when that re-announcement is missing).</summary>
        public int LostAtReset { get; set; }

        /// <summary>Control ticks that did not start one period after the previous one.</summary>
        public int MissedPeriods { get; set; }

        /// <summary>Cells whose true temperature passed a fault limit while the NTC on them did not (sensor layout, not firmware).</summary>
        public int UnobservableHazards { get; set; }

        /// <summary>Hangs after which the FETs were still conducting later than the supervisor's timeout plus one tick.</summary>
        public int WatchdogLate { get; set; }

        /// <summary>Watchdog resets after which the new firmware did not report the reset cause.</summary>
        public int UnreportedWatchdogResets { get; set; }

        /// <summary>Resets by the board's supervisor.</summary>
        public int WatchdogResets { get; set; }

        /// <summary>Latched faults of one incarnation that the next did not re-latch (without announcing the fault log lost).</summary>
        public int LatchesLost { get; set; }

        /// <summary>Commands the module received in its last incarnation that got neither a reply nor a count as dropped.</summary>
        public int CommandsUnanswered { get; set; }

        /// <summary>Replies that broke a command rule (retained executed, duplicate re-executed, calibration or remote on
        /// accepted over MQTT, a reply to nothing sent).</summary>
        public int CommandViolations { get; set; }

        /// <summary>Commands received by an incarnation that a reset ended before it answered them.</summary>
        public int CommandsLostAtReset { get; set; }

        /// <summary>Commands published to the command topic.</summary>
        public int CommandsSent { get; set; }

        /// <summary>Replies the subscriber received.</summary>
        public int CommandReplies { get; set; }

        /// <summary>Communication passes that threw (caught by the loop).</summary>
        public long CommunicateFailures { get; set; }

        /// <summary>Calibration points of an attack the firmware accepted (the channel's constants changed).</summary>
        public int CalPointsAccepted { get; set; }

        /// <summary>Calibration points of an attack the firmware refused.</summary>
        public int CalPointsRefused { get; set; }

        /// <summary>Calibration points of an attack taken without a change: a first point waiting for its pair.</summary>
        public int CalPointsPending { get; set; }

        /// <summary>1 when the firmware refused the board's bring-up calibration (the board then runs uncalibrated).</summary>
        public int BringUpRefused { get; set; }

        /// <summary>What the firmware fault did (not failures: for the report).</summary>
        public List<string> Notes { get; } = new List<string>();

        /// <summary>Board resets during the scenario.</summary>
        public int Resets { get; set; }

        /// <summary>Control ticks run.</summary>
        public long Ticks { get; set; }

        /// <summary>Simulated seconds run.</summary>
        public double SimulatedSeconds { get; set; }

        /// <summary>Human-readable description of each failure.</summary>
        public List<string> Failures { get; } = new List<string>();

        /// <summary>True when any oracle failed.</summary>
        public bool Failed => MissedTrips + LateTrips + FalseTrips + FetClosedWhileLatched + BledBelowFloor + LostEvents + MissedPeriods
            + WatchdogLate + UnreportedWatchdogResets + LatchesLost + CommandsUnanswered + CommandViolations + CellsBeyondProtector + BringUpRefused > 0;

        /// <summary>Records a finding (the first 20 are kept).</summary>
        /// <param name="what">What failed, for people.</param>
        public void Fail(string what)
        {
            if (Failures.Count < 20)
            {
                Failures.Add(what);
            }
        }
    }
}
