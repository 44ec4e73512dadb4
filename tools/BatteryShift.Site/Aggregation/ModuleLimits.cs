namespace BatteryShift.Site.Aggregation
{
    /// <summary>One module's limits message (<c>&lt;prefix&gt;/&lt;id&gt;/limits</c>, docs/mqtt.md), as read.</summary>
    /// <param name="Seq">The module's message counter.</param>
    /// <param name="UptimeMs">The module's uptime when it published, ms.</param>
    /// <param name="Valid">False while the module cannot vouch for its limits.</param>
    /// <param name="Cells">Cells in series in the module.</param>
    /// <param name="CvlV">Charge voltage limit, V.</param>
    /// <param name="CclA">Charge current limit, A.</param>
    /// <param name="DclA">Discharge current limit, A.</param>
    /// <param name="ChargeAllowed">False when the module forbids charging.</param>
    /// <param name="DischargeAllowed">False when the module forbids discharging.</param>
    /// <param name="Reason">The module's reason, snake_case.</param>
    public sealed record ModuleLimits(
        long Seq,
        long UptimeMs,
        bool Valid,
        int Cells,
        decimal CvlV,
        decimal CclA,
        decimal DclA,
        bool ChargeAllowed,
        bool DischargeAllowed,
        string Reason);
}
