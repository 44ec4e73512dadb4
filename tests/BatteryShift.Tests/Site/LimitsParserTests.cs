using System.Text;
using BatteryShift.Site.Aggregation;
using Xunit;

namespace BatteryShift.Tests.Site
{
    /// <summary>The limits payload is read strictly: each way a payload can be wrong is refused with the field named.</summary>
    public sealed class LimitsParserTests
    {
        [Fact]
        public void AWellFormedPayloadIsReadFieldByField()
        {
            Assert.True(LimitsParser.TryParse(LimitsPayload.Bytes(cvl: "55.125", ccl: "87.5", dcl: "140.0", valid: true, cells: 15, charge: false, discharge: true, reason: "cell_ov", seq: 42, uptimeMs: 84200), out ModuleLimits? m, out string error));
            Assert.Equal(string.Empty, error);
            Assert.Equal(new ModuleLimits(42, 84200, true, 15, 55.125m, 87.5m, 140.0m, false, true, "cell_ov"), m);
        }

        [Fact]
        public void FieldsTheSchemaDoesNotNameAreIgnored()
        {
            string text = LimitsPayload.Text().TrimEnd('}') + ",\"later\":[1,2]}";
            Assert.True(LimitsParser.TryParse(Encoding.UTF8.GetBytes(text), out _, out _));
        }

        [Theory]
        [InlineData("", "not JSON")]
        [InlineData("[1,2]", "not a JSON object")]
        [InlineData("{\"seq\":1}", "uptime_ms")]
        [InlineData("{\"seq\":-1,\"uptime_ms\":0}", "seq")]
        [InlineData("{\"seq\":1.5,\"uptime_ms\":0}", "seq")]
        public void BrokenPayloadsAreRefused(string text, string named)
        {
            Assert.False(LimitsParser.TryParse(Encoding.UTF8.GetBytes(text), out ModuleLimits? m, out string error));
            Assert.Null(m);
            Assert.Contains(named, error, System.StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("\"ccl_a\":100.0", "\"ccl_a\":\"100.0\"", "ccl_a")]
        [InlineData("\"ccl_a\":100.0", "\"ccl_a\":-0.1", "ccl_a")]
        [InlineData("\"dcl_a\":120.0", "\"dcl_a\":null", "dcl_a")]
        [InlineData("\"cvl_v\":55.200", "\"cvl_v\":1e9", "cvl_v")]
        [InlineData("\"cells\":16", "\"cells\":0", "cells")]
        [InlineData("\"cells\":16", "\"cells\":16.5", "cells")]
        [InlineData("\"valid\":true", "\"valid\":1", "valid")]
        [InlineData("\"charge_allowed\":true", "\"charge_allowed\":\"true\"", "charge_allowed")]
        [InlineData(",\"discharge_allowed\":true", "", "discharge_allowed")]
        [InlineData("\"reason\":\"ok\"", "\"reason\":7", "reason")]
        [InlineData("\"seq\":1,", "\"seq\":1,\"seq\":2,", "JSON")]
        public void AFieldOfTheWrongTypeRangeOrMissingIsRefusedAndNamed(string field, string replacement, string named)
        {
            string good = LimitsPayload.Text();
            Assert.Contains(field, good, System.StringComparison.Ordinal);
            string bad = good.Replace(field, replacement, System.StringComparison.Ordinal);
            Assert.False(LimitsParser.TryParse(Encoding.UTF8.GetBytes(bad), out _, out string error), bad);
            Assert.Contains(named, error, System.StringComparison.Ordinal);
        }
    }
}
