using BatteryShift.Bms.Outputs;

namespace BatteryShift.Bms.Telemetry
{
    /// <summary>
    /// Writes the retained limits message (docs/mqtt.md, pinned by docs/mqtt/limits.schema.json) into a
    /// <see cref="JsonWriter"/> from <see cref="InverterLimits"/>: CVL in V with 3 decimals, CCL and DCL in A with 1,
    /// fixed member names in a fixed order, nothing allocated.
    /// </summary>
    public static class LimitsEncoder
    {
        /// <summary>Longest limits message, bytes (a 16-cell module, the longest reason, the largest counters: about 230).</summary>
        public const int MaxBytes = 256;

        /// <summary>
        /// Writes one limits message.
        /// </summary>
        /// <param name="w">Writer (reset here).</param>
        /// <param name="limits">The limits of the last control tick.</param>
        /// <param name="sequence">Number of this limits message since start-up.</param>
        /// <param name="uptimeMs">Uptime the limits were taken at, ms.</param>
        public static void Write(JsonWriter w, InverterLimits limits, long sequence, long uptimeMs)
        {
            w.Reset();
            w.BeginObject();
            w.Integer("seq", sequence);
            w.Integer("uptime_ms", uptimeMs);
            w.Boolean("valid", limits.Valid);
            w.Integer("cells", limits.CellCount);
            w.Fixed("cvl_v", limits.ChargeVoltageLimitMv, 3);
            w.Fixed("ccl_a", limits.ChargeCurrentLimitDeciA, 1);
            w.Fixed("dcl_a", limits.DischargeCurrentLimitDeciA, 1);
            w.Boolean("charge_allowed", limits.ChargeAllowed);
            w.Boolean("discharge_allowed", limits.DischargeAllowed);
            w.Text("reason", LimitReason.Name(limits.Reason));
            w.EndObject();
        }
    }
}
