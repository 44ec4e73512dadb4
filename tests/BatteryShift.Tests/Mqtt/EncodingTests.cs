using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using BatteryShift.Bms;
using BatteryShift.Bms.Events;
using BatteryShift.Bms.Telemetry;
using Xunit;
using Xunit.Abstractions;

namespace BatteryShift.Tests.Mqtt
{
    /// <summary>The JSON writer and the payload encoder, without a broker.</summary>
    public sealed class EncodingTests
    {
        private readonly ITestOutputHelper _output;

        public EncodingTests(ITestOutputHelper output)
        {
            _output = output;
        }

        private static string Write(Action<JsonWriter> body, int capacity = 512)
        {
            var w = new JsonWriter(capacity);
            w.Reset();
            w.BeginObject();
            body(w);
            w.EndObject();
            Assert.False(w.Overflowed);
            return Encoding.ASCII.GetString(w.Buffer, 0, w.Length);
        }

        [Theory]
        [InlineData(51234L, 3, "51.234")]
        [InlineData(-1L, 3, "-0.001")]
        [InlineData(5L, 1, "0.5")]
        [InlineData(0L, 3, "0.000")]
        [InlineData(-12345L, 0, "-12345")]
        [InlineData(long.MinValue, 0, "-9223372036854775808")]
        [InlineData(1000L, 3, "1.000")]
        public void FixedPointIsExact(long scaled, int decimals, string expected)
        {
            Assert.Equal("{\"x\":" + expected + "}", Write(w => w.Fixed("x", scaled, decimals)));
        }

        [Fact]
        public void FloatsRoundHalfAwayAndNaNIsNull()
        {
            Assert.Equal("{\"a\":55.6,\"b\":-0.3,\"c\":null,\"d\":null,\"e\":100.0}", Write(w =>
            {
                w.Float("a", 55.55f, 1);
                w.Float("b", -0.25f, 1);
                w.Float("c", float.NaN, 1);
                w.Float("d", float.PositiveInfinity, 1);
                w.Float("e", 99.99f, 1);
            }));
        }

        [Fact]
        public void TextIsEscapedAndArraysAndObjectsNest()
        {
            string json = Write(w =>
            {
                w.Text("t", "a\"b\\c\n\u00b0");
                w.Text("b", new byte[] { (byte)'x', 0x01, 0xff }, 3);
                w.BeginArray("n");
                w.IntegerItem(1);
                w.BooleanItem(true);
                w.TextItem("z");
                w.EndArray();
                w.BeginObject("o");
                w.BeginText("p");
                w.TextPart("v[");
                w.TextPart(7);
                w.TextPart("]");
                w.EndText();
                w.EndObject();
            });
            Assert.Equal("{\"t\":\"a\\\"b\\\\c\\n\\u00b0\",\"b\":\"x\\u0001\\u00ff\",\"n\":[1,true,\"z\"],\"o\":{\"p\":\"v[7]\"}}", json);
            using var doc = JsonDocument.Parse(json);
            Assert.Equal("a\"b\\c\n\u00b0", doc.RootElement.GetProperty("t").GetString());
        }

        [Fact]
        public void OverflowStopsAndIsFlagged()
        {
            var w = new JsonWriter(16);
            w.Reset();
            w.BeginObject();
            w.Text("long", "this does not fit in sixteen bytes");
            w.EndObject();
            Assert.True(w.Overflowed);
            Assert.Equal(16, w.Length);
            w.Reset();
            Assert.False(w.Overflowed);
        }

        [Fact]
        public void StateAndCellsMatchTheirSchemasAndAllocateNothing()
        {
            var s = new ModuleStatus();
            ModuleRig.Fill(s);
            var link = new LinkCounters { Connects = 3, Sent = 1000, Dropped = 2 };
            var w = new JsonWriter(1536);

            TelemetryEncoder.WriteState(w, s, 42, link);
            Assert.False(w.Overflowed);
            byte[] state = w.Buffer.AsSpan(0, w.Length).ToArray();
            Assert.Null(MqttSchemas.Errors("state", state));

            // the uncertainty sits right after the SOC it qualifies, rounded to 0.1 like it (3.24 -> 3.2)
            Assert.Matches("\"soc_pct\":55\\.[56],\"soc_unc_pct\":3\\.2,\"soh_pct\":98\\.4,", Encoding.ASCII.GetString(state));
            s.SocUncertaintyPct = float.NaN;
            TelemetryEncoder.WriteState(w, s, 43, link);
            Assert.Contains("\"soc_unc_pct\":null,", Encoding.ASCII.GetString(w.Buffer, 0, w.Length), StringComparison.Ordinal);
            Assert.Null(MqttSchemas.Errors("state", w.Buffer.AsSpan(0, w.Length).ToArray()));
            s.SocUncertaintyPct = 3.24f;
            TelemetryEncoder.WriteCells(w, s, 7);
            byte[] cells = w.Buffer.AsSpan(0, w.Length).ToArray();
            Assert.Null(MqttSchemas.Errors("cells", cells));
            _output.WriteLine($"state {state.Length} bytes, cells {cells.Length} bytes");
            _output.WriteLine(Encoding.ASCII.GetString(state));

            // warm up, then count allocations over many messages of every kind
            var log = new EventLog(8);
            log.Append(1, EventKind.StateChanged, (int)ModuleState.Fault, (int)ModuleState.Charging);
            for (int i = 0; i < 10; i++)
            {
                TelemetryEncoder.WriteState(w, s, i, link);
                TelemetryEncoder.WriteCells(w, s, i);
                TelemetryEncoder.WriteEvent(w, log, 0, 0);
            }

            // An allocation in the encoders shows in every window of 1000 messages; the runtime's own
            // one-off work on this thread (a late tier-up under a loaded test run) shows in one at most,
            // so the quietest of three windows must be exactly zero.
            long quietest = long.MaxValue;
            for (int window = 0; window < 3 && quietest != 0; window++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 1000; i++)
                {
                    s.PackCurrentMa = -i * 37;
                    s.SocPct = i * 0.1f;
                    TelemetryEncoder.WriteState(w, s, i, link);
                    TelemetryEncoder.WriteCells(w, s, i);
                    TelemetryEncoder.WriteEvent(w, log, 0, 0);
                }

                quietest = Math.Min(quietest, GC.GetAllocatedBytesForCurrentThread() - before);
            }

            Assert.Equal(0, quietest);
        }

        [Fact]
        public void EventOfEveryKindMatchesTheSchema()
        {
            var log = new EventLog(16);
            for (int kind = 0; kind < EventKind.Count; kind++)
            {
                log.Append(kind * 10, kind, kind == EventKind.StateChanged ? 6 : kind, -kind);
            }

            var w = new JsonWriter(512);
            for (long seq = 0; seq < EventKind.Count; seq++)
            {
                TelemetryEncoder.WriteEvent(w, log, seq, seq == 0 ? 0 : 1);
                byte[] payload = w.Buffer.AsSpan(0, w.Length).ToArray();
                Assert.Null(MqttSchemas.Errors("event", payload));
                using var doc = JsonDocument.Parse(payload);
                Assert.Equal(EventKind.Name((int)seq), doc.RootElement.GetProperty("kind").GetString());
            }
        }

        [Fact]
        public void DiscoveryCoversEveryEntityOnce()
        {
            var topics = new TelemetryTopics("site/rack1", "mod+7/x");
            Assert.Equal("site/rack1/mod_7_x/state", topics.State);
            var discovery = new HomeAssistantDiscovery(topics, "homeassistant", 16);
            var w = new JsonWriter(1536);
            var uniqueIds = new System.Collections.Generic.HashSet<string>();
            for (int i = 0; i < discovery.Count; i++)
            {
                discovery.Write(w, i);
                Assert.False(w.Overflowed);
                byte[] payload = w.Buffer.AsSpan(0, w.Length).ToArray();
                Assert.Null(MqttSchemas.Errors("discovery", payload));
                using var doc = JsonDocument.Parse(payload);
                Assert.True(uniqueIds.Add(doc.RootElement.GetProperty("unique_id").GetString()!));
                Assert.EndsWith("/config", discovery.Topic(i), StringComparison.Ordinal);
            }

            Assert.Equal(43, uniqueIds.Count);
        }
    }
}
