using BatteryShift.Bms.Balancing;
using BatteryShift.Bms.Board;
using BatteryShift.Bms.Config;
using BatteryShift.Bms.Protection;
using BatteryShift.Hal;

namespace BatteryShift.Bms.Outputs
{
    /// <summary>
    /// Last stage of the control tick: drives the charge and discharge FET enables and hands the balancer's mask to
    /// the bleed driver. A FET closes only in an operating state (standby, charging, discharging, rest) with no
    /// latched fault whose reaction opens it (<see cref="DiagnosisTable.ChargeFaultBits"/>,
    /// <see cref="DiagnosisTable.DischargeFaultBits"/>); at boot, in self-test and service both stay open. The bleed
    /// mask is applied only while <see cref="ModuleStatus.BleedPermitted"/>, which this stage writes from
    /// <see cref="BleedPermission.Safety"/>; the bleed driver pauses the bleeders for each cell scan.
    /// </summary>
    public sealed class OutputStage
    {
        /// <summary>Time both FETs must have been open before the current counts as zero (auto-zero), ms.</summary>
        public const int ZeroSettleMs = 200;

        private readonly IGpio _gpio;
        private readonly BleedShiftRegister _bleed;
        private readonly ModuleStatus _status;
        private readonly BmsConfig _config;
        private bool _chargeOn;
        private bool _dischargeOn;
        private long _bothOpenSinceMs;

        /// <summary>
        /// Makes the stage; the pins are already opened low by the core and the register disabled.
        /// </summary>
        /// <param name="gpio">Digital pins.</param>
        /// <param name="bleed">Bleed register driver.</param>
        /// <param name="status">The blackboard.</param>
        /// <param name="config">Configuration.</param>
        public OutputStage(IGpio gpio, BleedShiftRegister bleed, ModuleStatus status, BmsConfig config)
        {
            _gpio = gpio;
            _bleed = bleed;
            _status = status;
            _config = config;
            _bothOpenSinceMs = 0;
        }

        /// <summary>
        /// True when both FETs have been open for at least <see cref="ZeroSettleMs"/>, so no current flows (auto-zero may run).
        /// </summary>
        /// <param name="nowMs">Uptime.</param>
        /// <returns>True when the current is known to be zero.</returns>
        public bool CurrentKnownZero(long nowMs)
        {
            return !_chargeOn && !_dischargeOn && nowMs - _bothOpenSinceMs >= ZeroSettleMs;
        }

        /// <summary>
        /// True in states where a FET may be closed.
        /// </summary>
        /// <param name="state">State.</param>
        /// <returns>True for standby, charging, discharging and rest.</returns>
        public static bool Operating(ModuleState state)
        {
            return state == ModuleState.Standby || state == ModuleState.Charging || state == ModuleState.Discharging || state == ModuleState.Rest;
        }

        /// <summary>
        /// Applies the FET enables and the bleed mask for this tick.
        /// </summary>
        /// <param name="state">State machine state.</param>
        /// <param name="selfTestPassed">True once the self-test has passed (no FET closes before).</param>
        public void Apply(ModuleState state, bool selfTestPassed)
        {
            ModuleStatus s = _status;
            bool operating = selfTestPassed && (Operating(state) || state == ModuleState.Fault);
            bool charge = operating && (s.FaultMask & DiagnosisTable.ChargeFaultBits) == 0;
            bool discharge = operating && (s.FaultMask & DiagnosisTable.DischargeFaultBits) == 0;
            SetFets(charge, discharge, s.TimeMs);

            s.BleedPermitted = BleedPermission.Safety(s) == 0;
            _bleed.Apply(s.BleedPermitted ? s.BleedMask & ((1 << s.CellCount) - 1) : 0);
        }

        /// <summary>
        /// Opens both FETs and stops bleeding at once (used by the core on any path that must be safe now).
        /// </summary>
        public void AllOff()
        {
            SetFets(false, false, _status.TimeMs);
            _bleed.Apply(0);
        }

        /// <summary>
        /// Opens both FETs by writing both pins whatever this stage believes they hold, then stops bleeding: for a tick
        /// that failed part-way, when the remembered levels may not be the pins' levels.
        /// </summary>
        public void ForceOff()
        {
            _chargeOn = true;
            _dischargeOn = true;
            AllOff();
        }

        private void SetFets(bool charge, bool discharge, long nowMs)
        {
            if (charge != _chargeOn)
            {
                _gpio.Write(Bmu16.PinChargeFet, charge);
                _chargeOn = charge;
            }

            if (discharge != _dischargeOn)
            {
                _gpio.Write(Bmu16.PinDischargeFet, discharge);
                _dischargeOn = discharge;
            }

            if (charge || discharge)
            {
                _bothOpenSinceMs = nowMs;
            }

            _status.ChargeFetOn = charge;
            _status.DischargeFetOn = discharge;
        }
    }
}
