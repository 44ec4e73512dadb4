using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using BatteryShift.Site.Aggregation;
using BatteryShift.Site.Venus;
using Xunit;

namespace BatteryShift.Tests.Site
{
    /// <summary>
    /// The rack in the JSON of the Venus OS driver dbus-mqtt-battery, against what its README ("JSON structure") and its
    /// message handler say (https://github.com/mr-manuel/venus-os_dbus-mqtt-battery, read at commit 3e44459): the
    /// driver takes a message only when it holds <c>Dc.Power</c>, <c>Dc.Voltage</c> and <c>Soc</c>; it maps
    /// <c>Dc.X</c> to D-Bus <c>/Dc/0/X</c> and every other <c>A.B</c> to <c>/A/B</c>; it takes strings, integers,
    /// floats and null, and refuses a JSON true/false (Python's bool is not its int), so the Io flags are 0/1.
    /// </summary>
    public sealed class VenusBatteryTests
    {
        /// <summary>The names the driver's README lists, by object.</summary>
        private static readonly Dictionary<string, string[]> s_driverFields = new()
        {
            ["Dc"] = new[] { "Power", "Voltage", "Current", "Temperature" },
            ["Info"] = new[] { "ChargeRequest", "MaxChargeVoltage", "MaxChargeCurrent", "MaxDischargeCurrent", "MaxChargeCellVoltage" },
            ["Io"] = new[] { "AllowToCharge", "AllowToDischarge", "AllowToBalance", "AllowToHeat", "ExternalRelay" },
            ["System"] = new[] { "NrOfModulesOnline", "NrOfModulesOffline", "NrOfModulesBlockingCharge", "NrOfModulesBlockingDischarge" },
        };

        private static readonly SiteLimits s_open = new(true, 32, 110.400m, 80.5m, 120.0m, true, true, "ok", 2, 2, string.Empty);

        [Fact]
        public void EveryFieldIsOneTheDriverKnowsAndTheMinimumItNeedsIsThere()
        {
            var venus = Readings(Topology.Series);
            using JsonDocument doc = JsonDocument.Parse(venus.Encode(s_open, 100));
            JsonElement root = doc.RootElement;
            Assert.True(root.TryGetProperty("Soc", out _));
            Assert.True(root.GetProperty("Dc").TryGetProperty("Power", out _));
            Assert.True(root.GetProperty("Dc").TryGetProperty("Voltage", out _));
            foreach (JsonProperty top in root.EnumerateObject())
            {
                if (top.Name == "Soc")
                {
                    continue;
                }

                Assert.True(s_driverFields.ContainsKey(top.Name), top.Name);
                foreach (JsonProperty inner in top.Value.EnumerateObject())
                {
                    Assert.Contains(inner.Name, s_driverFields[top.Name]);

                    // the driver takes str, int, float or None: no true/false, no nested objects
                    Assert.True(inner.Value.ValueKind is JsonValueKind.Number or JsonValueKind.Null, $"{top.Name}.{inner.Name} is {inner.Value.ValueKind}");
                }
            }
        }

        [Fact]
        public void SeriesAddsVoltagesAndPowersAndTakesTheLowestSoc()
        {
            using JsonDocument doc = JsonDocument.Parse(Readings(Topology.Series).Encode(s_open, 100));
            JsonElement r = doc.RootElement;

            // by hand: 52.500 + 52.700 = 105.200 V; one current, (-3.200 + -3.200) / 2; -168.0 + -168.6 = -336.6 W; SOC min(55.5, 54.0)
            Assert.Equal(105.200m, r.GetProperty("Dc").GetProperty("Voltage").GetDecimal());
            Assert.Equal(-3.200m, r.GetProperty("Dc").GetProperty("Current").GetDecimal());
            Assert.Equal(-336.6m, r.GetProperty("Dc").GetProperty("Power").GetDecimal());
            Assert.Equal(54.0m, r.GetProperty("Soc").GetDecimal());
            Assert.Equal(110.400m, r.GetProperty("Info").GetProperty("MaxChargeVoltage").GetDecimal());
            Assert.Equal(80.5m, r.GetProperty("Info").GetProperty("MaxChargeCurrent").GetDecimal());
            Assert.Equal(120.0m, r.GetProperty("Info").GetProperty("MaxDischargeCurrent").GetDecimal());
            Assert.Equal(1, r.GetProperty("Io").GetProperty("AllowToCharge").GetInt32());
            Assert.Equal(1, r.GetProperty("Io").GetProperty("AllowToDischarge").GetInt32());
            Assert.Equal(2, r.GetProperty("System").GetProperty("NrOfModulesOnline").GetInt32());
            Assert.Equal(0, r.GetProperty("System").GetProperty("NrOfModulesOffline").GetInt32());
        }

        [Fact]
        public void ParallelAveragesVoltagesAndAddsCurrents()
        {
            using JsonDocument doc = JsonDocument.Parse(Readings(Topology.Parallel).Encode(s_open, 100));
            JsonElement r = doc.RootElement;

            // by hand: (52.500 + 52.700) / 2 = 52.600 V; -3.200 + -3.200 = -6.400 A; SOC (55.5 + 54.0) / 2 = 54.75 -> 54.8
            Assert.Equal(52.600m, r.GetProperty("Dc").GetProperty("Voltage").GetDecimal());
            Assert.Equal(-6.400m, r.GetProperty("Dc").GetProperty("Current").GetDecimal());
            Assert.Equal(54.8m, r.GetProperty("Soc").GetDecimal());
        }

        [Fact]
        public void ClosedLimitsReachTheDriverAsZeroCurrentsAndBothFlagsOff()
        {
            var closed = new SiteLimits(false, 0, 0m, 0m, 0m, false, false, "module_offline", 2, 1, "offline: m2");
            using JsonDocument doc = JsonDocument.Parse(Readings(Topology.Series).Encode(closed, 100));
            JsonElement r = doc.RootElement;
            Assert.Equal(0m, r.GetProperty("Info").GetProperty("MaxChargeCurrent").GetDecimal());
            Assert.Equal(0m, r.GetProperty("Info").GetProperty("MaxDischargeCurrent").GetDecimal());
            Assert.Equal(0, r.GetProperty("Io").GetProperty("AllowToCharge").GetInt32());
            Assert.Equal(0, r.GetProperty("Io").GetProperty("AllowToDischarge").GetInt32());
            Assert.Equal(1, r.GetProperty("System").GetProperty("NrOfModulesOffline").GetInt32());
        }

        [Fact]
        public void WithoutAFreshStateFromEveryModuleTheReadingsAreNull()
        {
            var venus = new VenusBattery(2, Topology.Series, 5000);
            venus.OnState("m1", State("52.500", "-3.200", "-168.0", "55.5"), 0);
            using JsonDocument one = JsonDocument.Parse(venus.Encode(s_open, 100));
            Assert.Equal(JsonValueKind.Null, one.RootElement.GetProperty("Dc").GetProperty("Voltage").ValueKind);
            Assert.Equal(JsonValueKind.Null, one.RootElement.GetProperty("Soc").ValueKind);

            venus.OnState("m2", State("52.700", "-3.200", "-168.6", "54.0"), 0);
            using JsonDocument both = JsonDocument.Parse(venus.Encode(s_open, 5000));
            Assert.Equal(105.200m, both.RootElement.GetProperty("Dc").GetProperty("Voltage").GetDecimal());
            using JsonDocument old = JsonDocument.Parse(venus.Encode(s_open, 5001));
            Assert.Equal(JsonValueKind.Null, old.RootElement.GetProperty("Dc").GetProperty("Power").ValueKind);
        }

        [Fact]
        public void AnUnreadableStateDropsThatModulesReading()
        {
            VenusBattery venus = Readings(Topology.Series);
            Assert.False(venus.OnState("m2", Encoding.UTF8.GetBytes("{\"voltage_v\":\"high\"}"), 10));
            using JsonDocument doc = JsonDocument.Parse(venus.Encode(s_open, 100));
            Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("Dc").GetProperty("Voltage").ValueKind);
        }

        private static VenusBattery Readings(Topology topology)
        {
            var venus = new VenusBattery(2, topology, 5000);
            Assert.True(venus.OnState("m1", State("52.500", "-3.200", "-168.0", "55.5"), 0));
            Assert.True(venus.OnState("m2", State("52.700", "-3.200", "-168.6", "54.0"), 0));
            return venus;
        }

        private static byte[] State(string v, string i, string p, string soc) =>
            Encoding.UTF8.GetBytes("{\"seq\":1,\"uptime_ms\":1000,\"state\":\"discharging\",\"valid\":true,\"voltage_v\":" + v + ",\"current_a\":" + i + ",\"power_w\":" + p + ",\"soc_pct\":" + soc + "}");
    }
}
