using System;
using System.Globalization;
using BatteryShift.Hal.Simulation;

namespace BatteryShift.Harness.Campaign
{
    /// <summary>
    /// Applies a scenario's firmware, memory or command fault (<see cref="FirmwareFaultPlan"/>) to the runner, the store
    /// and the broker at its time, and ends it at the end of its window or at the next reset (a reset ends a hang, a
    /// failing HAL call and an exhausted heap). Tells the oracles what was injected and since when.
    /// </summary>
    internal sealed partial class FirmwareFaultDriver
    {
        private readonly FirmwareFaultPlan _plan;
        private readonly VirtualModuleRunner _runner;
        private readonly CampaignBrokerSession _broker;
        private readonly ScenarioResult _result;
        private readonly Func<bool> _draining;
        private bool _started;
        private bool _active;
        private long _endMs = long.MaxValue;

        internal FirmwareFaultDriver(FirmwareFaultPlan plan, VirtualModuleRunner runner, CampaignBrokerSession broker, ScenarioResult result, Func<bool> draining)
        {
            _plan = plan;
            _runner = runner;
            _broker = broker;
            _result = result;
            _draining = draining;
        }

        /// <summary>The plan.</summary>
        internal FirmwareFaultPlan Plan => _plan;

        /// <summary>True while the control thread is hung by this fault.</summary>
        internal bool Hung => _runner.ControlHung;

        /// <summary>The supervisor's deadline of the running hang, ms of module time (-1: no hang being watched).</summary>
        internal long HangDeadlineMs { get; private set; } = -1;

        /// <summary>When a HAL call in the tick first threw (long.MaxValue: never).</summary>
        internal long ThrowSinceMs { get; private set; } = long.MaxValue;

        /// <summary>When the fault log was first corrupted or a store write cut short (long.MaxValue: never).</summary>
        internal long LogAttackSinceMs { get; private set; } = long.MaxValue;

        /// <summary>When the first wrong calibration point was accepted (long.MaxValue: never).</summary>
        internal long CalibrationAttackedSinceMs { get; private set; } = long.MaxValue;

        /// <summary>Cells whose channels took a wrong calibration point (bit k = cell k).</summary>
        internal int AttackedCells { get; private set; }

        /// <summary>Called after every tick, before the oracles look.</summary>
        internal void AfterTick()
        {
            long now = _runner.Module.TimeMs;
            if (_active && now >= _endMs)
            {
                End();
            }

            bool due = now >= (long)(_plan.StartSeconds * 1000);
            if (_plan.Kind is FirmwareFaultKind.ControlHang or FirmwareFaultKind.TickThrows or FirmwareFaultKind.CommunicateOutOfMemory)
            {
                if (!_started && !_draining() && due)
                {
                    Begin(now);
                }
            }
            else if (due || _plan.Kind == FirmwareFaultKind.FaultLogCorrupt)
            {
                StepOther(now);
            }
        }

        /// <summary>Called after a reset rebuilt the core: the reset ended a hang, a failing call and an exhausted heap.</summary>
        internal void AfterRestart()
        {
            if (_active && _plan.Kind is FirmwareFaultKind.ControlHang or FirmwareFaultKind.TickThrows or FirmwareFaultKind.CommunicateOutOfMemory)
            {
                _result.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"{_plan.Kind} ended by a {_runner.Module.LastResetCause} reset at t={_runner.Module.TimeMs} ms"));
                End();
            }

            RestartOther();
        }

        /// <summary>The hang being watched ended (the FETs opened, or the thread ran again before the deadline).</summary>
        internal void HangJudged()
        {
            HangDeadlineMs = -1;
        }

        private void Begin(long now)
        {
            _started = true;
            _active = true;
            _endMs = double.IsPositiveInfinity(_plan.DurationSeconds) ? long.MaxValue : now + (long)Math.Round(_plan.DurationSeconds * 1000);
            switch (_plan.Kind)
            {
                case FirmwareFaultKind.ControlHang:
                    _runner.ControlHung = true;
                    VirtualModule m = _runner.Module;
                    long deadlineUs = m.Supervisor.DeadlineUs;
                    HangDeadlineMs = deadlineUs == long.MaxValue ? now : deadlineUs / 1000;
                    break;
                case FirmwareFaultKind.TickThrows:
                    _runner.Adc.Throw = true;
                    ThrowSinceMs = Math.Min(ThrowSinceMs, now);
                    break;
                case FirmwareFaultKind.CommunicateOutOfMemory:
                    _broker.OutOfMemory = true;
                    break;
            }
        }

        private void End()
        {
            _active = false;
            _runner.ControlHung = false;
            _runner.Adc.Throw = false;
            _broker.OutOfMemory = false;
        }
    }
}
