using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using BatteryShift.Site.Aggregation;

namespace BatteryShift.Site.Venus
{
    /// <summary>
    /// The rack as one battery in the JSON shape of the Venus OS driver dbus-mqtt-battery
    /// (https://github.com/mr-manuel/venus-os_dbus-mqtt-battery, its README's "JSON structure"): <c>Dc</c> (Power,
    /// Voltage, Current), <c>Soc</c>, <c>Info</c> (MaxChargeVoltage, MaxChargeCurrent, MaxDischargeCurrent), <c>Io</c>
    /// (AllowToCharge, AllowToDischarge as 0/1) and <c>System</c> (NrOfModulesOnline, NrOfModulesOffline). The limits
    /// come from the aggregator; voltage, current, power and SOC from the modules' state messages, null while any
    /// expected module has no fresh one. Mapping in docs/site.md. Not thread-safe.
    /// </summary>
    public sealed class VenusBattery
    {
        private readonly Dictionary<string, ModuleReading> _readings = new(StringComparer.Ordinal);
        private readonly Topology _topology;
        private readonly int _modules;
        private readonly long _staleMs;

        /// <summary>Creates the mapping for one rack.</summary>
        /// <param name="modules">Modules expected.</param>
        /// <param name="topology">How they are connected.</param>
        /// <param name="staleMs">Age past which a state reading is not used, ms.</param>
        public VenusBattery(int modules, Topology topology, long staleMs)
        {
            _modules = modules;
            _topology = topology;
            _staleMs = staleMs;
        }

        /// <summary>Takes a module's state payload; an unreadable one drops that module's reading.</summary>
        /// <param name="id">Module id.</param>
        /// <param name="payload">State JSON.</param>
        /// <param name="nowMs">Aggregator time, ms.</param>
        /// <returns>True when the reading was taken.</returns>
        public bool OnState(string id, ReadOnlyMemory<byte> payload, long nowMs)
        {
            if (id == SiteAggregator.SiteId)
            {
                return false;
            }

            try
            {
                using JsonDocument doc = JsonDocument.Parse(payload);
                JsonElement s = doc.RootElement;
                decimal? soc = s.TryGetProperty("soc_pct", out JsonElement e) && e.ValueKind == JsonValueKind.Number ? e.GetDecimal() : null;
                _readings[id] = new ModuleReading(s.GetProperty("voltage_v").GetDecimal(), s.GetProperty("current_a").GetDecimal(), s.GetProperty("power_w").GetDecimal(), soc, nowMs);
                return true;
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                _readings.Remove(id);
                return false;
            }
        }

        /// <summary>The driver's JSON for the rack now.</summary>
        /// <param name="limits">The rack's limits.</param>
        /// <param name="nowMs">Aggregator time, ms.</param>
        /// <returns>JSON text.</returns>
        public string Encode(SiteLimits limits, long nowMs)
        {
            var fresh = new List<ModuleReading>();
            foreach (ModuleReading r in _readings.Values)
            {
                if (nowMs - r.ReceivedMs <= _staleMs)
                {
                    fresh.Add(r);
                }
            }

            bool complete = fresh.Count == _modules;
            bool series = _topology == Topology.Series;
            decimal v = 0m;
            decimal i = 0m;
            decimal p = 0m;
            decimal? soc = complete ? decimal.MaxValue : null;
            foreach (ModuleReading r in fresh)
            {
                v += r.VoltageV;
                i += r.CurrentA;
                p += r.PowerW;
                if (soc != null)
                {
                    soc = r.SocPct == null ? null : series ? Math.Min(soc.Value, r.SocPct.Value) : soc.Value == decimal.MaxValue ? r.SocPct.Value : soc.Value + r.SocPct.Value;
                }
            }

            if (complete)
            {
                // series: one current through every module, voltages add; parallel: one voltage, currents add
                v = series ? v : v / _modules;
                i = series ? i / _modules : i;
                soc = soc == null ? null : series ? soc : soc / _modules;
            }

            var sb = new StringBuilder(256);
            sb.Append("{\"Dc\":{\"Power\":").Append(Num(complete ? p : null, "F1"))
              .Append(",\"Voltage\":").Append(Num(complete ? v : null, "F3"))
              .Append(",\"Current\":").Append(Num(complete ? i : null, "F3"))
              .Append("},\"Soc\":").Append(Num(soc, "F1"))
              .Append(",\"Info\":{\"MaxChargeVoltage\":").Append(Num(limits.CvlV, "F3"))
              .Append(",\"MaxChargeCurrent\":").Append(Num(limits.CclA, "F1"))
              .Append(",\"MaxDischargeCurrent\":").Append(Num(limits.DclA, "F1"))
              .Append("},\"Io\":{\"AllowToCharge\":").Append(limits.ChargeAllowed ? 1 : 0)
              .Append(",\"AllowToDischarge\":").Append(limits.DischargeAllowed ? 1 : 0)
              .Append("},\"System\":{\"NrOfModulesOnline\":").Append(limits.ModulesOk)
              .Append(",\"NrOfModulesOffline\":").Append(limits.Modules - limits.ModulesOk)
              .Append("}}");
            return sb.ToString();
        }

        private static string Num(decimal? value, string format) =>
            value == null ? "null" : value.Value.ToString(format, CultureInfo.InvariantCulture);
    }
}
