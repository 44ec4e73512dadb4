namespace BatteryShift.Site.Aggregation
{
    /// <summary>
    /// The rack's limits as the aggregator computed them: what <c>&lt;prefix&gt;/site/limits</c> carries (without its
    /// own counter and uptime) and, for the operator, which modules are why (<see cref="Detail"/>, not published).
    /// </summary>
    /// <param name="Valid">False when the limits are closed for want of trustworthy module data.</param>
    /// <param name="Cells">Cells in series across the rack (0 when closed).</param>
    /// <param name="CvlV">Charge voltage limit, V, 3 decimals, rounded down (0 when closed).</param>
    /// <param name="CclA">Charge current limit, A, 1 decimal, rounded down.</param>
    /// <param name="DclA">Discharge current limit, A, 1 decimal, rounded down.</param>
    /// <param name="ChargeAllowed">True when every module allows charging and the limits are open.</param>
    /// <param name="DischargeAllowed">True when every module allows discharging and the limits are open.</param>
    /// <param name="Reason">snake_case: <c>ok</c>, a closing reason, or the reason of a module that sets a limit.</param>
    /// <param name="Modules">Modules expected (<c>--modules</c>).</param>
    /// <param name="ModulesOk">Modules seen online, fresh, well-formed and valid.</param>
    /// <param name="Detail">Which modules are offline, stale, malformed or invalid (for the status line).</param>
    public sealed record SiteLimits(
        bool Valid,
        int Cells,
        decimal CvlV,
        decimal CclA,
        decimal DclA,
        bool ChargeAllowed,
        bool DischargeAllowed,
        string Reason,
        int Modules,
        int ModulesOk,
        string Detail)
    {
        /// <summary>True when the limits are closed: no charge and no discharge current.</summary>
        public bool Closed => !Valid;

        /// <summary>True when <paramref name="other"/> would publish the same payload (everything but <see cref="Detail"/>).</summary>
        /// <param name="other">Other limits, or null.</param>
        /// <returns>True when equal on every published field.</returns>
        public bool SamePayload(SiteLimits? other) =>
            other != null && Valid == other.Valid && Cells == other.Cells && CvlV == other.CvlV && CclA == other.CclA && DclA == other.DclA
            && ChargeAllowed == other.ChargeAllowed && DischargeAllowed == other.DischargeAllowed && Reason == other.Reason
            && Modules == other.Modules && ModulesOk == other.ModulesOk;
    }
}
