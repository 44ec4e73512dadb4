namespace BatteryShift.Hal.Simulation
{
    /// <summary>What held the current of a <see cref="LimitFollowingConverter"/> below its duty's request at its last step.</summary>
    public enum ConverterLimit
    {
        /// <summary>Nothing: the converter gives what the duty asks.</summary>
        None,

        /// <summary>The current is still ramping towards the request.</summary>
        Ramp,

        /// <summary>Charge current capped at CCL.</summary>
        ChargeCurrent,

        /// <summary>Charge current reduced to hold the module at CVL (constant-voltage phase).</summary>
        ChargeVoltage,

        /// <summary>Charging stopped: charge_allowed is false.</summary>
        ChargeNotAllowed,

        /// <summary>Discharge current capped at DCL.</summary>
        DischargeCurrent,

        /// <summary>Discharging stopped: discharge_allowed is false.</summary>
        DischargeNotAllowed,

        /// <summary>Both stopped: the limits say they are not valid.</summary>
        Invalid,

        /// <summary>Both stopped: no limits message for longer than the staleness timeout.</summary>
        Stale,
    }
}
