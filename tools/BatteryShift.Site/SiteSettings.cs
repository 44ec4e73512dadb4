using System;
using System.Collections.Generic;
using System.Globalization;
using BatteryShift.Site.Aggregation;

namespace BatteryShift.Site
{
    /// <summary>The aggregator's settings, checked (<see cref="TryCreate"/>): every error names its option.</summary>
    /// <param name="BrokerHost">Broker host.</param>
    /// <param name="BrokerPort">Broker port.</param>
    /// <param name="Prefix">The rack's topic prefix (one or more levels, no wildcards).</param>
    /// <param name="Modules">Modules expected in the rack.</param>
    /// <param name="StaleMs">Stale time, ms.</param>
    /// <param name="Topology">How the modules are connected.</param>
    /// <param name="VenusTopic">Topic for the Venus OS driver's JSON, or null.</param>
    public sealed record SiteSettings(string BrokerHost, int BrokerPort, string Prefix, int Modules, long StaleMs, Topology Topology, string? VenusTopic)
    {
        /// <summary>Smallest stale time: modules publish their limits every second by default.</summary>
        public const long MinStaleMs = 1500;

        /// <summary>Most modules in one rack.</summary>
        public const int MaxModules = 10000;

        /// <summary>The topic the rack's limits are published on.</summary>
        public string SiteLimitsTopic => Prefix + "/" + SiteAggregator.SiteId + "/limits";

        /// <summary>The aggregator's own availability topic (last will: offline).</summary>
        public string SiteAvailabilityTopic => Prefix + "/" + SiteAggregator.SiteId + "/availability";

        /// <summary>Checks the options' texts.</summary>
        /// <param name="broker">--broker host:port.</param>
        /// <param name="prefix">--prefix.</param>
        /// <param name="modules">--modules.</param>
        /// <param name="staleMs">--stale-ms.</param>
        /// <param name="topology">--topology.</param>
        /// <param name="venusTopic">--venus-topic, or null.</param>
        /// <param name="settings">The settings, when every option is right.</param>
        /// <param name="errors">One line per wrong option, naming it.</param>
        /// <returns>True when every option is right.</returns>
        public static bool TryCreate(string broker, string prefix, string modules, string staleMs, string topology, string? venusTopic, out SiteSettings? settings, out List<string> errors)
        {
            errors = new List<string>();
            settings = null;
            string host = string.Empty;
            int port = 0;
            int colon = broker.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(broker.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port < 1 || port > 65535)
            {
                errors.Add($"--broker: '{broker}' is not host:port (a host name or address, a colon, a port 1..65535)");
            }
            else
            {
                host = broker[..colon];
            }

            string? prefixError = TopicError(prefix);
            if (prefixError != null)
            {
                errors.Add($"--prefix: '{prefix}' {prefixError}");
            }

            if (!int.TryParse(modules, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1 || n > MaxModules)
            {
                errors.Add($"--modules: '{modules}' is not a whole number of modules in 1..{MaxModules}");
            }

            if (!long.TryParse(staleMs, NumberStyles.None, CultureInfo.InvariantCulture, out long stale) || stale < MinStaleMs || stale > 3_600_000)
            {
                errors.Add($"--stale-ms: '{staleMs}' is not a whole number of milliseconds in {MinStaleMs}..3600000 (modules publish their limits every mqtt.limits.period, 1000 ms by default)");
            }

            Topology kind = Topology.Series;
            if (topology == "parallel")
            {
                kind = Topology.Parallel;
            }
            else if (topology != "series")
            {
                errors.Add($"--topology: '{topology}' is neither series nor parallel");
            }

            if (venusTopic != null)
            {
                string? venusError = TopicError(venusTopic);
                if (venusError != null)
                {
                    errors.Add($"--venus-topic: '{venusTopic}' {venusError}");
                }
                else if (prefixError == null && venusTopic.StartsWith(prefix + "/", StringComparison.Ordinal) && venusTopic.Split('/').Length == prefix.Split('/').Length + 2)
                {
                    errors.Add($"--venus-topic: '{venusTopic}' lies among the rack's module topics ({prefix}/<id>/<leaf>); choose a topic outside them");
                }
            }

            if (errors.Count > 0)
            {
                return false;
            }

            settings = new SiteSettings(host, port, prefix, n, stale, kind, venusTopic);
            return true;
        }

        private static string? TopicError(string topic)
        {
            if (topic.Length == 0)
            {
                return "is empty";
            }

            if (topic.Contains('+') || topic.Contains('#'))
            {
                return "holds an MQTT wildcard (+ or #)";
            }

            if (topic.StartsWith('/') || topic.EndsWith('/') || topic.Contains("//", StringComparison.Ordinal))
            {
                return "has an empty topic level (a leading, trailing or doubled /)";
            }

            if (topic.Contains(' ') || topic.Contains('\0'))
            {
                return "holds a space or NUL";
            }

            return null;
        }
    }
}
