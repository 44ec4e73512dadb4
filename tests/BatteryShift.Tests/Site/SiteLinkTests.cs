using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using BatteryShift.Site;
using BatteryShift.Site.Aggregation;
using BatteryShift.Site.Mqtt;
using BatteryShift.Tests.Mqtt;
using Xunit;

namespace BatteryShift.Tests.Site
{
    /// <summary>The aggregator across a broker restart: it says the link went down and came back, and reopens the limits by itself.</summary>
    public sealed class SiteLinkTests
    {
        private const string Prefix = "plant/rack2";

        [MosquittoFact]
        public void ABrokerRestartIsReportedAndTheLimitsReopenByThemselves()
        {
            using TestBroker broker = TestBroker.Mosquitto();
            var modules = new[] { new RackModuleClient(Prefix, "a", broker.Port), new RackModuleClient(Prefix, "b", broker.Port) };
            using var stop = new CancellationTokenSource();
            var publisher = new Thread(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    foreach (RackModuleClient m in modules)
                    {
                        try
                        {
                            if (!m.Connected)
                            {
                                m.Abort();
                                m.Connect();
                            }

                            m.Publish("limits", LimitsPayload.Text(cvl: "55.200", ccl: "90.0", dcl: "100.0"), true);
                        }
                        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or MQTTnet.Exceptions.MqttCommunicationException)
                        {
                            // the broker is away: try again
                        }
                    }

                    Thread.Sleep(300);
                }
            })
            { IsBackground = true };
            publisher.Start();

            var status = new StringWriter();
            var log = TextWriter.Synchronized(status);
            using var service = new SiteService(new SiteSettings("127.0.0.1", broker.Port, Prefix, 2, 2000, Topology.Series, null), log);
            var runner = new Thread(() => service.Run(stop.Token)) { IsBackground = true };
            runner.Start();
            try
            {
                // by hand: CVL 2 x 55.200 = 110.400
                const string open = "site: open ok, 2/2 modules ok, cvl 110.400 V, ccl 90.0 A, dcl 100.0 A";
                WaitForLine(status, log, open, 1);
                broker.Stop();
                WaitForLine(status, log, "site: link down", 1);
                broker.Start();
                WaitForLine(status, log, "site: link up", 2);
                WaitForLine(status, log, open, 2);
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
        }

        private static void WaitForLine(StringWriter status, TextWriter log, string start, int times)
        {
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < TimeSpan.FromSeconds(20))
            {
                int seen = 0;
                // the synchronised writer locks on itself: reading under the same lock sees whole lines
                lock (log)
                {
                    foreach (string line in status.ToString().Split('\n'))
                    {
                        seen += line.StartsWith(start, StringComparison.Ordinal) ? 1 : 0;
                    }
                }

                if (seen >= times)
                {
                    return;
                }

                Thread.Sleep(50);
            }

            Assert.Fail($"no {times} lines starting '{start}' on stderr:\n{status}");
        }
    }
}
