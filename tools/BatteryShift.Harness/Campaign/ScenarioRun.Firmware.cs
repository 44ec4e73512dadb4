using System;
using System.Globalization;
using BatteryShift.Bms;
using BatteryShift.Bms.Events;
using BatteryShift.Bms.Protection;
using BatteryShift.Hal.Simulation;

namespace BatteryShift.Harness.Campaign
{
    /// <summary>
    /// The oracles of the firmware, memory and command faults: after a hang the FETs are open by hardware within the
    /// supervisor's timeout plus one tick; a watchdog reset is reported by the firmware that starts after it; a fault
    /// latched before a reset is latched after it unless the new firmware announced the fault log lost; every command
    /// is answered or counted as dropped, and none breaks a command rule.
    /// </summary>
    public sealed partial class ScenarioRun
    {
        private readonly FirmwareFaultDriver? _driver;
        private long _hungSinceMs = -1;
        private int _latchedBeforeReset;
        private bool _incarnationJudged = true;
        private bool _expectWatchdogReport;

        // The driver applies its fault, then the hang is judged. Returns true while the control thread is hung.
        private bool FirmwareBeforeOracles(BmsCore core, long now, int period)
        {
            if (!_incarnationJudged)
            {
                JudgeNewIncarnation(core, now);
            }

            if (_driver == null)
            {
                return false;
            }

            _driver.AfterTick();
            bool hung = _driver.Hung;
            if (hung && _hungSinceMs < 0)
            {
                _hungSinceMs = now;
            }
            else if (!hung && _hungSinceMs >= 0)
            {
                // the thread runs again: the time it was hung does not count against a hazard's delay
                ShiftExposures(now - _hungSinceMs);
                _hungSinceMs = -1;
            }

            JudgeHang(now, period);
            return hung;
        }

        // FETs must be open by hardware within the supervisor's timeout plus one tick of the hang's start
        private void JudgeHang(long now, int period)
        {
            long deadline = _driver!.HangDeadlineMs;
            if (deadline < 0)
            {
                return;
            }

            ModuleTruth truth = _runner.Truth;
            bool on = truth.ChargeFetOn || truth.DischargeFetOn;
            if (!on)
            {
                _driver.HangJudged();
            }
            else if (now > deadline + period)
            {
                _result.WatchdogLate++;
                Fail(string.Create(CultureInfo.InvariantCulture, $"watchdog late: control thread hung, supervisor deadline t={deadline} ms, a FET still conducting at t={now} ms (allowed one {period} ms tick more)"));
                _driver.HangJudged();
            }
            else if (!_driver.Hung)
            {
                // the thread ran again before the deadline: nothing to judge
                _driver.HangJudged();
            }
        }

        private void ShiftExposures(long hungMs)
        {
            for (int id = 0; id < _exposureStartMs.Length; id++)
            {
                if (_exposureStartMs[id] >= 0)
                {
                    _exposureStartMs[id] += hungMs;
                }
            }
        }

        private void FirmwareAfterRestart()
        {
            VirtualModule m = _runner.Module;
            long now = m.TimeMs;
            if (_driver != null && _driver.HangDeadlineMs >= 0)
            {
                int period = _core.Config.Get(Bms.Config.ModuleKeys.TickPeriodMs);
                long openedMs = m.BootMicroseconds / 1000;
                if (openedMs > _driver.HangDeadlineMs + period)
                {
                    _result.WatchdogLate++;
                    Fail(string.Create(CultureInfo.InvariantCulture, $"watchdog late: control thread hung, supervisor deadline t={_driver.HangDeadlineMs} ms, FETs opened only by the reset at t={openedMs} ms"));
                }

                _driver.HangJudged();
            }

            _driver?.AfterRestart();
            if (_hungSinceMs >= 0)
            {
                ShiftExposures(now - _hungSinceMs);
                _hungSinceMs = -1;
            }

            // the latches of the incarnation that ended (one that never ticked keeps those of the one before it)
            _latchedBeforeReset = _incarnationJudged ? _core.Status.FaultMask : _latchedBeforeReset | _core.Status.FaultMask;
            _incarnationJudged = false;
            if (m.LastResetCause == ResetCause.Watchdog)
            {
                _result.WatchdogResets++;
                _expectWatchdogReport = true;
            }
        }

        // the first look at a new incarnation (after its Start and first tick)
        private void JudgeNewIncarnation(BmsCore core, long now)
        {
            _incarnationJudged = true;
            int latched = core.Status.FaultMask;
            int lost = _latchedBeforeReset & ~latched;
            if (lost != 0 && (latched & (1 << LimitIds.FaultLogLost)) == 0)
            {
                _result.LatchesLost++;
                Fail(string.Create(CultureInfo.InvariantCulture, $"latch lost: fault mask 0x{_latchedBeforeReset:x} before the reset, 0x{latched:x} after it (t={now} ms) and no fault-log-lost announced"));
            }

            if (_expectWatchdogReport)
            {
                _expectWatchdogReport = false;
                if (!core.Status.WatchdogReset || !BootAfterWatchdogLogged(core))
                {
                    _result.UnreportedWatchdogResets++;
                    Fail(string.Create(CultureInfo.InvariantCulture, $"watchdog reset not reported: status flag {core.Status.WatchdogReset}, boot event after watchdog {BootAfterWatchdogLogged(core)} (t={now} ms)"));
                }
            }
        }

        // every command the last incarnation received is answered or counted as dropped by the module; what an earlier
        // incarnation received and did not answer was ended by its reset (reported apart); and the replies keep the rules
        private void JudgeCommands()
        {
            CommandLedger ledger = _broker.Ledger;
            _result.CommandsSent = ledger.Sent;
            _result.CommandReplies = ledger.Replies;
            CommandRules.Judge(ledger, _result);
            int last = ledger.Incarnations.Count - 1;
            for (int n = 0; n <= last; n++)
            {
                CommandLedger.Incarnation inc = ledger.Incarnations[n];
                int answered = inc.Replies.Count;
                if (n < last)
                {
                    _result.CommandsLostAtReset += Math.Max(0, inc.Arrived - inc.Dropped - answered);
                    continue;
                }

                long dropped = _core.Mqtt?.Counters.CommandsDropped ?? 0;
                long expected = inc.Arrived - _broker.Waiting;
                if (answered + dropped != expected)
                {
                    _result.CommandsUnanswered += (int)Math.Abs(expected - answered - dropped);
                    Fail(string.Create(CultureInfo.InvariantCulture, $"commands unanswered: boot {n} received {inc.Arrived} ({_broker.Waiting} still waiting), {answered} answered, {dropped} counted dropped by the module ({inc.Dropped} dropped by its session)"));
                }
            }
        }

        private static bool BootAfterWatchdogLogged(BmsCore core)
        {
            EventLog log = core.Events;
            for (long seq = log.OldestSequence; seq < log.NextSequence; seq++)
            {
                if (log.Kind(seq) == EventKind.Boot && log.Code(seq) == EventKind.BootAfterWatchdog)
                {
                    return true;
                }
            }

            return false;
        }

        // A latch whose cause is an injected firmware fault: true when it was judged here.
        private bool JudgeFirmwareTrip(int id, long nowMs)
        {
            long since;
            string what;
            if (id == LimitIds.FirmwareFault)
            {
                since = _driver?.ThrowSinceMs ?? long.MaxValue;
                what = "firmware fault latched with no HAL call made to fail";
            }
            else if (id == LimitIds.FaultLogLost)
            {
                since = _driver?.LogAttackSinceMs ?? long.MaxValue;
                what = "fault log lost latched with the store untouched";
            }
            else
            {
                return false;
            }

            if (since <= nowMs)
            {
                _result.TrueTrips++;
            }
            else
            {
                _result.FalseTrips++;
                Fail(string.Create(CultureInfo.InvariantCulture, $"false trip: {what} (t={nowMs} ms)"));
            }

            return true;
        }

        // a cell or module voltage trip, or the sensor-plausibility fault, after a wrong calibration point was accepted
        private bool CalibrationExplains(int id, long nowMs)
        {
            if (_driver == null || _driver.CalibrationAttackedSinceMs > nowMs)
            {
                return false;
            }

            return id is LimitIds.CellOvervoltage or LimitIds.CellUndervoltage or LimitIds.ModuleOvervoltage or LimitIds.ModuleUndervoltage or LimitIds.SensorFailure;
        }

        private void FirmwareFinish()
        {
            _result.CommunicateFailures = _runner.CommunicateFailures;
            JudgeCommands();
            if (!_incarnationJudged)
            {
                JudgeNewIncarnation(_runner.Core, _runner.Module.TimeMs);
            }
        }
    }
}
