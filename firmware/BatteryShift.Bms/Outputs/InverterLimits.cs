namespace BatteryShift.Bms.Outputs
{
    /// <summary>
    /// The limits as a power converter reads them (the retained limits message, docs/mqtt.md): CVL, CCL and DCL at the
    /// message's resolution, whether each direction is allowed at all, whether the figures can be trusted, and why.
    /// Written once per control tick right after <see cref="CurrentLimits"/>, from the status and its reasons; a
    /// direction is allowed only while the figures are valid and its limit is at least 0.1 A, and its limit reads 0
    /// when it is not. <see cref="Changes"/> counts the ticks that changed any field, so a publisher sends at once.
    /// </summary>
    public sealed class InverterLimits
    {
        private readonly ModuleStatus _status;
        private readonly CurrentLimits _limits;
        private bool _valid;
        private int _cellCount;
        private int _chargeVoltageLimitMv;
        private int _chargeCurrentLimitDeciA;
        private int _dischargeCurrentLimitDeciA;
        private bool _chargeAllowed;
        private bool _dischargeAllowed;
        private int _reason = LimitReason.Starting;
        private long _changes;

        /// <summary>
        /// Makes the report over the limits stage.
        /// </summary>
        /// <param name="status">The blackboard.</param>
        /// <param name="limits">The stage that computes CVL, CCL and DCL.</param>
        public InverterLimits(ModuleStatus status, CurrentLimits limits)
        {
            _status = status;
            _limits = limits;
        }

        /// <summary>False while the measurement cannot be trusted: boot and self-test, a latched fault, an invalid
        /// cell scan or an active sensor fault. Both directions are then not allowed.</summary>
        public bool Valid
        {
            get { return _valid; }
        }

        /// <summary>Cells in series.</summary>
        public int CellCount
        {
            get { return _cellCount; }
        }

        /// <summary>Charge voltage limit (CVL), mV; never 0 once computed.</summary>
        public int ChargeVoltageLimitMv
        {
            get { return _chargeVoltageLimitMv; }
        }

        /// <summary>Charge current limit (CCL), 0.1 A; 0 when charging is not allowed.</summary>
        public int ChargeCurrentLimitDeciA
        {
            get { return _chargeCurrentLimitDeciA; }
        }

        /// <summary>Discharge current limit (DCL), 0.1 A; 0 when discharging is not allowed.</summary>
        public int DischargeCurrentLimitDeciA
        {
            get { return _dischargeCurrentLimitDeciA; }
        }

        /// <summary>True when a converter may charge (up to CCL and CVL).</summary>
        public bool ChargeAllowed
        {
            get { return _chargeAllowed; }
        }

        /// <summary>True when a converter may discharge (up to DCL).</summary>
        public bool DischargeAllowed
        {
            get { return _dischargeAllowed; }
        }

        /// <summary>Why (<see cref="LimitReason"/>): <see cref="LimitReason.Ok"/> when both directions are allowed, else
        /// the cause of the invalid figures, or of the charge stop, or of the discharge stop, in that order.</summary>
        public int Reason
        {
            get { return _reason; }
        }

        /// <summary>Updates that changed at least one field since start-up.</summary>
        public long Changes
        {
            get { return _changes; }
        }

        /// <summary>
        /// Takes this tick's limits (after <see cref="CurrentLimits.Update"/>).
        /// </summary>
        public void Update()
        {
            ModuleStatus s = _status;
            bool valid = true;
            int reason = LimitReason.Ok;
            if (s.State == ModuleState.Boot || s.State == ModuleState.SelfTest)
            {
                valid = false;
                reason = LimitReason.Starting;
            }
            else if (s.FaultMask != 0)
            {
                valid = false;
                reason = LimitReason.FaultLatched;
            }
            else if (!s.MeasurementValid || s.SensorFaultMask != 0)
            {
                valid = false;
                reason = LimitReason.SensorFault;
            }

            int ccl = valid ? RoundToDeciA(s.ChargeCurrentLimitMa) : 0;
            int dcl = valid ? RoundToDeciA(s.DischargeCurrentLimitMa) : 0;
            if (valid && s.State == ModuleState.Service)
            {
                ccl = 0;
                dcl = 0;
                reason = LimitReason.Service;
            }
            else if (valid && ccl == 0)
            {
                reason = Cause(_limits.ChargeReason);
            }
            else if (valid && dcl == 0)
            {
                reason = Cause(_limits.DischargeReason);
            }

            Set(valid, s.CellCount, s.ChargeVoltageLimitMv, ccl, dcl, reason);
        }

        private void Set(bool valid, int cellCount, int cvlMv, int cclDeciA, int dclDeciA, int reason)
        {
            bool chargeAllowed = cclDeciA > 0;
            bool dischargeAllowed = dclDeciA > 0;
            if (valid != _valid || cellCount != _cellCount || cvlMv != _chargeVoltageLimitMv || cclDeciA != _chargeCurrentLimitDeciA
                || dclDeciA != _dischargeCurrentLimitDeciA || chargeAllowed != _chargeAllowed || dischargeAllowed != _dischargeAllowed
                || reason != _reason)
            {
                _changes++;
            }

            _valid = valid;
            _cellCount = cellCount;
            _chargeVoltageLimitMv = cvlMv;
            _chargeCurrentLimitDeciA = cclDeciA;
            _dischargeCurrentLimitDeciA = dclDeciA;
            _chargeAllowed = chargeAllowed;
            _dischargeAllowed = dischargeAllowed;
            _reason = reason;
        }

        // a limit that rounds to 0 with nothing derating it: the configured largest current is below 0.1 A
        private static int Cause(int reason)
        {
            return reason == LimitReason.Ok ? LimitReason.Config : reason;
        }

        private static int RoundToDeciA(int milliA)
        {
            return milliA <= 0 ? 0 : (milliA + 50) / 100;
        }
    }
}
