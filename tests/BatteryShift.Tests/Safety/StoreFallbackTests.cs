using System;
using System.Linq;
using System.Text;
using BatteryShift.Bms;
using BatteryShift.Bms.Config;
using BatteryShift.Bms.Events;
using BatteryShift.Bms.Measurement;
using BatteryShift.Bms.Persistence;
using BatteryShift.Bms.Protection;
using BatteryShift.Bms.Telemetry;
using Xunit;

namespace BatteryShift.Tests.Safety
{
    /// <summary>
    /// Issue 18, finding 5: a stored record rejected at start-up is announced: the status bit, the event with its serial
    /// line, and fallback_mask in the state message. Before, a rejected configuration fell back to the defaults with the
    /// very same boot output.
    /// </summary>
    public sealed class StoreFallbackTests
    {
        [Fact]
        public void ARejectedConfigurationIsAnnouncedAndTheDefaultsAreInForce()
        {
            var board = new FakeBoard();
            BmsCore first = board.StartCore();
            int key = ProtectionKeys.Key(LimitIds.CellOvervoltage, ProtectionKeys.AlarmOffset);
            Assert.Equal(ResultCode.Ok, first.Config.TrySet(key, 3600));

            // as `config save` at the console: in a communication pass, which writes the fault log first
            first.Communicate();
            Assert.Equal(ResultCode.Ok, first.SaveConfig());

            // one flipped bit in the stored configuration
            board.Blobs[ConfigStore.BlobKey][20] ^= 0x04;
            BmsCore second = board.StartCore();
            Assert.Equal(ResultCode.Corrupt, second.ConfigLoadResult);
            Assert.Equal(ConfigSchema.Default(key), second.Config.Get(key));
            Assert.Equal(StoreFallback.Configuration, second.Status.FallbackMask);
            Assert.Equal(1, Count(second, StoreFallback.Configuration));
            Assert.Contains("store_rejected config corrupt: defaults in force", EventLines(second), StringComparison.Ordinal);
            Assert.Contains("fallback: config", Run(second, "status"), StringComparison.Ordinal);
            Assert.Contains("\"fallback_mask\":1", StateJson(second), StringComparison.Ordinal);
        }

        [Fact]
        public void ACalibrationBeyondTheBandIsRejectedAndAnnounced()
        {
            var board = new FakeBoard();
            BmsCore first = board.StartCore();

            // constants the old limits took (95 mV offset, beyond the 85 mV band) and no calibration command makes any more
            Assert.True(first.Calibration.Load(3, Calibration.GainScale, 95000));
            first.Communicate();
            Assert.Equal(ResultCode.Ok, first.SaveConfig());
            BmsCore second = board.StartCore();
            Assert.Equal(0f, second.Calibration.OffsetMv(3));
            Assert.Equal(StoreFallback.Calibration, second.Status.FallbackMask);
            Assert.Contains("store_rejected calibration out of range: channels uncalibrated", EventLines(second), StringComparison.Ordinal);
        }

        [Fact]
        public void ALostFaultLogIsAFallbackToo()
        {
            var board = new FakeBoard();
            BmsCore first = board.StartCore();
            board.CellMv[0] = 3900;
            for (int t = 0; t < 20; t++)
            {
                board.Step(first);
            }

            first.Communicate();
            Assert.NotEqual(0, first.Status.FaultMask);
            Assert.Contains(board.Blobs.Keys, k => k == FaultLog.BlobKey || k == FaultLog.SecondBlobKey);
            foreach (string k in board.Blobs.Keys.Where(k => k == FaultLog.BlobKey || k == FaultLog.SecondBlobKey).ToArray())
            {
                board.Blobs[k][board.Blobs[k].Length / 2] ^= 0x10;
            }

            BmsCore second = board.StartCore();
            Assert.Equal(StoreFallback.FaultLog, second.Status.FallbackMask & StoreFallback.FaultLog);
            Assert.NotEqual(0, second.Status.FaultMask & (1 << LimitIds.FaultLogLost));
        }

        [Fact]
        public void ANewBoardIsNoFallback()
        {
            var board = new FakeBoard();
            BmsCore core = board.StartCore();
            Assert.Equal(0, core.Status.FallbackMask);
            Assert.Equal(0, Count(core, -1));
            Assert.DoesNotContain("fallback", Run(core, "status"), StringComparison.Ordinal);
        }

        private static int Count(BmsCore core, int bit)
        {
            int n = 0;
            for (long s = core.Events.OldestSequence; s < core.Events.NextSequence; s++)
            {
                if (core.Events.Kind(s) == EventKind.StoreRejected && (bit < 0 || core.Events.Code(s) == bit))
                {
                    n++;
                }
            }

            return n;
        }

        private static string EventLines(BmsCore core)
        {
            var text = new Bms.Console.TextBuffer(4096);
            for (long s = core.Events.OldestSequence; s < core.Events.NextSequence; s++)
            {
                Bms.Console.StatusText.AppendEvent(text, core.Events, s, false);
            }

            return Encoding.ASCII.GetString(text.Bytes, 0, text.Length);
        }

        private static string Run(BmsCore core, string line)
        {
            byte[] bytes = Encoding.ASCII.GetBytes(line);
            core.Commands.Execute(bytes, 0, bytes.Length, false);
            return Encoding.ASCII.GetString(core.Commands.Reply, 0, core.Commands.ReplyLength);
        }

        private static string StateJson(BmsCore core)
        {
            var writer = new JsonWriter(2048);
            TelemetryEncoder.WriteState(writer, core.Status, 0, new LinkCounters());
            return Encoding.UTF8.GetString(writer.Buffer, 0, writer.Length);
        }
    }
}
