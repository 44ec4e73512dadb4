namespace BatteryShift.Monitor.Records
{
    /// <summary>What one serial line was.</summary>
    public enum RecordKind
    {
        /// <summary>Not a record: a reply, an echo, text-mode output or a notice.</summary>
        Other,

        /// <summary>Starts with '$' but the checksum or the fields are wrong.</summary>
        Invalid,

        /// <summary>$S state.</summary>
        State,

        /// <summary>$L limits and estimates.</summary>
        Limits,

        /// <summary>$C cell voltages.</summary>
        Cells,

        /// <summary>$P cell SOC.</summary>
        CellSoc,

        /// <summary>$T temperatures.</summary>
        Temperatures,

        /// <summary>$E event.</summary>
        Event,
    }
}
