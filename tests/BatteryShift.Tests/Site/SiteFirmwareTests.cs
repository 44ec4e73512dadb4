using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using BatteryShift.Bms.Config;
using BatteryShift.Hal.Simulation;
using BatteryShift.Harness;
using BatteryShift.Harness.Mqtt;
using BatteryShift.Site;
using BatteryShift.Site.Aggregation;
using BatteryShift.Site.Mqtt;
using BatteryShift.Tests.Mqtt;
using Xunit;

namespace BatteryShift.Tests.Site
{
    /// <summary>
    /// The aggregator on the limits the unmodified firmware publishes: three virtual modules at different states of
    /// charge (so the SOC taper gives them different charge limits) on one rack prefix of a real mosquitto. The rack's
    /// figure is checked against the modules' last limits messages as a separate subscriber read them.
    /// </summary>
    public sealed class SiteFirmwareTests
    {
        private const string Prefix = "e2e/rack1";

        [MosquittoFact]
        public void TheRacksLimitsAreTheStrictestOfWhatTheFirmwarePublishes()
        {
            using TestBroker broker = TestBroker.Mosquitto();
            using var modules = MqttProbe.Connect(broker.Host, broker.Port, Prefix + "/+/limits", "probe-e2e-modules");
            using var rack = MqttProbe.Connect(broker.Host, broker.Port, Prefix + "/site/limits", "probe-e2e-rack");
            var status = new StringWriter();
            using var service = new SiteService(new SiteSettings(broker.Host, broker.Port, Prefix, 3, 60_000, Topology.Series, null), TextWriter.Synchronized(status));
            using var stop = new CancellationTokenSource();
            var aggregator = new Thread(() => service.Run(stop.Token)) { IsBackground = true };
            aggregator.Start();
            var runners = new List<VirtualModuleRunner>();
            var sessions = new List<MqttNetSession>();
            try
            {
                double[] socPct = { 50, 96, 98 };
                for (int i = 0; i < socPct.Length; i++)
                {
                    var config = new BmsConfig();
                    ModuleRig.Check(config.TrySetText(CommsKeys.MqttHost, broker.Host));
                    ModuleRig.Check(config.TrySet(CommsKeys.MqttPort, broker.Port));
                    ModuleRig.Check(config.TrySetText(CommsKeys.MqttTopicPrefix, Prefix));
                    ModuleRig.Check(config.TrySetText(CommsKeys.MqttModuleId, "m" + i));
                    ModuleRig.Check(config.TrySet(CommsKeys.MqttDiscovery, 0));
                    var session = new MqttNetSession(timeout: TimeSpan.FromSeconds(3));
                    sessions.Add(session);
                    var runner = new VirtualModuleRunner(new SimulationOptions { InitialSocPct = socPct[i], Seed = (ulong)(11 + i) }, config);
                    runner.UseMqttSession(session);
                    runners.Add(runner);
                }

                // two simulated minutes, module by module a second at a time: boot, self-test, then limits every second
                for (int s = 0; s < 120; s++)
                {
                    foreach (VirtualModuleRunner r in runners)
                    {
                        r.RunSeconds(1);
                    }
                }

                JsonElement[] last = Enumerable.Range(0, runners.Count).Select(i => LastOf(modules, Prefix + "/m" + i + "/limits")).ToArray();
                Assert.All(last, m => Assert.True(m.GetProperty("valid").GetBoolean(), m.ToString()));
                decimal cvl = 3 * last.Min(m => m.GetProperty("cvl_v").GetDecimal());
                decimal ccl = last.Min(m => m.GetProperty("charge_allowed").GetBoolean() ? m.GetProperty("ccl_a").GetDecimal() : 0m);
                decimal dcl = last.Min(m => m.GetProperty("discharge_allowed").GetBoolean() ? m.GetProperty("dcl_a").GetDecimal() : 0m);
                Assert.True(last.Select(m => m.GetProperty("ccl_a").GetDecimal()).Distinct().Count() > 1, "the modules' charge limits should differ: " + string.Join(" ", last));

                JsonElement? site = null;
                bool matched = rack.WaitUntil(
                    () =>
                    {
                        site = rack.Messages.Count == 0 ? null : JsonDocument.Parse(rack.Messages[^1].Payload).RootElement;
                        return site != null && site.Value.GetProperty("valid").GetBoolean() && site.Value.GetProperty("cvl_v").GetDecimal() == cvl
                            && site.Value.GetProperty("ccl_a").GetDecimal() == ccl && site.Value.GetProperty("dcl_a").GetDecimal() == dcl;
                    },
                    TimeSpan.FromSeconds(15));
                Assert.True(matched, $"rack {site}, expected cvl {cvl} ccl {ccl} dcl {dcl} from {string.Join(" ", last)}\n{status}");
                Assert.Equal(48, site!.Value.GetProperty("cells").GetInt32());
                Assert.Equal(3, site.Value.GetProperty("modules_ok").GetInt32());
                Assert.Equal(0, service.MalformedPayloads);
            }
            finally
            {
                stop.Cancel();
                aggregator.Join(TimeSpan.FromSeconds(10));
                foreach (MqttNetSession s in sessions)
                {
                    s.Dispose();
                }
            }
        }

        private static JsonElement LastOf(MqttProbe probe, string topic)
        {
            Assert.True(probe.WaitUntil(() => probe.Count(topic) > 0, TimeSpan.FromSeconds(10)), "no limits message on " + topic);
            var deadline = Stopwatch.StartNew();

            // the probe may still be reading the module's last messages: wait until none arrived for a moment
            int seen = -1;
            while (deadline.Elapsed < TimeSpan.FromSeconds(10) && probe.Count(topic) != seen)
            {
                seen = probe.Count(topic);
                Thread.Sleep(300);
            }

            return JsonDocument.Parse(probe.On(topic)[^1].Payload).RootElement;
        }
    }
}
