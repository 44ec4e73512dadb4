using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using BatteryShift.Bms.Config;
using BatteryShift.Hal.Simulation;
using BatteryShift.Harness;
using BatteryShift.Harness.Mqtt;
using BatteryShift.Tests.Mqtt;
using Xunit;

namespace BatteryShift.Tests.Limits
{
    /// <summary>
    /// The unmodified core on the virtual module, charged by a CC/CV charger that ignores the limits (it obeys only
    /// the charge FET) into the top of the charge, publishing through a real broker: what the limits messages say is
    /// held against the simulation's ground truth at the tick each message is from.
    /// </summary>
    public sealed class LimitsOnVirtualModuleTests
    {
        private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(20);

        [Fact]
        public void MessagesFollowTheTruthIntoTheTopOfCharge()
        {
            using var broker = InProcessMqttBroker.Start();
            var config = new BmsConfig();
            ModuleRig.Check(config.TrySetText(CommsKeys.MqttHost, InProcessMqttBroker.Host));
            ModuleRig.Check(config.TrySet(CommsKeys.MqttPort, broker.Port));
            ModuleRig.Check(config.TrySetText(CommsKeys.MqttModuleId, "limsim"));
            using var probe = MqttProbe.Connect(InProcessMqttBroker.Host, broker.Port, "batteryshift/limsim/limits", "probe-limsim");
            using var session = new MqttNetSession(timeout: TimeSpan.FromSeconds(3));
            var options = new SimulationOptions { InitialSocPct = 88, Load = new CcCvCharger(140, 3.65, 0) };
            var runner = new VirtualModuleRunner(options, config);
            runner.UseMqttSession(session);
            var truthMaxCellV = new Dictionary<long, double>();
            var coreCclMa = new Dictionary<long, int>();
            runner.AfterTick.Add(r =>
            {
                truthMaxCellV[r.Core.Status.TimeMs] = r.Truth.CellVoltageV.Max();
                coreCclMa[r.Core.Status.TimeMs] = r.Core.Status.ChargeCurrentLimitMa;
            });

            runner.RunSeconds(45 * 60);
            long sent = runner.Core.Mqtt.LimitsMessages.Sent;
            Assert.True(probe.WaitUntil(() => probe.Count(runner.Core.Mqtt.Topics.Limits) == sent, s_wait), $"received {probe.Count(runner.Core.Mqtt.Topics.Limits)} of {sent}");
            var messages = probe.On(runner.Core.Mqtt.Topics.Limits).Select(m => JsonDocument.Parse(m.Payload).RootElement).ToArray();
            Assert.Equal(Enumerable.Range(0, messages.Length).Select(i => (long)i), messages.Select(m => m.GetProperty("seq").GetInt64()));

            // the uncalibrated front end reads a single cell within about 35 mV of the truth (SimulatedModuleMqttTests)
            const double toleranceV = 0.05;
            int stopped = 0;
            int full = 0;
            foreach (JsonElement m in messages)
            {
                long uptime = m.GetProperty("uptime_ms").GetInt64();
                double maxCellV = truthMaxCellV[uptime];
                decimal ccl = m.GetProperty("ccl_a").GetDecimal();
                Assert.Equal(Math.Round(coreCclMa[uptime] / 100.0, MidpointRounding.AwayFromZero) / 10.0, (double)ccl, 3);
                if (!m.GetProperty("valid").GetBoolean())
                {
                    continue;
                }

                // past the top of the taper (3.50 V) by more than the reading error: never allowed to charge
                if (maxCellV >= 3.50 + toleranceV)
                {
                    stopped++;
                    Assert.False(m.GetProperty("charge_allowed").GetBoolean(), $"charge allowed at a true highest cell of {maxCellV:0.000} V: {m}");
                    Assert.Equal(0m, ccl);
                }

                // below the start of the taper (3.375 V) by more than the reading error, at 25 C: the full 140 A but for the SOC taper above 95 %
                if (maxCellV <= 3.375 - toleranceV)
                {
                    full++;
                    Assert.True(m.GetProperty("charge_allowed").GetBoolean());
                    Assert.InRange(ccl, 28.0m, 140.0m);
                }
            }

            Assert.True(stopped > 0 && full > 0, $"{stopped} messages past the top, {full} below the taper");
        }
    }
}
