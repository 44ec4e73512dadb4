using BatteryShift.Bms.Telemetry;
using BatteryShift.Harness.Campaign;
using Xunit;
using BatteryShift.Bms.Board;

namespace BatteryShift.Tests.Campaign
{
    /// <summary>
    /// Every failure the campaign found, kept by seed, plus the oracles' own checks.
    /// </summary>
    public class CampaignRegressionTests
    {
        // Seeds 9, 33 and 86: the broker gone while a cell over-voltage alarm rises (charger over-voltage fault). The
        // outage lasted 6 to 14 minutes; the store-and-forward queue (16 KB) filled with state and cells messages at
        // the offline period and dropped its oldest records, the alarm and fault events among them. Fixed in
        // MqttTelemetry: while offline a periodic message that would push a record out is counted as dropped when an
        // event is queued.
        //
        // Seeds 405, 596 and 5184: the same, with the event near the head of a full queue when the link came back;
        // the fresh state and cells messages queued on reconnecting pushed it out before the backlog drained. Fixed
        // by letting periodic messages give way to queued events online too.
        [Theory]
        [InlineData(9UL)]
        [InlineData(33UL)]
        [InlineData(86UL)]
        [InlineData(405UL)]
        [InlineData(596UL)]
        [InlineData(5184UL)]
        public void EventsSurviveALongOutageDuringAnAlarm(ulong seed)
        {
            ScenarioResult r = ScenarioRun.Run(seed);
            Assert.Equal("broker-gone-during-alarm", r.Scenario.Template);
            Assert.True(r.EventsLogged >= 2, "events " + r.EventsLogged);
            Assert.Equal(0, r.LostEvents);
            Assert.False(r.Failed, string.Join("; ", r.Failures));
        }

        // Seeds 682, 710 and 5023: a drifting current sensor (CurrentOffsetDrift) latched the sensor fault; the oracle
        // had not counted the drift as an injected sensor fault and called it a false trip (an oracle artifact; the
        // firmware failed safe as it should).
        [Theory]
        [InlineData(682UL)]
        [InlineData(710UL)]
        [InlineData(5023UL)]
        public void CurrentSensorDriftTripIsASensorTrip(ulong seed)
        {
            ScenarioResult r = ScenarioRun.Run(seed);
            Assert.Contains(r.Scenario.Faults, f => f.Kind == BatteryShift.Hal.Simulation.FaultKind.CurrentOffsetDrift);
            Assert.True(r.SensorTrips >= 1);
            Assert.Equal(0, r.FalseTrips);
            Assert.False(r.Failed, string.Join("; ", r.Failures));
        }

        // Seed 2431: the broker gone for 17 minutes while a cell under-voltage alarm rose under frequency regulation at
        // 3 % SOC. Warnings of the sagging cells rose and cleared every few seconds through the outage; their events
        // filled the 8 KB queue and pushed out the alarm and fault events queued before them (4 lost). Fixed in
        // StoreForwardQueue: records carry a priority, and alarm and fault events never give way to lower ones.
        [Fact]
        public void AlarmEventsOutliveAStormOfWarningsDuringAnOutage()
        {
            ScenarioResult r = ScenarioRun.Run(2431UL);
            Assert.Equal("broker-gone-during-alarm", r.Scenario.Template);
            Assert.True(r.EventsLogged >= 4, "events " + r.EventsLogged);
            Assert.Equal(0, r.LostEvents);
            Assert.False(r.Failed, string.Join("; ", r.Failures));
        }

        // Seed 3483: on the campaign's "ideal" front end (then noise-free) the current input stuck at a mid-range code
        // looked like a constant charge current, and a 364 A over-current 3 minutes later went unseen (missed trip).
        // A real converter is never noise-free and the firmware's stuck check relies on the noise: the ideal draw now
        // keeps the converter noise, and the stuck input latches the sensor fault before the over-current.
        [Fact]
        public void CurrentInputStuckMidRangeIsCaughtBeforeAnOvercurrent()
        {
            ScenarioResult r = ScenarioRun.Run(3483UL);
            Assert.Contains(r.Scenario.Faults, f => f.Kind == BatteryShift.Hal.Simulation.FaultKind.AdcStuck && f.Target == 6);
            Assert.Equal(0, r.MissedTrips);
            Assert.True(r.SensorTrips >= 1, "the stuck current input was not named");
            Assert.False(r.Failed, string.Join("; ", r.Failures));
        }

        // Seeds 4362, 6534 and 8789: ambient 1 C on the "ideal" front end; its NTCs followed the Beta formula, not the 3950
        // table the firmware converts with, so every NTC read 0.0 C for a true 1.1-1.3 C and charge_ut latched at start.
        // The virtual NTC now follows its table with or without component tolerance.
        [Theory]
        [InlineData(4362UL)]
        [InlineData(6534UL)]
        [InlineData(8789UL)]
        public void NoChargeUnderTemperatureTripJustAboveZero(ulong seed)
        {
            ScenarioResult r = ScenarioRun.Run(seed);
            Assert.True(r.Scenario.AmbientC > 0.5 && r.Scenario.AmbientC < 2);
            Assert.Equal(0, r.FalseTrips);
            Assert.False(r.Failed, string.Join("; ", r.Failures));
        }

        // Seed 6738: the converter input of the cells stuck at full scale 0.8 s into the delay of a cell_uv trip during a
        // backup at 6 % SOC; the invalid scans stopped the trip's count and the FETs opened on the sensor fault's own
        // delay, 1.2 s late. A fault on its way now trips on schedule with the last value it had.
        [Fact]
        public void ConverterLostDuringAnUndervoltageTripStillTripsOnTime()
        {
            ScenarioResult r = ScenarioRun.Run(6738UL);
            Assert.Contains(r.Scenario.Faults, f => f.Kind == BatteryShift.Hal.Simulation.FaultKind.AdcStuck && f.Target == 0);
            Assert.Equal(0, r.LateTrips);
            Assert.Equal(0, r.MissedTrips);
            Assert.False(r.Failed, string.Join("; ", r.Failures));
        }

        // Seed 9575: the board was modelled as calibrated by shrinking the amplifier gain tolerance while keeping every
        // offset a calibration takes out; a cell read 11 mV high during a charge and cell_ov latched with the truth
        // 11 mV under the limit. Every scenario board now holds its bring-up calibration (CommissionedBoard).
        [Fact]
        public void CommissionedBoardDoesNotTripUnderTheLimit()
        {
            ScenarioResult r = ScenarioRun.Run(9575UL);
            Assert.Equal("brownout-while-latched", r.Scenario.Template);
            Assert.Equal(0, r.FalseTrips);
            Assert.False(r.Failed, string.Join("; ", r.Failures));
        }

        // Seed 3385: a wrong point (-19 mV) entered at the console on two cells before a charger over-voltage. On an
        // uncalibrated channel the band alone bounds a first calibration and cell_ov tripped at a true 3772 mV; on the
        // commissioned channels of a module in service a single point waits for its pair, and the pair is anchored.
        [Fact]
        public void WrongConsolePointOnACommissionedBoardMovesNoTrip()
        {
            ScenarioResult r = ScenarioRun.Run(3385UL);
            Assert.Equal(BatteryShift.Harness.Campaign.FirmwareFaultKind.CalibrationAttack, r.Scenario.Firmware?.Kind);
            Assert.Equal(0, r.LateTrips);
            Assert.False(r.Failed, string.Join("; ", r.Failures));
        }

        [Fact]
        public void ExternalStopOpensBothFetsWithinATick()
        {
            // seed 62: the external stop input pulled low at 37 s and held, during a data-centre backup duty
            ScenarioResult r = ScenarioRun.Run(62UL);
            Assert.Contains(r.Scenario.Faults, f => f.Kind == BatteryShift.Hal.Simulation.FaultKind.ExternalStop);
            Assert.True(r.TrueTrips >= 1, "ext_stop latched with its cause");
            Assert.Equal(0, r.FalseTrips);
            Assert.False(r.Failed, string.Join("; ", r.Failures));
        }

        // ---- the oracles can fail: each defect injected on purpose is reported ----

        [Fact]
        public void OraclesReportAChargeFetHeldOnThroughALatchedFault()
        {
            // seed 9: a charger over-voltage; the defect drives the charge FET on after every tick, as a welded FET
            // or a firmware that ignores its latch would
            ScenarioResult clean = ScenarioRun.Run(9UL);
            Assert.False(clean.Failed, string.Join("; ", clean.Failures));
            ScenarioResult r = ScenarioRun.RunWithDefect(ScenarioGenerator.Draw(9UL), m => m.Module.Gpio.Write(BatteryShift.Bms.Board.Bmu16.PinChargeFet, true));
            Assert.True(r.Failed);
            Assert.True(r.FetClosedWhileLatched > 0, "FET closed while latched not seen");
            Assert.True(r.MissedTrips + r.LateTrips > 0, "the over-voltage exposure was not reported");
        }

        [Fact]
        public void OraclesReportEventsTheQueueThrewAway()
        {
            // seed 2431 with a defect that empties the telemetry queue while the link is down: alarm events are lost
            ScenarioResult r = ScenarioRun.RunWithDefect(ScenarioGenerator.Draw(2431UL), m =>
            {
                if (m.Core.Mqtt != null && !m.Module.NetworkAvailable)
                {
                    while (m.Core.Mqtt.Queue.Count > 0)
                    {
                        m.Core.Mqtt.Queue.DiscardOldest();
                    }
                }
            });
            Assert.True(r.LostEvents > 0);
            Assert.True(r.Failed);
        }

        [Fact]
        public void QueueRefusesPeriodicMessagesRatherThanDropAnEvent()
        {
            var q = new StoreForwardQueue(64);
            var payload = new byte[20];
            Assert.True(q.Enqueue(TelemetryTopics.EventIndex, StoreForwardQueue.PriorityAlarm, payload, 20));
            Assert.True(q.Enqueue(TelemetryTopics.StateIndex, StoreForwardQueue.PriorityPeriodic, payload, 20));
            Assert.False(q.Fits(20));

            // a new state message pushes out the older state message, not the event ahead of it
            Assert.True(q.Enqueue(TelemetryTopics.StateIndex, StoreForwardQueue.PriorityPeriodic, payload, 20));
            Assert.Equal(1, q.CountOf(TelemetryTopics.EventIndex));
            Assert.Equal(1, q.CountOf(TelemetryTopics.StateIndex));
            Assert.Equal(1, q.DroppedCount);

            // a ring of alarm events only refuses a periodic message and counts it
            Assert.True(q.Enqueue(TelemetryTopics.EventIndex, StoreForwardQueue.PriorityAlarm, payload, 20));
            Assert.Equal(2, q.CountOf(TelemetryTopics.EventIndex));
            Assert.False(q.Enqueue(TelemetryTopics.StateIndex, StoreForwardQueue.PriorityPeriodic, payload, 20));
            Assert.Equal(3, q.DroppedCount);
            Assert.Equal(2, q.CountOfPriority(StoreForwardQueue.PriorityAlarm));
            Assert.Equal(0, q.CountOfPriority(StoreForwardQueue.PriorityPeriodic));
        }
    }
}
