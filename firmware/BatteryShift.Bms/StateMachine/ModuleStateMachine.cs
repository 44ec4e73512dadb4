using BatteryShift.Bms.Config;
using BatteryShift.Bms.Events;

namespace BatteryShift.Bms.StateMachine
{
    /// <summary>
    /// The module state machine: boot, self-test, standby, charging, discharging, rest, fault (latched) and
    /// service (calibration). Every transition is appended to the event log (<see cref="EventKind.StateChanged"/>,
    /// code = new state, value = old state). Runs after protection in the control tick. Allocates nothing.
    /// </summary>
    public sealed class ModuleStateMachine
    {
        /// <summary>Consecutive good scans the self-test needs before any FET may close (it also waits for the current offset, <see cref="ModuleStatus.CurrentZeroed"/>).</summary>
        public const int SelfTestScans = 5;

        /// <summary>Consecutive ticks a current direction must hold before the state follows it.</summary>
        public const int DirectionTicks = 2;

        private readonly ModuleStatus _status;
        private readonly BmsConfig _config;
        private readonly EventLog _events;
        private int _goodScans;
        private int _chargeTicks;
        private int _dischargeTicks;
        private long _idleSinceMs;
        private bool _serviceRequested;
        private ModuleState _state;

        /// <summary>
        /// Makes the machine in <see cref="ModuleState.Boot"/>.
        /// </summary>
        /// <param name="status">The blackboard.</param>
        /// <param name="config">Configuration.</param>
        /// <param name="events">Event log.</param>
        public ModuleStateMachine(ModuleStatus status, BmsConfig config, EventLog events)
        {
            _status = status;
            _config = config;
            _events = events;
            _state = ModuleState.Boot;
            _status.State = _state;
        }

        /// <summary>
        /// True once the self-test has passed since start-up or since service: only then may a FET close, also
        /// the one a latched fault leaves allowed (for example charging after a latched under-voltage).
        /// </summary>
        public bool SelfTestPassed { get; private set; }

        /// <summary>The state (kept here; <see cref="ModuleStatus.State"/> is a copy written every step).</summary>
        public ModuleState State
        {
            get { return _state; }
        }

        /// <summary>True while service (calibration) is requested.</summary>
        public bool InService
        {
            get { return _serviceRequested; }
        }

        /// <summary>
        /// Enters a state (logged). Used by the core at start-up and by the commands.
        /// </summary>
        /// <param name="next">New state.</param>
        public void Enter(ModuleState next)
        {
            ModuleState old = _state;
            _status.State = next;
            if (old == next)
            {
                return;
            }

            _state = next;
            _events.Append(_status.TimeMs, EventKind.StateChanged, (int)next, (int)old);
            if (next == ModuleState.SelfTest)
            {
                _goodScans = 0;
                SelfTestPassed = false;
            }

            if (next == ModuleState.Standby)
            {
                _idleSinceMs = _status.TimeMs;
            }
        }

        /// <summary>
        /// Requests service: FETs open, bleeders off, calibration allowed.
        /// </summary>
        /// <returns>A <see cref="ResultCode"/>: Refused before the self-test has started.</returns>
        public int EnterService()
        {
            if (_state == ModuleState.Boot)
            {
                return ResultCode.Refused;
            }

            _serviceRequested = true;
            Enter(ModuleState.Service);
            return ResultCode.Ok;
        }

        /// <summary>
        /// Leaves service through a new self-test.
        /// </summary>
        /// <returns>A <see cref="ResultCode"/>: Refused when not in service.</returns>
        public int ExitService()
        {
            if (!_serviceRequested)
            {
                return ResultCode.Refused;
            }

            _serviceRequested = false;
            Enter(ModuleState.SelfTest);
            return ResultCode.Ok;
        }

        /// <summary>
        /// One step on the status of this tick (after acquisition and protection).
        /// </summary>
        public void Step()
        {
            ModuleStatus s = _status;
            s.State = _state;
            if (_state == ModuleState.Boot)
            {
                return;
            }

            if (s.MeasurementValid && s.SensorFaultMask == 0)
            {
                _goodScans++;
            }
            else
            {
                _goodScans = 0;
            }

            if (_serviceRequested)
            {
                return;
            }

            if (!SelfTestPassed && _goodScans >= SelfTestScans && s.CurrentZeroed)
            {
                SelfTestPassed = true;
            }

            if (s.FaultMask != 0)
            {
                Enter(ModuleState.Fault);
                return;
            }

            if (_state == ModuleState.Fault)
            {
                // cleared by command: back to operation once the self-test has passed
                Enter(SelfTestPassed ? ModuleState.Standby : ModuleState.SelfTest);
                return;
            }

            if (_state == ModuleState.SelfTest)
            {
                if (SelfTestPassed)
                {
                    Enter(ModuleState.Standby);
                }

                return;
            }

            int threshold = _config.Get(ProtectionKeys.ActivityCurrentMa);
            int current = s.PackCurrentMa;
            _chargeTicks = current > threshold ? _chargeTicks + 1 : 0;
            _dischargeTicks = current < -threshold ? _dischargeTicks + 1 : 0;
            bool idle = current <= threshold && current >= -threshold;
            if (_chargeTicks >= DirectionTicks)
            {
                Enter(ModuleState.Charging);
            }
            else if (_dischargeTicks >= DirectionTicks)
            {
                Enter(ModuleState.Discharging);
            }
            else if (idle)
            {
                if (_state == ModuleState.Charging || _state == ModuleState.Discharging)
                {
                    Enter(ModuleState.Standby);
                }

                if (_state == ModuleState.Standby && s.TimeMs - _idleSinceMs >= _config.Get(ProtectionKeys.RestDelayS) * 1000L)
                {
                    Enter(ModuleState.Rest);
                }
            }
        }
    }
}
