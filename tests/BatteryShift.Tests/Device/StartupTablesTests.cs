using System;
using System.Collections.Generic;
using BatteryShift.Bms.Config;
using BatteryShift.Bms.Protection;
using BatteryShift.Bms.Telemetry;
using BatteryShift.Tests.ConsoleTests;
using Xunit;

namespace BatteryShift.Tests.Device
{
    /// <summary>
    /// The tables the core no longer holds as strings (protection key names composed from parts, Home Assistant
    /// topics built when announced) still give the same names as before, checked against hand-written ones.
    /// </summary>
    public class StartupTablesTests
    {
        private static readonly string[] s_levels = { "warn", "alarm", "fault", "hyst", "delay" };

        [Fact]
        public void ProtectionKeyNamesAreComposedAsBefore()
        {
            Assert.Equal("prot.cell_ov.warn", ConfigSchema.Name(ProtectionKeys.LimitBase));
            Assert.Equal("prot.board_ot.delay", ConfigSchema.Name(ProtectionKeys.LimitBase + (LimitIds.BoardOvertemperature * 5) + 4));
            Assert.Equal("prot.short_circuit.hyst", ConfigSchema.Name(ProtectionKeys.LimitBase + (LimitIds.ShortCircuit * 5) + 3));
            for (int id = 0; id < LimitIds.ThresholdCount; id++)
            {
                for (int level = 0; level < 5; level++)
                {
                    int key = ProtectionKeys.LimitBase + (id * 5) + level;
                    string name = "prot." + DiagnosisTable.LimitName(id) + "." + s_levels[level];
                    Assert.Equal(name, ConfigSchema.Name(key));
                    Assert.Equal(key, ConfigSchema.Find(name));
                    Assert.Equal(-1, ConfigSchema.Find(name + "x"));
                    Assert.Equal(-1, ConfigSchema.Find(name.Substring(0, name.Length - 1)));
                }
            }
        }

        [Fact]
        public void EveryKeyNameIsUniqueFindableAndHasAUnit()
        {
            var names = new HashSet<string>();
            int defined = 0;
            for (int key = 0; key < ConfigSchema.MaxKeys; key++)
            {
                if (!ConfigSchema.IsDefined(key))
                {
                    Assert.Null(ConfigSchema.Name(key));
                    continue;
                }

                defined++;
                string name = ConfigSchema.Name(key);
                Assert.True(names.Add(name), name);
                Assert.Equal(key, ConfigSchema.Find(name));
                Assert.False(string.IsNullOrEmpty(ConfigSchema.Unit(key)), name);
            }

            Assert.True(defined >= 100, $"{defined} keys");
            Assert.Equal("mV", ConfigSchema.Unit(ProtectionKeys.LimitBase));
            Assert.Equal("ms", ConfigSchema.Unit(ProtectionKeys.LimitBase + 4));
            Assert.Equal("mV/cell", ConfigSchema.Unit(ProtectionKeys.LimitBase + (LimitIds.ModuleOvervoltage * 5)));
        }

        [Fact]
        public void TheConsoleFindsAComposedNameInAnyCaseAndOnlyWhole()
        {
            var rig = new ConsoleRig();
            Assert.Equal("0 prot.cell_uv.alarm 2800 mV (2500..3100)", rig.Run("config get PROT.Cell_UV.alarm"));
            Assert.StartsWith("0 ", rig.Run("config set prot.cell_uv.warn 2950"));
            Assert.Equal(2950, rig.Core.Config.Get(ProtectionKeys.LimitBase + (LimitIds.CellUndervoltage * 5)));
            Assert.StartsWith("2 bad argument", rig.Run("config get prot.cell_uv.alar"));
            Assert.StartsWith("2 bad argument", rig.Run("config get prot.cell_uv.alarmx"));
            Assert.StartsWith("2 bad argument", rig.Run("config get prot.cell_uv"));
        }

        [Fact]
        public void EveryDiscoveryPayloadFitsTheStageWriterWithTheLongestNames()
        {
            // mqtt.prefix up to 32 characters, mqtt.id up to 24 (CommsKeys); the stage's writer holds 1536 bytes
            var topics = new TelemetryTopics(new string('p', 32), new string('m', 24));
            var discovery = new HomeAssistantDiscovery(topics, new string('h', 32), 16);
            var w = new JsonWriter(1536);
            for (int i = 0; i < discovery.Count; i++)
            {
                discovery.Write(w, i);
                Assert.False(w.Overflowed, discovery.Topic(i));
            }
        }

        [Fact]
        public void DiscoveryTopicsAreBuiltWhenAnnounced()
        {
            var topics = new TelemetryTopics("batteryshift", "m1");
            var discovery = new HomeAssistantDiscovery(topics, "ha", 16);
            Assert.Equal(43, discovery.Count);
            Assert.Equal("ha/sensor/m1/voltage/config", discovery.Topic(0));
            Assert.Equal("ha/sensor/m1/temp_board/config", discovery.Topic(13));
            Assert.Equal("ha/sensor/m1/dropped/config", discovery.Topic(18));
            Assert.Equal("ha/sensor/m1/energy_in/config", discovery.Topic(19));
            Assert.Equal("ha/sensor/m1/soc_unc/config", discovery.Topic(21));
            Assert.Equal("ha/binary_sensor/m1/charge_fet/config", discovery.Topic(22));
            Assert.Equal("ha/binary_sensor/m1/bleeding/config", discovery.Topic(26));
            Assert.Equal("ha/sensor/m1/cell_1/config", discovery.Topic(27));
            Assert.Equal("ha/sensor/m1/cell_10/config", discovery.Topic(36));
            Assert.Equal("ha/sensor/m1/cell_16/config", discovery.Topic(42));
            Assert.NotSame(discovery.Topic(0), discovery.Topic(0));

            var w = new JsonWriter(2048);
            discovery.Write(w, 13);
            string payload = System.Text.Encoding.UTF8.GetString(w.Buffer, 0, w.Length);
            Assert.Equal(
                "{\"name\":\"Board temperature\",\"unique_id\":\"m1_temp_board\",\"default_entity_id\":\"sensor.m1_temp_board\",\"state_topic\":\"batteryshift/m1/state\","
                + "\"value_template\":\"{{ value_json.temp_board_c }}\",\"unit_of_measurement\":\"\\u00b0C\",\"device_class\":\"temperature\","
                + "\"state_class\":\"measurement\",\"entity_category\":\"diagnostic\",\"availability_topic\":\"batteryshift/m1/availability\","
                + "\"payload_available\":\"online\",\"payload_not_available\":\"offline\",\"device\":{\"identifiers\":[\"m1\"],"
                + "\"name\":\"BatteryShift m1\",\"manufacturer\":\"BatteryShift\",\"model\":\"BMU-16\",\"sw_version\":\"0.1.0\"},"
                + "\"origin\":{\"name\":\"BatteryShift\",\"sw_version\":\"0.1.0\"}}",
                payload);
            discovery.Write(w, 21);
            payload = System.Text.Encoding.UTF8.GetString(w.Buffer, 0, w.Length);
            Assert.Contains("\"name\":\"SOC uncertainty\"", payload, StringComparison.Ordinal);
            Assert.Contains("\"value_template\":\"{{ value_json.soc_unc_pct }}\",\"unit_of_measurement\":\"%\",\"state_class\":\"measurement\",\"entity_category\":\"diagnostic\"", payload, StringComparison.Ordinal);
            Assert.DoesNotContain("device_class", payload, StringComparison.Ordinal);
            discovery.Write(w, 14);
            payload = System.Text.Encoding.UTF8.GetString(w.Buffer, 0, w.Length);
            Assert.DoesNotContain("unit_of_measurement", payload, StringComparison.Ordinal);
            Assert.Contains("\"device_class\":\"enum\"", payload, StringComparison.Ordinal);
            Assert.Contains("\"options\":[\"boot\",\"selftest\",\"standby\",\"charging\",\"discharging\",\"rest\",\"fault\",\"service\"]", payload, StringComparison.Ordinal);
            Assert.Contains("\"value_template\":\"{{ value_json.state }}\"", payload, StringComparison.Ordinal);
        }
    }
}
