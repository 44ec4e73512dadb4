using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Threading;
using BatteryShift.Site.Mqtt;

namespace BatteryShift.Site
{
    /// <summary>
    /// The BatteryShift site aggregator: one per rack, it reads the limits every module of the rack publishes on MQTT
    /// and publishes the rack's limits (docs/site.md).
    /// </summary>
    internal static class Program
    {
        private static int Main(string[] args)
        {
            var broker = new Option<string>("--broker") { Description = "Broker host:port", DefaultValueFactory = _ => "127.0.0.1:1883" };
            var prefix = new Option<string>("--prefix") { Description = "The rack's topic prefix (mqtt.prefix of its modules; may hold several levels, e.g. site/rack1)", Required = true };
            var modules = new Option<string>("--modules") { Description = "Modules expected in the rack", Required = true };
            var stale = new Option<string>("--stale-ms") { Description = "A module without live limits for longer than this closes the rack's limits (ms, at least 1500; at least twice the modules' limits period)", DefaultValueFactory = _ => "5000" };
            var topology = new Option<string>("--topology") { Description = "series (CCL/DCL the smallest, CVL N x the smallest) or parallel (CCL/DCL N x the smallest, CVL the smallest)", DefaultValueFactory = _ => "series" };
            var venus = new Option<string?>("--venus-topic") { Description = "Also publish the rack's limits on this topic in the JSON of the Venus OS driver dbus-mqtt-battery" };
            var root = new RootCommand("BatteryShift site aggregator: the limits of a rack's modules from MQTT, published as the rack's limits on <prefix>/site/limits")
            {
                broker,
                prefix,
                modules,
                stale,
                topology,
                venus,
            };
            root.SetAction(r =>
            {
                if (!SiteSettings.TryCreate(r.GetValue(broker)!, r.GetValue(prefix)!, r.GetValue(modules)!, r.GetValue(stale)!, r.GetValue(topology)!, r.GetValue(venus), out SiteSettings? settings, out List<string> errors))
                {
                    foreach (string e in errors)
                    {
                        Console.Error.WriteLine(e);
                    }

                    return 2;
                }

                using var cancel = new CancellationTokenSource();
                Console.CancelKeyPress += (_, e) =>
                {
                    e.Cancel = true;
                    cancel.Cancel();
                };
                using var service = new SiteService(settings!, Console.Error);
                service.Run(cancel.Token);
                return 0;
            });
            return root.Parse(args).Invoke();
        }
    }
}
