using System.Globalization;

namespace BatteryShift.Site.Aggregation
{
    /// <summary>
    /// The payload of <c>&lt;prefix&gt;/site/limits</c> (docs/mqtt/site-limits.schema.json): a module's limits schema,
    /// fields in the same order, followed by <c>modules</c> and <c>modules_ok</c>.
    /// </summary>
    public static class SiteLimitsJson
    {
        /// <summary>Writes the payload.</summary>
        /// <param name="limits">The rack's limits.</param>
        /// <param name="seq">The aggregator's message counter.</param>
        /// <param name="uptimeMs">The aggregator's uptime, ms.</param>
        /// <returns>JSON text.</returns>
        public static string Encode(SiteLimits limits, long seq, long uptimeMs)
        {
            return string.Create(
                CultureInfo.InvariantCulture,
                $"{{\"seq\":{seq},\"uptime_ms\":{uptimeMs},\"valid\":{Bool(limits.Valid)},\"cells\":{limits.Cells},\"cvl_v\":{limits.CvlV:F3},\"ccl_a\":{limits.CclA:F1},\"dcl_a\":{limits.DclA:F1},\"charge_allowed\":{Bool(limits.ChargeAllowed)},\"discharge_allowed\":{Bool(limits.DischargeAllowed)},\"reason\":\"{limits.Reason}\",\"modules\":{limits.Modules},\"modules_ok\":{limits.ModulesOk}}}");
        }

        private static string Bool(bool b) => b ? "true" : "false";
    }
}
