using System;
using System.Text.Json;

namespace BatteryShift.Site.Aggregation
{
    /// <summary>
    /// Reads a module's limits payload strictly: a JSON object with every field of the schema, each of its type and
    /// range (counters and cell count whole numbers, limits numbers at or above zero, flags true/false, reason a
    /// string), no field twice. Fields the schema does not name are ignored, so a later firmware may add some.
    /// </summary>
    public static class LimitsParser
    {
        private static readonly JsonDocumentOptions s_options = new() { AllowDuplicateProperties = false, MaxDepth = 8 };

        /// <summary>Reads one payload.</summary>
        /// <param name="payload">UTF-8 bytes as received.</param>
        /// <param name="limits">The limits, when readable.</param>
        /// <param name="error">Why not, when not (names the field).</param>
        /// <returns>True when the payload is a well-formed limits message.</returns>
        public static bool TryParse(ReadOnlyMemory<byte> payload, out ModuleLimits? limits, out string error)
        {
            limits = null;
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(payload, s_options);
            }
            catch (JsonException e)
            {
                error = "not JSON (" + e.Message + ")";
                return false;
            }

            using (document)
            {
                JsonElement root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    error = "not a JSON object";
                    return false;
                }

                if (!Whole(root, "seq", 0, long.MaxValue, out long seq, out error)
                    || !Whole(root, "uptime_ms", 0, long.MaxValue, out long uptime, out error)
                    || !Flag(root, "valid", out bool valid, out error)
                    || !Whole(root, "cells", 1, 10000, out long cells, out error)
                    || !Amount(root, "cvl_v", out decimal cvl, out error)
                    || !Amount(root, "ccl_a", out decimal ccl, out error)
                    || !Amount(root, "dcl_a", out decimal dcl, out error)
                    || !Flag(root, "charge_allowed", out bool charge, out error)
                    || !Flag(root, "discharge_allowed", out bool discharge, out error))
                {
                    return false;
                }

                if (!root.TryGetProperty("reason", out JsonElement reason) || reason.ValueKind != JsonValueKind.String)
                {
                    error = "reason missing or not a string";
                    return false;
                }

                limits = new ModuleLimits(seq, uptime, valid, (int)cells, cvl, ccl, dcl, charge, discharge, reason.GetString() ?? string.Empty);
                error = string.Empty;
                return true;
            }
        }

        private static bool Whole(JsonElement root, string name, long min, long max, out long value, out string error)
        {
            value = 0;
            if (!root.TryGetProperty(name, out JsonElement e) || e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out value) || value < min || value > max)
            {
                error = $"{name} missing or not a whole number in {min}..{max}";
                return false;
            }

            error = string.Empty;
            return true;
        }

        private static bool Amount(JsonElement root, string name, out decimal value, out string error)
        {
            value = 0;
            if (!root.TryGetProperty(name, out JsonElement e) || e.ValueKind != JsonValueKind.Number || !e.TryGetDecimal(out value) || value < 0 || value > 1_000_000)
            {
                error = $"{name} missing or not a number in 0..1000000";
                return false;
            }

            error = string.Empty;
            return true;
        }

        private static bool Flag(JsonElement root, string name, out bool value, out string error)
        {
            value = false;
            if (!root.TryGetProperty(name, out JsonElement e) || (e.ValueKind != JsonValueKind.True && e.ValueKind != JsonValueKind.False))
            {
                error = $"{name} missing or not true/false";
                return false;
            }

            value = e.GetBoolean();
            error = string.Empty;
            return true;
        }
    }
}
