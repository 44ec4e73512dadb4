namespace BatteryShift.Hal.Simulation
{
    /// <summary>Faults the virtual module can inject. Target and value meanings are given per kind.</summary>
    public enum FaultKind
    {
        /// <summary>Sense wire n open (target n = 1..cells: the tap between cell n and n+1, n = cells: the top tap).</summary>
        OpenSenseWire = 0,

        /// <summary>NTC open (target = mux B channel 0..9): the input reads REF_HI.</summary>
        NtcOpen = 1,

        /// <summary>NTC shorted (target = mux B channel 0..9): the input reads 0 V.</summary>
        NtcShort = 2,

        /// <summary>ADC channel stuck (target = ADC1 channel 0..7, value = counts, default 4095).</summary>
        AdcStuck = 3,

        /// <summary>Internal soft short (target = cell index 0-based, value = resistance ohm, default 100).</summary>
        SoftShort = 4,

        /// <summary>Cell heating abnormally (target = cell index 0-based, value = extra heat W, default 5).</summary>
        CellHeating = 5,

        /// <summary>Current-sensor offset drift (value = drift in A per hour of fault time, default 0.5).</summary>
        CurrentOffsetDrift = 6,

        /// <summary>Charger overvoltage: the charger pushes to value V per cell (default 3.9) and ignores the charge
        /// enable and its cut-off; the charge FET still stops the current.</summary>
        ChargerOvervoltage = 7,

        /// <summary>Supply brown-out: the board resets when the fault starts (the firmware must restart).</summary>
        BrownOut = 8,

        /// <summary>Network loss: <see cref="VirtualModule.NetworkAvailable"/> is false while active.</summary>
        NetworkLoss = 9,

        /// <summary>External stop input asserted (pulled low) while active.</summary>
        ExternalStop = 10,
    }
}
