using System.Text;
using BatteryShift.Site.Aggregation;
using BatteryShift.Tests.Mqtt;
using Xunit;

namespace BatteryShift.Tests.Site
{
    /// <summary>The rack's limits payload: the module schema's fields in its order, then modules and modules_ok; valid against its schema.</summary>
    public sealed class SiteLimitsJsonTests
    {
        [Fact]
        public void OpenLimitsAreWrittenWithTheSchemasDecimalsAndPassIt()
        {
            var limits = new SiteLimits(true, 320, 1101m, 63.4m, 131m, true, false, "cell_uv", 20, 20, "ignored");
            string json = SiteLimitsJson.Encode(limits, 7, 12345);
            Assert.Equal("{\"seq\":7,\"uptime_ms\":12345,\"valid\":true,\"cells\":320,\"cvl_v\":1101.000,\"ccl_a\":63.4,\"dcl_a\":131.0,\"charge_allowed\":true,\"discharge_allowed\":false,\"reason\":\"cell_uv\",\"modules\":20,\"modules_ok\":20}", json);
            Assert.Null(MqttSchemas.Errors("site-limits", Encoding.UTF8.GetBytes(json)));
        }

        [Fact]
        public void ClosedLimitsPassTheSchemaAndOpenOnesWithoutDataDoNot()
        {
            var closed = new SiteLimits(false, 0, 0m, 0m, 0m, false, false, "module_stale", 20, 19, string.Empty);
            Assert.Null(MqttSchemas.Errors("site-limits", Encoding.UTF8.GetBytes(SiteLimitsJson.Encode(closed, 0, 0))));

            // the schema holds the rule: invalid limits with a current are refused
            var wrong = new SiteLimits(false, 0, 0m, 10m, 0m, false, false, "module_stale", 20, 19, string.Empty);
            Assert.NotNull(MqttSchemas.Errors("site-limits", Encoding.UTF8.GetBytes(SiteLimitsJson.Encode(wrong, 0, 0))));
        }
    }
}
