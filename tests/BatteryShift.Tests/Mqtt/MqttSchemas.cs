using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Json.Schema;

namespace BatteryShift.Tests.Mqtt
{
    /// <summary>The JSON Schemas of docs/mqtt, loaded once, and a validator that reports why.</summary>
    public static class MqttSchemas
    {
        private static readonly ConcurrentDictionary<string, JsonSchema> s_cache = new();

        public static JsonSchema Load(string name)
        {
            return s_cache.GetOrAdd(name, n => JsonSchema.FromText(File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "mqtt", n + ".schema.json"))));
        }

        /// <summary>Validates a payload; returns null when valid, else the errors and the payload.</summary>
        public static string? Errors(string schemaName, byte[] payload)
        {
            string text = Encoding.UTF8.GetString(payload);
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(text);
            }
            catch (JsonException e)
            {
                return "not JSON: " + e.Message + " in " + text;
            }

            using (doc)
            {
                var result = Load(schemaName).Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
                if (result.IsValid)
                {
                    return null;
                }

                var errors = result.Details
                    .Where(d => d.Errors != null)
                    .SelectMany(d => d.Errors!.Select(e => d.InstanceLocation + ": " + e.Value));
                return schemaName + " schema: " + string.Join("; ", errors) + " in " + text;
            }
        }
    }
}
