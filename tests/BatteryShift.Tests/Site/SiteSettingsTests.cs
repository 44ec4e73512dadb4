using System.Collections.Generic;
using BatteryShift.Site;
using BatteryShift.Site.Aggregation;
using Xunit;

namespace BatteryShift.Tests.Site
{
    /// <summary>The aggregator's options: right ones give the settings, each wrong one an error that names it.</summary>
    public sealed class SiteSettingsTests
    {
        [Fact]
        public void RightOptionsGiveTheSettingsAndTheSiteTopics()
        {
            Assert.True(SiteSettings.TryCreate("broker.lan:1884", "site/rack1", "20", "5000", "parallel", "venus/rack1", out SiteSettings? s, out List<string> errors));
            Assert.Empty(errors);
            Assert.Equal(new SiteSettings("broker.lan", 1884, "site/rack1", 20, 5000, Topology.Parallel, "venus/rack1"), s);
            Assert.Equal("site/rack1/site/limits", s!.SiteLimitsTopic);
            Assert.Equal("site/rack1/site/availability", s.SiteAvailabilityTopic);
        }

        [Theory]
        [InlineData("--broker", "localhost", "site/rack1", "20", "5000", "series", null)]
        [InlineData("--broker", "localhost:0", "site/rack1", "20", "5000", "series", null)]
        [InlineData("--broker", "localhost:port", "site/rack1", "20", "5000", "series", null)]
        [InlineData("--prefix", "h:1883", "site/+", "20", "5000", "series", null)]
        [InlineData("--prefix", "h:1883", "site/rack1/", "20", "5000", "series", null)]
        [InlineData("--prefix", "h:1883", "", "20", "5000", "series", null)]
        [InlineData("--modules", "h:1883", "r", "0", "5000", "series", null)]
        [InlineData("--modules", "h:1883", "r", "twenty", "5000", "series", null)]
        [InlineData("--stale-ms", "h:1883", "r", "20", "500", "series", null)]
        [InlineData("--stale-ms", "h:1883", "r", "20", "5s", "series", null)]
        [InlineData("--topology", "h:1883", "r", "20", "5000", "mesh", null)]
        [InlineData("--venus-topic", "h:1883", "r", "20", "5000", "series", "venus/#")]
        [InlineData("--venus-topic", "h:1883", "site/rack1", "20", "5000", "series", "site/rack1/venus/limits")]
        public void AWrongOptionIsRefusedByName(string option, string broker, string prefix, string modules, string stale, string topology, string? venus)
        {
            Assert.False(SiteSettings.TryCreate(broker, prefix, modules, stale, topology, venus, out SiteSettings? s, out List<string> errors));
            Assert.Null(s);
            string error = Assert.Single(errors);
            Assert.StartsWith(option + ":", error, System.StringComparison.Ordinal);
        }

        [Fact]
        public void EveryWrongOptionIsReportedAtOnce()
        {
            Assert.False(SiteSettings.TryCreate("x", "a/#", "-1", "1", "ring", null, out _, out List<string> errors));
            Assert.Equal(5, errors.Count);
        }
    }
}
