namespace BatteryShift.Bms
{
    /// <summary>
    /// States of the module state machine. nanoFramework cannot print enum names: use
    /// <see cref="ModuleStateNames.Of"/>.
    /// </summary>
    public enum ModuleState
    {
        /// <summary>Starting: outputs off, configuration and fault log being loaded.</summary>
        Boot = 0,

        /// <summary>Checking references, sensors and outputs before any FET is closed.</summary>
        SelfTest = 1,

        /// <summary>Healthy, FETs closed, no significant current.</summary>
        Standby = 2,

        /// <summary>Current flows into the module.</summary>
        Charging = 3,

        /// <summary>Current flows out of the module.</summary>
        Discharging = 4,

        /// <summary>No current for long enough that the cells are relaxing toward open-circuit voltage.</summary>
        Rest = 5,

        /// <summary>A fault is latched: FETs open until cleared by command after the cause is gone.</summary>
        Fault = 6,

        /// <summary>Calibration and service: FETs open, bleeders off.</summary>
        Service = 7,
    }
}
