namespace BatteryShift.Site.Venus
{
    /// <summary>One module's electrical reading from its state message (docs/mqtt.md: voltage_v, current_a, power_w, soc_pct).</summary>
    /// <param name="VoltageV">Module voltage, V.</param>
    /// <param name="CurrentA">Current, A, positive into the module.</param>
    /// <param name="PowerW">Power, W, positive into the module.</param>
    /// <param name="SocPct">State of charge, % (null when the module has none).</param>
    /// <param name="ReceivedMs">Aggregator time it arrived, ms.</param>
    public sealed record ModuleReading(decimal VoltageV, decimal CurrentA, decimal PowerW, decimal? SocPct, long ReceivedMs);
}
