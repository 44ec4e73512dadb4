using BatteryShift.Bms.Board;
using BatteryShift.Bms.Config;
using BatteryShift.Bms.Protection;

namespace BatteryShift.Bms.Balancing
{
    /// <summary>
    /// The one decision whether the bleeders may run (<see cref="Evaluate"/>), read by the balancer (which plans
    /// nothing while it is held off) and by the outputs stage (which drives no bleeder while
    /// <see cref="ModuleStatus.BleedPermitted"/> is false). The reasons are <see cref="BalancingInhibit"/> bits:
    /// <list type="bullet">
    /// <item>Safety, from the diagnosis table's reactions: a latched fault, a raised sensor fault, an alarm whose
    /// reaction stops the bleeders (<see cref="DiagnosisTable.StopBleedingAlarmBits"/>: board_ot), or a state without
    /// balancing (boot, self-test, service, fault). These alone make <see cref="SafetyBits"/>.</item>
    /// <item>Balancing's own: balancing switched off, no valid scan, a cell channel without its two-point
    /// calibration, the bleeders' thermal budget exhausted.</item>
    /// </list>
    /// Two temperature rules, on purpose, each with its own job. The thermal budget is the right rule for the heat the
    /// bleeders make: it reads the board NTC that sits by the bleed resistors, derates the bleed power linearly from
    /// bal.t_derate and stops every bleeder at bal.t_max (resuming 5 C lower), before protection sees anything. The
    /// protection's board_ot alarm reads the board or the shunt, whichever is hotter, with the limit's delay and
    /// release: the board is too hot for any reason (FETs, shunt, ambient) and stopping a heat source is one of the
    /// alarm's reactions. It holds the bleeders off without cancelling the balancer's plan, which resumes when the
    /// alarm releases; every other reason cancels the plan. Allocates nothing.
    /// </summary>
    public sealed class BleedPermission
    {
        /// <summary>The reasons that are safety's (the outputs stage drives no bleeder while any is set).</summary>
        public const int SafetyBits = BalancingInhibit.Fault | BalancingInhibit.SensorFault | BalancingInhibit.State | BalancingInhibit.ProtectionAlarm;

        private const int OverTemperatureHysteresisDeciC = 50;

        private readonly BmsConfig _config;
        private int _configRevision = -1;
        private int _maxDeciC;
        private bool _allowUncalibrated;
        private bool _disabled;
        private bool _overTemperature;

        /// <summary>
        /// Makes the decision over the configuration (bal.mode, bal.t_max, bal.uncal; re-read when it changes).
        /// </summary>
        /// <param name="config">Configuration in force.</param>
        public BleedPermission(BmsConfig config)
        {
            _config = config;
        }

        /// <summary>
        /// The calibration constants in force, checked for a two-point calibration of every configured cell
        /// channel; null skips the check (a balancer driven without a measurement chain).
        /// </summary>
        public Measurement.Calibration Calibration { get; set; }

        /// <summary>
        /// Why the bleeders may not run now.
        /// </summary>
        /// <param name="status">Module status of this tick (measured, protected, state machine stepped).</param>
        /// <param name="cellCount">Cells in series.</param>
        /// <returns><see cref="BalancingInhibit"/> bits, 0 when bleeding is allowed.</returns>
        public int Evaluate(ModuleStatus status, int cellCount)
        {
            if (_config.Revision != _configRevision)
            {
                _configRevision = _config.Revision;
                _maxDeciC = _config.Get(BalancingKeys.BoardMaxDeciC);
                _allowUncalibrated = _config.Get(BalancingKeys.AllowUncalibrated) != 0;
                _disabled = _config.Get(BalancingKeys.Mode) == BalancingMode.Off;
            }

            return Safety(status) | Balancing(status, cellCount);
        }

        /// <summary>
        /// The safety reasons alone (see <see cref="SafetyBits"/>).
        /// </summary>
        /// <param name="status">Module status.</param>
        /// <returns><see cref="BalancingInhibit"/> bits.</returns>
        public static int Safety(ModuleStatus status)
        {
            int inhibit = 0;
            ModuleState state = status.State;
            if ((status.FaultMask & DiagnosisTable.StopBleedingFaultBits) != 0 || state == ModuleState.Fault)
            {
                inhibit |= BalancingInhibit.Fault;
            }

            if ((status.SensorFaultMask & DiagnosisTable.StopBleedingSensorBits) != 0)
            {
                inhibit |= BalancingInhibit.SensorFault;
            }

            if (state == ModuleState.Boot || state == ModuleState.SelfTest || state == ModuleState.Service)
            {
                inhibit |= BalancingInhibit.State;
            }

            if ((status.AlarmMask & DiagnosisTable.StopBleedingAlarmBits) != 0)
            {
                inhibit |= BalancingInhibit.ProtectionAlarm;
            }

            return inhibit;
        }

        private int Balancing(ModuleStatus status, int cellCount)
        {
            int inhibit = 0;
            if (!_allowUncalibrated && Calibration != null)
            {
                for (int i = 0; i < cellCount; i++)
                {
                    if (!Calibration.IsTwoPoint(i))
                    {
                        inhibit |= BalancingInhibit.Uncalibrated;
                        break;
                    }
                }
            }

            if (_disabled)
            {
                inhibit |= BalancingInhibit.Disabled;
            }

            if (!status.MeasurementValid)
            {
                inhibit |= BalancingInhibit.NoMeasurement;
            }

            int boardDeciC = status.TemperatureDeciC[Bmu16.AuxNtcBoard];
            if (boardDeciC >= _maxDeciC)
            {
                _overTemperature = true;
            }
            else if (boardDeciC < _maxDeciC - OverTemperatureHysteresisDeciC)
            {
                _overTemperature = false;
            }

            if (_overTemperature)
            {
                inhibit |= BalancingInhibit.OverTemperature;
            }

            return inhibit;
        }
    }
}
