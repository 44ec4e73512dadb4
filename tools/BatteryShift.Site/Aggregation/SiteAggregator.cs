using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace BatteryShift.Site.Aggregation
{
    /// <summary>
    /// Turns the limits of the N modules of one rack into the rack's limits (docs/site.md). Pure: it is fed the
    /// messages and the time, and knows nothing of MQTT. The limits are closed (no current either way, reason given)
    /// while any module is offline, sent a malformed payload, has sent no live limits for longer than the stale time,
    /// or says its limits are not valid, and while fewer or more modules than expected are seen or their cell counts
    /// differ. Otherwise: series, CCL and DCL the smallest and CVL the module count times the smallest; parallel, CCL
    /// and DCL the module count times the smallest and CVL the smallest. Not thread-safe.
    /// </summary>
    public sealed class SiteAggregator
    {
        /// <summary>The aggregator's own id under the rack prefix: never taken for a module.</summary>
        public const string SiteId = "site";

        private const int NamesShown = 5;
        private readonly SortedDictionary<string, ModuleTrack> _modules = new(StringComparer.Ordinal);

        /// <summary>Creates an aggregator.</summary>
        /// <param name="modules">Modules expected in the rack (at least 1).</param>
        /// <param name="topology">How they are connected.</param>
        /// <param name="staleMs">Longest time without live limits before a module counts as stale (at least 1).</param>
        public SiteAggregator(int modules, Topology topology, long staleMs)
        {
            if (modules < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(modules), modules, "at least one module");
            }

            if (staleMs < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(staleMs), staleMs, "at least 1 ms");
            }

            Modules = modules;
            Topology = topology;
            StaleMs = staleMs;
        }

        /// <summary>Modules expected.</summary>
        public int Modules { get; }

        /// <summary>How they are connected.</summary>
        public Topology Topology { get; }

        /// <summary>Stale time, ms.</summary>
        public long StaleMs { get; }

        /// <summary>Malformed limits payloads received, every module.</summary>
        public long MalformedPayloads { get; private set; }

        /// <summary>Module ids seen, in order.</summary>
        public IReadOnlyCollection<string> ModuleIds => _modules.Keys;

        /// <summary>
        /// Takes a limits payload. An empty payload (a retained message cleared) forgets the module's limits. A
        /// payload replayed from the broker's retained store (<paramref name="live"/> false) is kept but does not make
        /// the module fresh: only a message the module sends while the aggregator listens does.
        /// </summary>
        /// <param name="id">Module id (the topic level).</param>
        /// <param name="payload">Payload bytes.</param>
        /// <param name="nowMs">Aggregator time, ms.</param>
        /// <param name="live">False for a retained message delivered on subscribe.</param>
        /// <returns>False when the payload was malformed (counted).</returns>
        public bool OnLimits(string id, ReadOnlyMemory<byte> payload, long nowMs, bool live = true)
        {
            if (id == SiteId)
            {
                return true;
            }

            ModuleTrack track = Track(id);
            if (payload.Length == 0)
            {
                track.Limits = null;
                track.LastLiveMs = null;
                track.Malformed = false;
                return true;
            }

            if (!LimitsParser.TryParse(payload, out ModuleLimits? limits, out string error))
            {
                track.Malformed = true;
                track.MalformedCount++;
                track.LastError = error;
                track.Limits = null;
                MalformedPayloads++;
                return false;
            }

            track.Malformed = false;
            track.Limits = limits;
            if (live)
            {
                track.LastLiveMs = nowMs;
            }

            return true;
        }

        /// <summary>Takes an availability payload (<c>online</c>, <c>offline</c>; empty clears it).</summary>
        /// <param name="id">Module id.</param>
        /// <param name="text">Payload text.</param>
        public void OnAvailability(string id, string text)
        {
            if (id == SiteId)
            {
                return;
            }

            Track(id).Availability = text.Length == 0 ? null : text;
        }

        /// <summary>The rack's limits now.</summary>
        /// <param name="nowMs">Aggregator time, ms.</param>
        /// <returns>The limits.</returns>
        public SiteLimits Evaluate(long nowMs)
        {
            var offline = new List<string>();
            var malformed = new List<string>();
            var stale = new List<string>();
            var invalid = new List<string>();
            var ok = new List<ModuleLimits>();
            var okIds = new List<string>();
            foreach (ModuleTrack m in _modules.Values)
            {
                if (m.Offline)
                {
                    offline.Add(m.Id);
                }
                else if (m.Malformed)
                {
                    malformed.Add($"{m.Id} ({m.LastError}; {m.MalformedCount} so far)");
                }
                else if (m.Limits == null || m.LastLiveMs == null || nowMs - m.LastLiveMs.Value > StaleMs)
                {
                    stale.Add(m.Id);
                }
                else if (!m.Limits.Valid)
                {
                    invalid.Add($"{m.Id} ({Snake(m.Limits.Reason)})");
                }
                else
                {
                    ok.Add(m.Limits);
                    okIds.Add(m.Id);
                }
            }

            int seen = _modules.Count;
            string detail = Detail(offline, malformed, stale, invalid, seen);
            string? closing = offline.Count > 0 ? "module_offline"
                : malformed.Count > 0 ? "module_malformed"
                : stale.Count > 0 ? "module_stale"
                : invalid.Count > 0 ? "module_invalid"
                : seen < Modules ? "modules_missing"
                : seen > Modules ? "modules_extra"
                : !SameCells(ok) ? "cells_mismatch"
                : null;
            if (closing != null)
            {
                return new SiteLimits(false, 0, 0m, 0m, 0m, false, false, closing, Modules, ok.Count, closing == "cells_mismatch" ? CellsDetail(ok, okIds) : detail);
            }

            return Open(ok, detail);
        }

        private SiteLimits Open(List<ModuleLimits> ok, string detail)
        {
            bool charge = true;
            bool discharge = true;
            decimal minCvl = decimal.MaxValue;
            decimal minCcl = decimal.MaxValue;
            decimal minDcl = decimal.MaxValue;
            int cells = 0;
            ModuleLimits cvlSetter = ok[0];
            ModuleLimits cclSetter = ok[0];
            ModuleLimits dclSetter = ok[0];
            string? forbidding = null;
            foreach (ModuleLimits m in ok)
            {
                charge &= m.ChargeAllowed;
                discharge &= m.DischargeAllowed;
                if ((!m.ChargeAllowed || !m.DischargeAllowed) && forbidding == null && !IsOk(m.Reason))
                {
                    forbidding = m.Reason;
                }

                // a module that forbids a direction allows no current that way, whatever its limit says
                decimal ccl = m.ChargeAllowed ? m.CclA : 0m;
                decimal dcl = m.DischargeAllowed ? m.DclA : 0m;
                if (m.CvlV < minCvl)
                {
                    minCvl = m.CvlV;
                    cvlSetter = m;
                }

                if (ccl < minCcl)
                {
                    minCcl = ccl;
                    cclSetter = m;
                }

                if (dcl < minDcl)
                {
                    minDcl = dcl;
                    dclSetter = m;
                }

                cells += m.Cells;
            }

            decimal n = Modules;
            bool series = Topology == Topology.Series;
            decimal cvl = Down(series ? n * minCvl : minCvl, 1000m);
            decimal cclOut = Down(series ? minCcl : n * minCcl, 10m);
            decimal dclOut = Down(series ? minDcl : n * minDcl, 10m);
            string reason = forbidding
                ?? (!IsOk(cclSetter.Reason) ? cclSetter.Reason
                : !IsOk(dclSetter.Reason) ? dclSetter.Reason
                : !IsOk(cvlSetter.Reason) ? cvlSetter.Reason
                : "ok");
            return new SiteLimits(true, series ? cells : ok[0].Cells, cvl, cclOut, dclOut, charge, discharge, Snake(reason), Modules, ok.Count, detail);
        }

        /// <summary>Rounds down to the given resolution (a limit is never rounded up).</summary>
        private static decimal Down(decimal value, decimal perUnit) => decimal.Floor(value * perUnit) / perUnit;

        private static bool IsOk(string reason) => reason.Length == 0 || reason == "ok";

        /// <summary>The reason as snake_case: lower-case letters, digits and '_' only.</summary>
        /// <param name="text">Any text.</param>
        /// <returns>snake_case text ("unknown" when nothing is left).</returns>
        public static string Snake(string text)
        {
            var sb = new StringBuilder(text.Length);
            foreach (char c in text)
            {
                char l = char.ToLowerInvariant(c);
                bool keep = (l >= 'a' && l <= 'z') || (l >= '0' && l <= '9');
                if (keep)
                {
                    sb.Append(l);
                }
                else if (sb.Length > 0 && sb[^1] != '_')
                {
                    sb.Append('_');
                }
            }

            string s = sb.ToString().TrimEnd('_');
            return s.Length == 0 ? "unknown" : s;
        }

        private static bool SameCells(List<ModuleLimits> ok)
        {
            foreach (ModuleLimits m in ok)
            {
                if (m.Cells != ok[0].Cells)
                {
                    return false;
                }
            }

            return true;
        }

        private ModuleTrack Track(string id)
        {
            if (!_modules.TryGetValue(id, out ModuleTrack? track))
            {
                track = new ModuleTrack(id);
                _modules[id] = track;
            }

            return track;
        }

        private string Detail(List<string> offline, List<string> malformed, List<string> stale, List<string> invalid, int seen)
        {
            var parts = new List<string>();
            Add(parts, "offline", offline);
            Add(parts, "malformed", malformed);
            Add(parts, $"stale (no live limits for > {StaleMs} ms)", stale);
            Add(parts, "invalid", invalid);
            if (seen != Modules)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{seen} of {Modules} modules seen"));
            }

            return string.Join("; ", parts);
        }

        private static string CellsDetail(List<ModuleLimits> ok, List<string> ids)
        {
            var parts = new List<string>();
            for (int i = 0; i < ok.Count && parts.Count < NamesShown; i++)
            {
                if (ok[i].Cells != ok[0].Cells)
                {
                    parts.Add($"{ids[i]} {ok[i].Cells} cells");
                }
            }

            return $"cell counts differ: {ids[0]} {ok[0].Cells} cells, " + string.Join(", ", parts);
        }

        private static void Add(List<string> parts, string what, List<string> names)
        {
            if (names.Count == 0)
            {
                return;
            }

            string shown = string.Join(", ", names.GetRange(0, Math.Min(NamesShown, names.Count)));
            parts.Add(names.Count > NamesShown ? $"{what}: {shown} and {names.Count - NamesShown} more" : $"{what}: {shown}");
        }
    }
}
