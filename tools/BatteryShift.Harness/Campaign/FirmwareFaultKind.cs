namespace BatteryShift.Harness.Campaign
{
    /// <summary>Faults of the firmware itself, its stored state or its command channels that a campaign scenario may carry.</summary>
    public enum FirmwareFaultKind
    {
        /// <summary>The control thread hangs (a deadlock, a native call that never returns): no tick, no communication.</summary>
        ControlHang = 0,

        /// <summary>A HAL call inside the tick (the ADC read) throws on every tick.</summary>
        TickThrows = 1,

        /// <summary>The heap is exhausted in the communication pass: every MQTT publish throws.</summary>
        CommunicateOutOfMemory = 2,

        /// <summary>The fault log's blobs are corrupted after a latch, then the board browns out.</summary>
        FaultLogCorrupt = 3,

        /// <summary>The power is cut during a store write (the next replace after the cut is armed).</summary>
        PowerCutDuringWrite = 4,

        /// <summary>A wrong calibration point entered at the local console before a hazard.</summary>
        CalibrationAttack = 5,

        /// <summary>Retained, replayed, duplicated, state-changing and malformed commands on the MQTT command topic.</summary>
        CommandAdversary = 6,
    }
}
