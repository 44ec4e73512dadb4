using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using BatteryShift.Bms;
using BatteryShift.Bms.Telemetry;
using Xunit;

namespace BatteryShift.Tests.Mqtt
{
    /// <summary>
    /// Every discovery payload against Home Assistant's current MQTT discovery rules (docs/home-assistant.md, with
    /// the documentation each rule comes from), and the value templates rendered with Jinja2 against real state
    /// messages: what the user sees means what it says.
    /// </summary>
    public sealed class HomeAssistantRulesTests
    {
        // units Home Assistant accepts per sensor device class (the subset of classes the module uses)
        private static readonly Dictionary<string, string[]> s_units = new()
        {
            ["voltage"] = new[] { "V", "mV", "µV", "kV", "MV" },
            ["current"] = new[] { "A", "mA" },
            ["power"] = new[] { "W", "kW", "MW", "mW" },
            ["battery"] = new[] { "%" },
            ["temperature"] = new[] { "°C", "°F", "K" },
            ["energy"] = new[] { "Wh", "kWh", "MWh", "GWh", "J", "kJ", "MJ" },
        };

        private static readonly string[] s_binaryClasses = { "power", "problem", "running" };

        private static List<(string Topic, JsonElement Payload)> Announce(string moduleId, string? boardId)
        {
            var topics = new TelemetryTopics("batteryshift", moduleId);
            var discovery = new HomeAssistantDiscovery(topics, "homeassistant", 16, boardId);
            var w = new JsonWriter(1536);
            var list = new List<(string, JsonElement)>();
            for (int i = 0; i < discovery.Count; i++)
            {
                discovery.Write(w, i);
                Assert.False(w.Overflowed);
                byte[] payload = w.Buffer.AsSpan(0, w.Length).ToArray();
                Assert.Null(MqttSchemas.Errors("discovery", payload));
                list.Add((discovery.Topic(i), JsonDocument.Parse(payload).RootElement.Clone()));
            }

            return list;
        }

        [Fact]
        public void EveryPayloadFollowsTheCurrentDiscoveryRules()
        {
            var all = Announce("module1", "bs-a4cf12fe0001");
            foreach ((string topic, JsonElement p) in all)
            {
                string component = topic.Split('/')[1];
                Assert.False(p.TryGetProperty("object_id", out _), topic + ": object_id is deprecated");
                string entityId = p.GetProperty("default_entity_id").GetString()!;
                Assert.Matches(new Regex("^" + component + @"\.module1_[a-z0-9_]+$"), entityId);
                Assert.StartsWith("bs-a4cf12fe0001_", p.GetProperty("unique_id").GetString()!, StringComparison.Ordinal);
                Assert.Equal("bs-a4cf12fe0001", p.GetProperty("device").GetProperty("identifiers")[0].GetString());
                Assert.Equal(FirmwareInfo.Version, p.GetProperty("device").GetProperty("sw_version").GetString());
                Assert.Equal("BatteryShift", p.GetProperty("origin").GetProperty("name").GetString());

                string? deviceClass = p.TryGetProperty("device_class", out JsonElement dc) ? dc.GetString() : null;
                string? unit = p.TryGetProperty("unit_of_measurement", out JsonElement u) ? u.GetString() : null;
                string? stateClass = p.TryGetProperty("state_class", out JsonElement sc) ? sc.GetString() : null;
                if (component == "binary_sensor")
                {
                    Assert.Contains(deviceClass, s_binaryClasses);
                    Assert.Null(unit);
                    Assert.Null(stateClass);
                    continue;
                }

                if (deviceClass == "enum")
                {
                    Assert.True(p.GetProperty("options").GetArrayLength() > 0, topic);
                    Assert.Null(unit);
                    Assert.Null(stateClass);
                }
                else if (deviceClass != null)
                {
                    Assert.True(s_units.ContainsKey(deviceClass), topic + ": " + deviceClass);
                    Assert.Contains(unit, s_units[deviceClass]);
                }

                if (deviceClass == "energy")
                {
                    Assert.Contains(stateClass, new[] { "total", "total_increasing" });
                }

                Assert.Equal(deviceClass == "enum", p.TryGetProperty("options", out _));
            }

            // unique ids and entity ids are unique
            Assert.Equal(all.Count, all.Select(a => a.Payload.GetProperty("unique_id").GetString()).Distinct().Count());
            Assert.Equal(all.Count, all.Select(a => a.Payload.GetProperty("default_entity_id").GetString()).Distinct().Count());
        }

        [Fact]
        public void EntityIdsAreSlugsOfTheModuleId()
        {
            var all = Announce("Site-0042.b", null);
            Assert.All(all, a => Assert.Matches(new Regex(@"^(sensor|binary_sensor)\.site_0042_b_[a-z0-9_]+$"), a.Payload.GetProperty("default_entity_id").GetString()!));
        }

        [Fact]
        public void TheEnergyDashboardFindsABatteryInAndOut()
        {
            var all = Announce("module1", null);
            var energy = all.Where(a => a.Payload.TryGetProperty("device_class", out JsonElement d) && d.GetString() == "energy").ToArray();
            Assert.Equal(2, energy.Length);
            Assert.Contains(energy, a => a.Payload.GetProperty("value_template").GetString() == "{{ value_json.energy_in_kwh }}");
            Assert.Contains(energy, a => a.Payload.GetProperty("value_template").GetString() == "{{ value_json.energy_out_kwh }}");
            Assert.All(energy, a => Assert.Equal("kWh", a.Payload.GetProperty("unit_of_measurement").GetString()));
            Assert.All(energy, a => Assert.Equal("total_increasing", a.Payload.GetProperty("state_class").GetString()));
        }

        [Fact]
        public void TwoBoardsAtTheSameModuleIdShareNoUniqueIdAndNoDevice()
        {
            var first = Announce("module1", "bs-a4cf12fe0001");
            var second = Announce("module1", "bs-a4cf12fe0002");
            var firstIds = first.Select(a => a.Payload.GetProperty("unique_id").GetString()).ToHashSet();
            Assert.DoesNotContain(second, a => firstIds.Contains(a.Payload.GetProperty("unique_id").GetString()));
            Assert.NotEqual(
                first[0].Payload.GetProperty("device").GetProperty("identifiers")[0].GetString(),
                second[0].Payload.GetProperty("device").GetProperty("identifiers")[0].GetString());
        }

        [Fact]
        public void TheStateIsAnEnumOfTheNamesTheModulePublishes()
        {
            JsonElement state = Announce("module1", null).Single(a => a.Topic.EndsWith("/state/config", StringComparison.Ordinal)).Payload;
            Assert.Equal("enum", state.GetProperty("device_class").GetString());
            string[] options = state.GetProperty("options").EnumerateArray().Select(o => o.GetString()!).ToArray();
            string[] names = Enum.GetValues<ModuleState>().Select(ModuleStateNames.Of).ToArray();
            Assert.Equal(names, options);
        }

        [JinjaTheory]
        [InlineData(0, true, "OFF", "none")]
        [InlineData(1 << 4, true, "ON", "5")]
        [InlineData((1 << 0) | (1 << 6) | (1 << 15), false, "ON", "1 7 16")]
        public void BalancingMeansBleedingNowAndTheMaskReadsAsCells(int bleedMask, bool balancingAllowed, string binary, string cells)
        {
            string python = JinjaTheoryAttribute.Python!;
            var status = new ModuleStatus();
            ModuleRig.Fill(status);
            status.BleedMask = bleedMask;
            status.BalancingEnabled = balancingAllowed;
            var w = new JsonWriter(1536);
            TelemetryEncoder.WriteState(w, status, 0, new LinkCounters());
            string state = Encoding.UTF8.GetString(w.Buffer, 0, w.Length);

            var all = Announce("module1", null);
            string bleeding = all.Single(a => a.Topic == "homeassistant/binary_sensor/module1/bleeding/config").Payload.GetProperty("value_template").GetString()!;
            string cellsTemplate = all.Single(a => a.Topic == "homeassistant/sensor/module1/bleeding_cells/config").Payload.GetProperty("value_template").GetString()!;
            Assert.Equal(binary, Render(python, bleeding, state));
            Assert.Equal(cells, Render(python, cellsTemplate, state));
        }

        // Jinja2 as Home Assistant runs it: value_json is the parsed payload; bitwise_and and int(default) as HA defines them
        private static string Render(string python, string template, string payload)
        {
            const string script = "import sys, json, jinja2\n"
                + "env = jinja2.Environment()\n"
                + "env.filters['bitwise_and'] = lambda a, b: a & b\n"
                + "def to_int(v, default=0):\n    try:\n        return int(v)\n    except Exception:\n        return default\n"
                + "env.filters['int'] = to_int\n"
                + "data = json.load(sys.stdin)\n"
                + "print(env.from_string(data['t']).render(value_json=json.loads(data['p'])).strip(), end='')\n";
            var start = new ProcessStartInfo(python) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(script);
            using Process p = Process.Start(start)!;
            p.StandardInput.Write(JsonSerializer.Serialize(new { t = template, p = payload }));
            p.StandardInput.Close();
            string output = p.StandardOutput.ReadToEnd();
            string error = p.StandardError.ReadToEnd();
            Assert.True(p.WaitForExit(20_000));
            Assert.True(p.ExitCode == 0, error);
            return output;
        }
    }
}
