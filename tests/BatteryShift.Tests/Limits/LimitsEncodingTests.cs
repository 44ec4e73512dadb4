using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using BatteryShift.Bms;
using BatteryShift.Bms.Config;
using BatteryShift.Bms.Outputs;
using BatteryShift.Bms.Protection;
using BatteryShift.Bms.Telemetry;
using BatteryShift.Tests.Mqtt;
using Xunit;

namespace BatteryShift.Tests.Limits
{
    /// <summary>
    /// The limits message from a hand-filled status through the real <see cref="CurrentLimits"/> and
    /// <see cref="InverterLimits"/>: values against figures worked out by hand from the derating tables
    /// (docs/references.md), the schema, the member order, and no allocation.
    /// </summary>
    public sealed class LimitsEncodingTests
    {
        private static (ModuleStatus Status, CurrentLimits Limits, InverterLimits Report) Charging(int maxCellMv)
        {
            var s = new ModuleStatus { State = ModuleState.Charging, MeasurementValid = true, ChargeFetOn = true, DischargeFetOn = true };
            for (int i = 0; i < 16; i++)
            {
                s.CellVoltageMv[i] = 3300;
            }

            s.CellVoltageMv[5] = maxCellMv;
            s.MinCellMv = 3300;
            s.MaxCellMv = maxCellMv;
            s.SumOfCellsMv = (15 * 3300) + maxCellMv;
            s.ModuleVoltageMv = s.SumOfCellsMv;
            s.TemperatureValidMask = 0xFF;
            s.MinTemperatureDeciC = 250;
            s.MaxTemperatureDeciC = 260;
            s.SocPct = 50f;
            s.RemainingMah = 140000;
            var limits = new CurrentLimits(s, new BmsConfig());
            var report = new InverterLimits(s, limits);
            limits.Update();
            report.Update();
            return (s, limits, report);
        }

        private static JsonElement Write(InverterLimits report, long seq, long uptimeMs, out string text)
        {
            var w = new JsonWriter(LimitsEncoder.MaxBytes);
            LimitsEncoder.Write(w, report, seq, uptimeMs);
            Assert.False(w.Overflowed);
            byte[] payload = w.Buffer.AsSpan(0, w.Length).ToArray();
            Assert.Null(MqttSchemas.Errors("limits", payload));
            text = Encoding.ASCII.GetString(payload);
            return JsonDocument.Parse(payload).RootElement.Clone();
        }

        [Fact]
        public void DeratedChargeIsWrittenAsWorkedOutByHand()
        {
            // highest cell 3.400 V: the cell taper gives 25 % of lim.ccl 140 A = 35.0 A; the lowest cell 3.300 V and
            // 25-26 C leave DCL at the full 140 A; CVL 16 x 3.450 V
            var (_, _, report) = Charging(3400);
            JsonElement r = Write(report, 7, 123456, out string text);
            Assert.Equal(
                "{\"seq\":7,\"uptime_ms\":123456,\"valid\":true,\"cells\":16,\"cvl_v\":55.200,\"ccl_a\":35.0,\"dcl_a\":140.0,\"charge_allowed\":true,\"discharge_allowed\":true,\"reason\":\"ok\"}",
                text);
            Assert.Equal(35.0m, r.GetProperty("ccl_a").GetDecimal());

            // 3.435 V: between 3.425 V (5 %) and 3.45 V (0.5 %): 5 - 4.5 x 10 / 25 = 3.2 % of 140 A = 4.48 A -> 4.5
            (_, _, report) = Charging(3435);
            r = Write(report, 8, 1, out _);
            Assert.Equal(4.5m, r.GetProperty("ccl_a").GetDecimal());
            Assert.True(r.GetProperty("charge_allowed").GetBoolean());
        }

        [Fact]
        public void StoppedChargeReadsZeroNotAllowedAndWhy()
        {
            // at the top of the taper (3.500 V) CCL is 0: not allowed, CVL held at the present module voltage
            var (s, limits, report) = Charging(3500);
            JsonElement r = Write(report, 0, 0, out _);
            Assert.Equal(0m, r.GetProperty("ccl_a").GetDecimal());
            Assert.False(r.GetProperty("charge_allowed").GetBoolean());
            Assert.True(r.GetProperty("discharge_allowed").GetBoolean());
            Assert.Equal("cell_full", r.GetProperty("reason").GetString());
            Assert.Equal((15 * 3.300m) + 3.500m, r.GetProperty("cvl_v").GetDecimal());

            // an over-voltage alarm names itself, whatever the taper says
            s.AlarmMask = 1 << LimitIds.CellOvervoltage;
            limits.Update();
            report.Update();
            r = Write(report, 1, 0, out _);
            Assert.Equal("cell_ov", r.GetProperty("reason").GetString());
            Assert.False(r.GetProperty("charge_allowed").GetBoolean());

            // a cold module: 1 C at the coldest group, 12.5 % of the charge current (17.5 A) is still allowed; at 0 C none
            (s, limits, report) = Charging(3300);
            s.MinTemperatureDeciC = 10;
            limits.Update();
            report.Update();
            Assert.Equal(17.5m, Write(report, 0, 0, out _).GetProperty("ccl_a").GetDecimal());
            s.MinTemperatureDeciC = 0;
            limits.Update();
            report.Update();
            r = Write(report, 0, 0, out _);
            Assert.Equal("temp_low", r.GetProperty("reason").GetString());
            Assert.Equal(0m, r.GetProperty("ccl_a").GetDecimal());

            // the lowest cell at 2.80 V: no discharge, charge still allowed
            (s, limits, report) = Charging(3300);
            s.MinCellMv = 2800;
            limits.Update();
            report.Update();
            r = Write(report, 0, 0, out _);
            Assert.True(r.GetProperty("charge_allowed").GetBoolean());
            Assert.False(r.GetProperty("discharge_allowed").GetBoolean());
            Assert.Equal(0m, r.GetProperty("dcl_a").GetDecimal());
            Assert.Equal("cell_empty", r.GetProperty("reason").GetString());
        }

        [Fact]
        public void UntrustedFiguresAllowNothing()
        {
            var (s, limits, report) = Charging(3300);
            s.State = ModuleState.SelfTest;
            limits.Update();
            report.Update();
            JsonElement r = Write(report, 0, 0, out _);
            Assert.False(r.GetProperty("valid").GetBoolean());
            Assert.Equal("starting", r.GetProperty("reason").GetString());
            Assert.Equal(0m, r.GetProperty("ccl_a").GetDecimal() + r.GetProperty("dcl_a").GetDecimal());

            s.State = ModuleState.Fault;
            s.FaultMask = 1 << LimitIds.CellOvervoltage;
            limits.Update();
            report.Update();
            r = Write(report, 0, 0, out _);
            Assert.False(r.GetProperty("valid").GetBoolean());
            Assert.Equal("fault_latched", r.GetProperty("reason").GetString());

            s.FaultMask = 0;
            s.State = ModuleState.Charging;
            s.SensorFaultMask = 1;
            limits.Update();
            report.Update();
            r = Write(report, 0, 0, out _);
            Assert.Equal("sensor_fault", r.GetProperty("reason").GetString());
            Assert.False(r.GetProperty("charge_allowed").GetBoolean() || r.GetProperty("discharge_allowed").GetBoolean());

            s.SensorFaultMask = 0;
            s.State = ModuleState.Service;
            s.ChargeFetOn = false;
            s.DischargeFetOn = false;
            limits.Update();
            report.Update();
            r = Write(report, 0, 0, out _);
            Assert.True(r.GetProperty("valid").GetBoolean());
            Assert.Equal("service", r.GetProperty("reason").GetString());
        }

        [Fact]
        public void ChangesCountOnlyRealChanges()
        {
            var (s, limits, report) = Charging(3300);
            long before = report.Changes;
            s.TimeMs += 200;
            s.PackCurrentMa = 20000;
            limits.Update();
            report.Update();
            Assert.Equal(before, report.Changes);

            s.MaxCellMv = 3400;
            limits.Update();
            report.Update();
            Assert.Equal(before + 1, report.Changes);
        }

        [Fact]
        public void EveryReasonIsInTheSchema()
        {
            using JsonDocument schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "mqtt", "limits.schema.json")));
            string[] allowed = schema.RootElement.GetProperty("properties").GetProperty("reason").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToArray();
            for (int code = LimitReason.Ok; code <= LimitReason.Config; code++)
            {
                Assert.Contains(LimitReason.Name(code), allowed);
                Assert.NotEqual("unknown", LimitReason.Name(code));
            }

            for (int id = 0; id < LimitIds.Count; id++)
            {
                Assert.Contains(LimitReason.Name(LimitReason.AlarmBase + id), allowed);
            }
        }

        [Fact]
        public void UpdateAndWriteAllocateNothing()
        {
            var (s, limits, report) = Charging(3300);
            var w = new JsonWriter(LimitsEncoder.MaxBytes);
            for (int i = 0; i < 10; i++)
            {
                limits.Update();
                report.Update();
                LimitsEncoder.Write(w, report, i, i);
            }

            // the quietest of three windows: an allocation of the code shows in every one
            long quietest = long.MaxValue;
            for (int window = 0; window < 3 && quietest != 0; window++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 1000; i++)
                {
                    s.MaxCellMv = 3300 + (i % 250);
                    s.AlarmMask = (i % 7) == 0 ? 1 : 0;
                    s.MinTemperatureDeciC = (i % 300) - 20;
                    limits.Update();
                    report.Update();
                    LimitsEncoder.Write(w, report, i, i * 200L);
                }

                quietest = Math.Min(quietest, GC.GetAllocatedBytesForCurrentThread() - before);
            }

            Assert.Equal(0, quietest);
        }
    }
}
