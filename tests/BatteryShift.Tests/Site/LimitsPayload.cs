using System.Text;

namespace BatteryShift.Tests.Site
{
    /// <summary>A module's limits payload in the schema's field order (docs/mqtt.md), numbers given as the module prints them.</summary>
    public static class LimitsPayload
    {
        public static byte[] Bytes(
            string cvl = "55.200",
            string ccl = "100.0",
            string dcl = "120.0",
            bool valid = true,
            int cells = 16,
            bool charge = true,
            bool discharge = true,
            string reason = "ok",
            long seq = 1,
            long uptimeMs = 1000)
        {
            return Encoding.UTF8.GetBytes(Text(cvl, ccl, dcl, valid, cells, charge, discharge, reason, seq, uptimeMs));
        }

        public static string Text(
            string cvl = "55.200",
            string ccl = "100.0",
            string dcl = "120.0",
            bool valid = true,
            int cells = 16,
            bool charge = true,
            bool discharge = true,
            string reason = "ok",
            long seq = 1,
            long uptimeMs = 1000)
        {
            return "{\"seq\":" + seq + ",\"uptime_ms\":" + uptimeMs + ",\"valid\":" + (valid ? "true" : "false") + ",\"cells\":" + cells
                + ",\"cvl_v\":" + cvl + ",\"ccl_a\":" + ccl + ",\"dcl_a\":" + dcl
                + ",\"charge_allowed\":" + (charge ? "true" : "false") + ",\"discharge_allowed\":" + (discharge ? "true" : "false")
                + ",\"reason\":\"" + reason + "\"}";
        }
    }
}
