using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using BatteryShift.Site;
using BatteryShift.Site.Aggregation;
using BatteryShift.Site.Mqtt;
using BatteryShift.Tests.Mqtt;
using MQTTnet;
using MQTTnet.Protocol;
using Xunit;

namespace BatteryShift.Tests.Site
{
    /// <summary>
    /// The aggregator on Debian's mosquitto with 20 module clients of a two-level rack prefix: the rack's limits
    /// against a minimum worked out by hand, then each fault in turn (a module killed so that the broker publishes its
    /// last will, one silent past the stale time, one invalid, one malformed, one forbidding charge), each closing
    /// what it must and reopening once cleared. Every rack message read back is checked against its schema.
    /// </summary>
    public sealed class SiteMosquittoTests
    {
        private const string Prefix = "plant/rack7";
        private const string VenusTopic = "venus/rack7";
        private const int Count = 20;
        private const long StaleMs = 2000;

        [MosquittoFact]
        public void TwentyModulesGiveTheRacksLimitsAndEachFaultClosesThem()
        {
            using TestBroker broker = TestBroker.Mosquitto();
            var truth = new string[Count];
            var modules = new RackModuleClient[Count];
            var silent = new bool[Count];
            for (int i = 0; i < Count; i++)
            {
                truth[i] = Normal(i);
                modules[i] = new RackModuleClient(Prefix, Id(i), broker.Port);
                modules[i].Connect();
            }

            using var watch = new RackWatch(broker.Port);
            using var stop = new CancellationTokenSource();
            var publisher = new Thread(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    for (int i = 0; i < Count; i++)
                    {
                        string payload;
                        lock (truth)
                        {
                            if (silent[i])
                            {
                                continue;
                            }

                            payload = truth[i];
                        }

                        modules[i].Publish("limits", payload, true);
                        modules[i].Publish("state", string.Create(CultureInfo.InvariantCulture, $"{{\"voltage_v\":52.500,\"current_a\":-3.250,\"power_w\":-170.6,\"soc_pct\":{60 - i}.0}}"), false);
                    }

                    Thread.Sleep(300);
                }
            })
            { IsBackground = true };
            publisher.Start();

            var status = new StringWriter();
            TextWriter log = TextWriter.Synchronized(status);
            var settings = new SiteSettings("127.0.0.1", broker.Port, Prefix, Count, StaleMs, Topology.Series, VenusTopic);
            using var service = new SiteService(settings, log);
            var runner = new Thread(() => service.Run(stop.Token)) { IsBackground = true };
            runner.Start();
            try
            {
                // by hand: CVL 20 x 55.050 (m11) = 1101.000 V; CCL 63.4 A (m07); DCL 150 - 19 = 131.0 A (m19); 20 x 16 cells
                watch.WaitFor("all modules", s => Open(s, 1101.000m, 63.4m, 131.0m, "ok"));
                Assert.Equal(320, watch.Latest!.Value.GetProperty("cells").GetInt32());

                modules[7].Abort();
                watch.WaitFor("m07 killed: its last will", s => Closed(s, "module_offline", 19));
                Assert.Contains("offline: m07", Text(status, log), StringComparison.Ordinal);
                modules[7].Connect();
                watch.WaitFor("m07 back", s => Open(s, 1101.000m, 63.4m, 131.0m, "ok"));

                var silence = Stopwatch.StartNew();
                Set(truth, silent, 3, null);
                watch.WaitFor("m03 silent", s => Closed(s, "module_stale", 19));
                Assert.True(silence.ElapsedMilliseconds >= StaleMs - 500, $"closed {silence.ElapsedMilliseconds} ms after the last publish, before the stale time");
                Set(truth, silent, 3, Normal(3));
                watch.WaitFor("m03 back", s => Open(s, 1101.000m, 63.4m, 131.0m, "ok"));

                Set(truth, silent, 12, LimitsPayload.Text(valid: false, reason: "scan_incomplete"));
                watch.WaitFor("m12 invalid", s => Closed(s, "module_invalid", 19));
                Set(truth, silent, 12, Normal(12));
                watch.WaitFor("m12 back", s => Open(s, 1101.000m, 63.4m, 131.0m, "ok"));

                Set(truth, silent, 15, "{\"seq\":1,\"cvl_v\":55.2}");
                watch.WaitFor("m15 malformed", s => Closed(s, "module_malformed", 19));
                Assert.True(service.MalformedPayloads >= 1);
                Assert.Contains("malformed: m15", Text(status, log), StringComparison.Ordinal);
                Set(truth, silent, 15, Normal(15));
                watch.WaitFor("m15 back", s => Open(s, 1101.000m, 63.4m, 131.0m, "ok"));

                Set(truth, silent, 5, LimitsPayload.Text(ccl: "0.0", dcl: "145.0", charge: false, reason: "cell_ov"));
                watch.WaitFor("m05 forbids charging", s => s.GetProperty("valid").GetBoolean() && !s.GetProperty("charge_allowed").GetBoolean()
                    && s.GetProperty("ccl_a").GetDecimal() == 0m && s.GetProperty("dcl_a").GetDecimal() == 131.0m && s.GetProperty("reason").GetString() == "cell_ov");

                // a module lowers its limit: the rack follows (m02 now sets CCL 40.0)
                Set(truth, silent, 5, Normal(5));
                Set(truth, silent, 2, LimitsPayload.Text(ccl: "40.0", dcl: "148.0"));
                watch.WaitFor("m02 derates", s => Open(s, 1101.000m, 40.0m, 131.0m, "ok"));

                // the Venus OS driver's JSON carries the same limits and the modules' electrical readings
                JsonElement v = watch.WaitForVenus(e => e.GetProperty("Info").GetProperty("MaxChargeCurrent").GetDecimal() == 40.0m);
                Assert.Equal(1101.000m, v.GetProperty("Info").GetProperty("MaxChargeVoltage").GetDecimal());
                Assert.Equal(131.0m, v.GetProperty("Info").GetProperty("MaxDischargeCurrent").GetDecimal());
                Assert.Equal(1, v.GetProperty("Io").GetProperty("AllowToCharge").GetInt32());
                Assert.Equal(1050.000m, v.GetProperty("Dc").GetProperty("Voltage").GetDecimal());
                Assert.Equal(-3412.0m, v.GetProperty("Dc").GetProperty("Power").GetDecimal());
                Assert.Equal(41.0m, v.GetProperty("Soc").GetDecimal());
                Assert.Equal(20, v.GetProperty("System").GetProperty("NrOfModulesOnline").GetInt32());

                Assert.Empty(watch.SchemaErrors);
                Assert.True(watch.Messages > 10);
            }
            finally
            {
                stop.Cancel();
                runner.Join(TimeSpan.FromSeconds(10));
                publisher.Join(TimeSpan.FromSeconds(10));
                foreach (RackModuleClient m in modules)
                {
                    m.Dispose();
                }
            }

            // a clean stop leaves the rack's availability offline, retained
            watch.WaitForAvailability("offline");
        }

        private static string Text(StringWriter status, TextWriter log)
        {
            // the synchronised writer locks on itself
            lock (log)
            {
                return status.ToString();
            }
        }

        private static string Id(int i) => "m" + i.ToString("D2", CultureInfo.InvariantCulture);

        /// <summary>Module i's usual limits: CCL 100 + i except m07 63.4, DCL 150 - i, CVL 55.200 except m11 55.050.</summary>
        private static string Normal(int i) => LimitsPayload.Text(
            cvl: i == 11 ? "55.050" : "55.200",
            ccl: i == 7 ? "63.4" : (100 + i).ToString(CultureInfo.InvariantCulture) + ".0",
            dcl: (150 - i).ToString(CultureInfo.InvariantCulture) + ".0");

        private static void Set(string[] truth, bool[] silent, int i, string? payload)
        {
            lock (truth)
            {
                silent[i] = payload == null;
                if (payload != null)
                {
                    truth[i] = payload;
                }
            }
        }

        private static bool Open(JsonElement s, decimal cvl, decimal ccl, decimal dcl, string reason) =>
            s.GetProperty("valid").GetBoolean() && s.GetProperty("cvl_v").GetDecimal() == cvl && s.GetProperty("ccl_a").GetDecimal() == ccl
            && s.GetProperty("dcl_a").GetDecimal() == dcl && s.GetProperty("charge_allowed").GetBoolean() && s.GetProperty("discharge_allowed").GetBoolean()
            && s.GetProperty("reason").GetString() == reason && s.GetProperty("modules_ok").GetInt32() == Count && s.GetProperty("modules").GetInt32() == Count;

        private static bool Closed(JsonElement s, string reason, int ok) =>
            !s.GetProperty("valid").GetBoolean() && s.GetProperty("reason").GetString() == reason && s.GetProperty("ccl_a").GetDecimal() == 0m
            && s.GetProperty("dcl_a").GetDecimal() == 0m && !s.GetProperty("charge_allowed").GetBoolean() && !s.GetProperty("discharge_allowed").GetBoolean()
            && s.GetProperty("modules_ok").GetInt32() == ok;

        /// <summary>Reads the rack's topics back from the broker.</summary>
        private sealed class RackWatch : IDisposable
        {
            private readonly IMqttClient _client;
            private readonly object _gate = new();
            private JsonElement? _venus;
            private string? _availability;

            public RackWatch(int port)
            {
                _client = new MqttClientFactory().CreateMqttClient();
                _client.ApplicationMessageReceivedAsync += e =>
                {
                    byte[] payload = System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload);
                    string topic = e.ApplicationMessage.Topic;
                    lock (_gate)
                    {
                        if (topic == Prefix + "/site/limits")
                        {
                            string? errors = MqttSchemas.Errors("site-limits", payload);
                            if (errors != null)
                            {
                                SchemaErrors.Add(errors);
                            }

                            Latest = JsonDocument.Parse(payload).RootElement.Clone();
                            Messages++;
                        }
                        else if (topic == VenusTopic)
                        {
                            _venus = JsonDocument.Parse(payload).RootElement.Clone();
                        }
                        else if (topic == Prefix + "/site/availability")
                        {
                            _availability = Encoding.UTF8.GetString(payload);
                        }
                    }

                    return System.Threading.Tasks.Task.CompletedTask;
                };
                var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("test-rack-watch").WithCleanSession(true).Build();
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                _client.ConnectAsync(options, cts.Token).GetAwaiter().GetResult();
                _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                    .WithTopicFilter(Prefix + "/site/#", MqttQualityOfServiceLevel.AtLeastOnce)
                    .WithTopicFilter(VenusTopic, MqttQualityOfServiceLevel.AtLeastOnce)
                    .Build(), cts.Token).GetAwaiter().GetResult();
            }

            public JsonElement? Latest { get; private set; }

            public long Messages { get; private set; }

            public List<string> SchemaErrors { get; } = new();

            public void WaitFor(string what, Func<JsonElement, bool> condition)
            {
                var watch = Stopwatch.StartNew();
                while (watch.Elapsed < TimeSpan.FromSeconds(15))
                {
                    lock (_gate)
                    {
                        if (Latest != null && condition(Latest.Value))
                        {
                            return;
                        }
                    }

                    Thread.Sleep(20);
                }

                Assert.Fail($"{what}: the rack's limits never became as expected; last: {Latest}");
            }

            public JsonElement WaitForVenus(Func<JsonElement, bool> condition)
            {
                var watch = Stopwatch.StartNew();
                while (watch.Elapsed < TimeSpan.FromSeconds(15))
                {
                    lock (_gate)
                    {
                        if (_venus != null && condition(_venus.Value))
                        {
                            return _venus.Value;
                        }
                    }

                    Thread.Sleep(20);
                }

                Assert.Fail($"the Venus OS message never became as expected; last: {_venus}");
                return default;
            }

            public void WaitForAvailability(string text)
            {
                var watch = Stopwatch.StartNew();
                while (watch.Elapsed < TimeSpan.FromSeconds(10))
                {
                    lock (_gate)
                    {
                        if (_availability == text)
                        {
                            return;
                        }
                    }

                    Thread.Sleep(20);
                }

                Assert.Fail($"the rack's availability never became {text}; last: {_availability}");
            }

            public void Dispose()
            {
                _client.Dispose();
            }
        }
    }
}
