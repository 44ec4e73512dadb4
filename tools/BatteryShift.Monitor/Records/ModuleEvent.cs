namespace BatteryShift.Monitor.Records
{
    /// <summary>One event record ($E) of the board.</summary>
    /// <param name="TimeMs">Board uptime, ms.</param>
    /// <param name="Sequence">Event sequence number.</param>
    /// <param name="Kind">Kind name (state, fault, ...).</param>
    /// <param name="Code">Code (limit id, state, key).</param>
    /// <param name="Value">Value.</param>
    public sealed record ModuleEvent(long TimeMs, long Sequence, string Kind, int Code, int Value);
}
