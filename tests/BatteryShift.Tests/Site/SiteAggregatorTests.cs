using System;
using System.Collections.Generic;
using BatteryShift.Site.Aggregation;
using Xunit;

namespace BatteryShift.Tests.Site
{
    /// <summary>The rack's limits against minimums worked out by hand (docs/site.md), and every rule that closes them.</summary>
    public sealed class SiteAggregatorTests
    {
        private const long Stale = 5000;

        private static SiteAggregator ThreeModules(Topology topology)
        {
            var a = new SiteAggregator(3, topology, Stale);
            a.OnLimits("m1", LimitsPayload.Bytes(cvl: "55.200", ccl: "100.0", dcl: "120.0"), 0);
            a.OnLimits("m2", LimitsPayload.Bytes(cvl: "55.100", ccl: "80.5", dcl: "140.0"), 0);
            a.OnLimits("m3", LimitsPayload.Bytes(cvl: "55.350", ccl: "90.0", dcl: "110.2"), 0);
            return a;
        }

        [Fact]
        public void SeriesTakesTheSmallestCurrentsAndTheModuleCountTimesTheSmallestVoltage()
        {
            SiteLimits s = ThreeModules(Topology.Series).Evaluate(100);

            // by hand: CVL 3 x 55.100 = 165.300; CCL min(100.0, 80.5, 90.0) = 80.5; DCL min(120.0, 140.0, 110.2) = 110.2
            Assert.True(s.Valid);
            Assert.Equal(165.300m, s.CvlV);
            Assert.Equal(80.5m, s.CclA);
            Assert.Equal(110.2m, s.DclA);
            Assert.Equal(48, s.Cells);
            Assert.True(s.ChargeAllowed);
            Assert.True(s.DischargeAllowed);
            Assert.Equal("ok", s.Reason);
            Assert.Equal(3, s.ModulesOk);
            Assert.Equal(3, s.Modules);
        }

        [Fact]
        public void ParallelTakesTheModuleCountTimesTheSmallestCurrentsAndTheSmallestVoltage()
        {
            SiteLimits s = ThreeModules(Topology.Parallel).Evaluate(100);

            // by hand: CVL 55.100; CCL 3 x 80.5 = 241.5; DCL 3 x 110.2 = 330.6
            Assert.Equal(55.100m, s.CvlV);
            Assert.Equal(241.5m, s.CclA);
            Assert.Equal(330.6m, s.DclA);
            Assert.Equal(16, s.Cells);
        }

        [Fact]
        public void LimitsAreRoundedDownNeverUp()
        {
            var a = new SiteAggregator(3, Topology.Parallel, Stale);
            a.OnLimits("m1", LimitsPayload.Bytes(cvl: "55.2009", ccl: "33.37", dcl: "33.39"), 0);
            a.OnLimits("m2", LimitsPayload.Bytes(cvl: "55.2009", ccl: "33.37", dcl: "33.39"), 0);
            a.OnLimits("m3", LimitsPayload.Bytes(cvl: "55.2009", ccl: "33.37", dcl: "33.39"), 0);
            SiteLimits p = a.Evaluate(0);

            // 3 x 33.37 = 100.11 -> 100.1; 3 x 33.39 = 100.17 -> 100.1 (not 100.2); 55.2009 -> 55.200
            Assert.Equal(100.1m, p.CclA);
            Assert.Equal(100.1m, p.DclA);
            Assert.Equal(55.200m, p.CvlV);

            var s = new SiteAggregator(2, Topology.Series, Stale);
            s.OnLimits("m1", LimitsPayload.Bytes(cvl: "55.2009", ccl: "80.59"), 0);
            s.OnLimits("m2", LimitsPayload.Bytes(cvl: "55.3", ccl: "90"), 0);

            // 2 x 55.2009 = 110.4018 -> 110.401; 80.59 -> 80.5
            Assert.Equal(110.401m, s.Evaluate(0).CvlV);
            Assert.Equal(80.5m, s.Evaluate(0).CclA);
        }

        [Fact]
        public void FewerModulesThanExpectedCloseTheLimits()
        {
            var a = new SiteAggregator(3, Topology.Series, Stale);
            a.OnLimits("m1", LimitsPayload.Bytes(), 0);
            a.OnLimits("m2", LimitsPayload.Bytes(), 0);
            SiteLimits s = a.Evaluate(10);
            AssertClosed(s, "modules_missing");
            Assert.Equal(2, s.ModulesOk);
            Assert.Contains("2 of 3 modules seen", s.Detail, StringComparison.Ordinal);

            a.OnLimits("m3", LimitsPayload.Bytes(), 20);
            Assert.True(a.Evaluate(30).Valid);
        }

        [Fact]
        public void MoreModulesThanExpectedCloseTheLimits()
        {
            SiteAggregator a = ThreeModules(Topology.Parallel);
            a.OnLimits("m4", LimitsPayload.Bytes(), 0);
            AssertClosed(a.Evaluate(10), "modules_extra");
        }

        [Fact]
        public void AnOfflineModuleClosesTheLimitsUntilItIsBackOnline()
        {
            SiteAggregator a = ThreeModules(Topology.Series);
            a.OnAvailability("m2", "online");
            Assert.True(a.Evaluate(10).Valid);

            a.OnAvailability("m2", "offline");
            SiteLimits s = a.Evaluate(20);
            AssertClosed(s, "module_offline");
            Assert.Equal(2, s.ModulesOk);
            Assert.Contains("offline: m2", s.Detail, StringComparison.Ordinal);

            a.OnAvailability("m2", "online");
            Assert.Equal(165.300m, a.Evaluate(30).CvlV);
        }

        [Fact]
        public void AnAvailabilityOtherThanOnlineCountsAsOffline()
        {
            SiteAggregator a = ThreeModules(Topology.Series);
            a.OnAvailability("m1", "rebooting");
            AssertClosed(a.Evaluate(10), "module_offline");
        }

        [Fact]
        public void AModuleWithoutLimitsForLongerThanTheStaleTimeClosesTheLimits()
        {
            SiteAggregator a = ThreeModules(Topology.Series);

            // fresh up to and including the stale time, stale one millisecond later
            Assert.True(a.Evaluate(Stale).Valid);
            a.OnLimits("m1", LimitsPayload.Bytes(), 3000);
            a.OnLimits("m2", LimitsPayload.Bytes(cvl: "55.100", ccl: "80.5", dcl: "140.0"), 3000);
            SiteLimits s = a.Evaluate(Stale + 1);
            AssertClosed(s, "module_stale");
            Assert.Contains("m3", s.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain("m1", s.Detail, StringComparison.Ordinal);
            Assert.Equal(2, s.ModulesOk);
        }

        [Fact]
        public void ALimitReplayedFromTheRetainedStoreIsNotTakenAsFresh()
        {
            var a = new SiteAggregator(2, Topology.Series, Stale);
            a.OnLimits("m1", LimitsPayload.Bytes(), 0, live: false);
            a.OnLimits("m2", LimitsPayload.Bytes(), 0, live: false);
            AssertClosed(a.Evaluate(10), "module_stale");

            a.OnLimits("m1", LimitsPayload.Bytes(), 500);
            a.OnLimits("m2", LimitsPayload.Bytes(), 600);
            Assert.True(a.Evaluate(700).Valid);
        }

        [Fact]
        public void AnInvalidModuleClosesTheLimitsAndIsNamed()
        {
            SiteAggregator a = ThreeModules(Topology.Series);
            a.OnLimits("m3", LimitsPayload.Bytes(valid: false, reason: "scan_incomplete"), 10);
            SiteLimits s = a.Evaluate(20);
            AssertClosed(s, "module_invalid");
            Assert.Contains("invalid: m3 (scan_incomplete)", s.Detail, StringComparison.Ordinal);
        }

        [Fact]
        public void AMalformedPayloadIsCountedNamesItsModuleAndClosesTheLimitsUntilAGoodOne()
        {
            SiteAggregator a = ThreeModules(Topology.Series);
            Assert.False(a.OnLimits("m2", System.Text.Encoding.UTF8.GetBytes("{\"seq\":1,\"ccl_a\":\"lots\"}"), 10));
            Assert.False(a.OnLimits("m2", System.Text.Encoding.UTF8.GetBytes("not json"), 20));
            Assert.Equal(2, a.MalformedPayloads);
            SiteLimits s = a.Evaluate(30);
            AssertClosed(s, "module_malformed");
            Assert.Contains("malformed: m2", s.Detail, StringComparison.Ordinal);
            Assert.Contains("2 so far", s.Detail, StringComparison.Ordinal);

            // the module's earlier limits are not trusted again: only its next well-formed message reopens
            Assert.True(a.OnLimits("m2", LimitsPayload.Bytes(cvl: "55.000", ccl: "70.0", dcl: "140.0"), 40));
            SiteLimits back = a.Evaluate(50);
            Assert.Equal(165.000m, back.CvlV);
            Assert.Equal(70.0m, back.CclA);
            Assert.Equal(2, a.MalformedPayloads);
        }

        [Fact]
        public void AModuleThatForbidsChargingAllowsNoChargeCurrentWhateverItsLimitSays()
        {
            SiteAggregator a = ThreeModules(Topology.Parallel);
            a.OnLimits("m1", LimitsPayload.Bytes(ccl: "50.0", charge: false, reason: "cell_ov"), 10);
            SiteLimits s = a.Evaluate(20);
            Assert.True(s.Valid);
            Assert.False(s.ChargeAllowed);
            Assert.True(s.DischargeAllowed);
            Assert.Equal(0m, s.CclA);
            Assert.Equal(330.6m, s.DclA);
            Assert.Equal("cell_ov", s.Reason);
        }

        [Fact]
        public void TheReasonIsThatOfTheModuleSettingTheChargeLimit()
        {
            SiteAggregator a = ThreeModules(Topology.Series);
            a.OnLimits("m2", LimitsPayload.Bytes(cvl: "55.100", ccl: "80.5", dcl: "140.0", reason: "temp_derate"), 10);
            a.OnLimits("m3", LimitsPayload.Bytes(cvl: "55.350", ccl: "90.0", dcl: "110.2", reason: "soc_high"), 10);
            Assert.Equal("temp_derate", a.Evaluate(20).Reason);
        }

        [Fact]
        public void DifferentCellCountsCloseTheLimits()
        {
            var a = new SiteAggregator(2, Topology.Series, Stale);
            a.OnLimits("m1", LimitsPayload.Bytes(cells: 16), 0);
            a.OnLimits("m2", LimitsPayload.Bytes(cells: 15, cvl: "51.750"), 0);
            SiteLimits s = a.Evaluate(10);
            AssertClosed(s, "cells_mismatch");
            Assert.Contains("m2 15 cells", s.Detail, StringComparison.Ordinal);
        }

        [Fact]
        public void TheSitesOwnMessagesAreNotTakenForAModule()
        {
            SiteAggregator a = ThreeModules(Topology.Series);
            a.OnLimits(SiteAggregator.SiteId, LimitsPayload.Bytes(cvl: "1.000", ccl: "1.0"), 10);
            a.OnAvailability(SiteAggregator.SiteId, "offline");
            SiteLimits s = a.Evaluate(20);
            Assert.True(s.Valid);
            Assert.Equal(80.5m, s.CclA);
            Assert.Equal(3, a.ModuleIds.Count);
        }

        [Fact]
        public void AClearedRetainedLimitForgetsTheModulesValues()
        {
            SiteAggregator a = ThreeModules(Topology.Series);
            a.OnLimits("m2", ReadOnlyMemory<byte>.Empty, 10);
            AssertClosed(a.Evaluate(20), "module_stale");
            Assert.Equal(0, a.MalformedPayloads);
        }

        [Fact]
        public void ReasonsAreSnakeCase()
        {
            Assert.Equal("cell_ov", SiteAggregator.Snake("Cell OV!"));
            Assert.Equal("temp_high_3", SiteAggregator.Snake("temp--high 3"));
            Assert.Equal("unknown", SiteAggregator.Snake("?!"));
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(4)]
        [InlineData(5)]
        public void RandomRacksMatchTheMinimumWorkedOutModuleByModule(int seed)
        {
            var random = new Random(seed);
            for (int rack = 0; rack < 200; rack++)
            {
                int n = random.Next(1, 40);
                Topology topology = random.Next(2) == 0 ? Topology.Series : Topology.Parallel;
                var a = new SiteAggregator(n, topology, Stale);
                int minCvlMv = int.MaxValue;
                int minCclDa = int.MaxValue;
                int minDclDa = int.MaxValue;
                bool allCharge = true;
                for (int m = 0; m < n; m++)
                {
                    // integers in mV and dA so the expected figure needs no rounding
                    int cvlMv = random.Next(48000, 58400);
                    int cclDa = random.Next(0, 2000);
                    int dclDa = random.Next(0, 2000);
                    bool charge = random.Next(20) != 0;
                    allCharge &= charge;
                    minCvlMv = Math.Min(minCvlMv, cvlMv);
                    minCclDa = Math.Min(minCclDa, charge ? cclDa : 0);
                    minDclDa = Math.Min(minDclDa, dclDa);
                    a.OnLimits("m" + m, LimitsPayload.Bytes(cvl: Milli(cvlMv), ccl: Deci(cclDa), dcl: Deci(dclDa), charge: charge), 0);
                }

                SiteLimits s = a.Evaluate(1);
                int k = topology == Topology.Series ? 1 : n;
                int cvlFactor = topology == Topology.Series ? n : 1;
                Assert.Equal((decimal)minCvlMv * cvlFactor / 1000m, s.CvlV);
                Assert.Equal((decimal)minCclDa * k / 10m, s.CclA);
                Assert.Equal((decimal)minDclDa * k / 10m, s.DclA);
                Assert.Equal(allCharge, s.ChargeAllowed);
                Assert.Equal(n, s.ModulesOk);
            }
        }

        private static string Milli(int mv) => (mv / 1000) + "." + (mv % 1000).ToString("D3", System.Globalization.CultureInfo.InvariantCulture);

        private static string Deci(int da) => (da / 10) + "." + (da % 10);

        private static void AssertClosed(SiteLimits s, string reason)
        {
            Assert.False(s.Valid);
            Assert.Equal(reason, s.Reason);
            Assert.Equal(0m, s.CvlV);
            Assert.Equal(0m, s.CclA);
            Assert.Equal(0m, s.DclA);
            Assert.False(s.ChargeAllowed);
            Assert.False(s.DischargeAllowed);
            Assert.Equal(0, s.Cells);
        }
    }
}
