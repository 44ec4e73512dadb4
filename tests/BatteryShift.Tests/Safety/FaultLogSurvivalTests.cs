using System;
using System.Text;
using BatteryShift.Bms;
using BatteryShift.Bms.Persistence;
using BatteryShift.Bms.Protection;
using BatteryShift.Hal.Simulation;
using BatteryShift.Harness;
using BatteryShift.Tests.Simulation;
using Xunit;

namespace BatteryShift.Tests.Safety
{
    /// <summary>
    /// A latched fault survives any single corruption of the stored fault log and a power cut while the latch is
    /// written: on the unmodified core over the virtual module, the FETs' truth from the simulation. A log that
    /// cannot be trusted starts the module latched in log_lost, which only the local console clears.
    /// </summary>
    public class FaultLogSurvivalTests
    {
        private const int LostBit = 1 << LimitIds.FaultLogLost;
        private const int StopBit = 1 << LimitIds.ExternalStop;

        // runs until the FETs close, latches the external stop with a one-tick press and lets the log be written
        private static VirtualModuleRunner Latched()
        {
            var runner = new VirtualModuleRunner(SimTestKit.CleanCells(50));
            runner.RunSeconds(5);
            Assert.True(runner.Truth.ChargeFetOn && runner.Truth.DischargeFetOn);
            runner.Module.ExternalStopPressed = true;
            runner.Step();
            runner.Module.ExternalStopPressed = false;
            runner.RunSeconds(2);
            Assert.Equal(StopBit, runner.Core.Status.FaultMask);
            return runner;
        }

        private static void AssertStaysOpen(VirtualModuleRunner runner, int mustHold)
        {
            for (int i = 0; i < 40; i++)
            {
                runner.Step();
                Assert.False(runner.Truth.ChargeFetOn);
                Assert.False(runner.Truth.DischargeFetOn);
            }

            Assert.Equal(mustHold, runner.Core.Status.FaultMask & mustHold);
        }

        private static string Clear(VirtualModuleRunner runner, bool fromRemote)
        {
            byte[] line = Encoding.ASCII.GetBytes("clear");
            runner.Core.Commands.Execute(line, 0, line.Length, fromRemote);
            return Encoding.ASCII.GetString(runner.Core.Commands.Reply, 0, runner.Core.Commands.ReplyLength);
        }

        [Fact]
        public void ALatchIsWrittenToBothCopiesOutsideTheTick()
        {
            var runner = new VirtualModuleRunner(SimTestKit.CleanCells(50));
            runner.RunSeconds(5);
            runner.Module.ExternalStopPressed = true;
            long before = runner.Module.Store.ReplaceCount;
            runner.Core.Tick();
            Assert.NotEqual(0, runner.Core.Status.FaultMask & StopBit);
            Assert.Equal(before, runner.Module.Store.ReplaceCount);
            Assert.True(runner.Core.FaultLog.Pending);
            runner.Core.Communicate();
            runner.Core.Communicate();
            Assert.False(runner.Core.FaultLog.Pending);
            Assert.Equal(before + 2, runner.Module.Store.ReplaceCount);
            var buffer = new byte[FaultLog.BufferBytes];
            foreach (string key in new[] { FaultLog.BlobKey, FaultLog.SecondBlobKey })
            {
                Assert.Equal(FaultLog.BufferBytes, runner.Ports.Store.Read(key, buffer));
                Assert.Equal(StopBit, BlobCodec.GetInt(buffer, 12));
            }
        }

        [Theory]
        [InlineData(0, 12)]
        [InlineData(1, 12)]
        [InlineData(0, 300)]
        [InlineData(1, 300)]
        public void OneFlippedBitInEitherCopyKeepsTheLatchAndLatchesLogLost(int copy, int byteIndex)
        {
            var runner = Latched();
            Assert.True(runner.Module.Store.Corrupt(copy == 0 ? FaultLog.BlobKey : FaultLog.SecondBlobKey, byteIndex, 0x01));
            runner.Reset();
            Assert.Equal(ResultCode.Corrupt, runner.Core.FaultLog.LastLoadResult);
            Assert.Equal(FaultLog.LostCorrupt, runner.Core.FaultLog.LostReason);
            AssertStaysOpen(runner, StopBit | LostBit);
        }

        [Theory]
        [InlineData(0, 100)]
        [InlineData(1, 100)]
        [InlineData(0, 0)]
        [InlineData(1, 0)]
        public void ATruncatedOrEmptyCopyStartsLatchedInLogLost(int copy, int keptBytes)
        {
            var runner = Latched();
            string key = copy == 0 ? FaultLog.BlobKey : FaultLog.SecondBlobKey;
            runner.Module.Store.Set(key, runner.Module.Store.Peek(key)![..keptBytes]);
            runner.Reset();
            AssertStaysOpen(runner, StopBit | LostBit);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        public void ACopyDeletedThatTheOtherCopysSequenceShowsWasWrittenStartsLatchedInLogLost(int copy)
        {
            var runner = Latched();
            Assert.True(runner.Module.Store.Delete(copy == 0 ? FaultLog.BlobKey : FaultLog.SecondBlobKey));
            runner.Reset();
            Assert.Equal(FaultLog.LostMissing, runner.Core.FaultLog.LostReason);
            AssertStaysOpen(runner, LostBit);
        }

        [Fact]
        public void BothCopiesDeletedWithAStoredConfigurationStartLatchedInLogLost()
        {
            var runner = Latched();
            Assert.Equal(ResultCode.Ok, runner.Core.SaveConfig());
            Assert.True(runner.Module.Store.Delete(FaultLog.BlobKey));
            Assert.True(runner.Module.Store.Delete(FaultLog.SecondBlobKey));
            runner.Reset();
            Assert.Equal(ResultCode.Corrupt, runner.Core.FaultLog.LastLoadResult);
            Assert.Equal(FaultLog.LostMissing, runner.Core.FaultLog.LostReason);
            AssertStaysOpen(runner, LostBit);
        }

        [Fact]
        public void ABlankFlashStartsWithNothingLatched()
        {
            var runner = new VirtualModuleRunner(SimTestKit.CleanCells(50));
            runner.RunSeconds(5);
            Assert.Equal(FaultLog.LostNone, runner.Core.FaultLog.LostReason);
            Assert.Equal(0, runner.Core.Status.FaultMask);
            Assert.True(runner.Truth.ChargeFetOn && runner.Truth.DischargeFetOn);
        }

        [Fact]
        public void BothCopiesUnreadableStillStartLatched()
        {
            var runner = Latched();
            runner.Module.Store.Corrupt(FaultLog.BlobKey, 40);
            runner.Module.Store.Set(FaultLog.SecondBlobKey, Array.Empty<byte>());
            runner.Reset();
            AssertStaysOpen(runner, LostBit);
        }

        [Fact]
        public void PowerCutWhileTheLatchIsWrittenRestartsLatchedAndOnlyALocalClearReleases()
        {
            var runner = new VirtualModuleRunner(SimTestKit.CleanCells(50));
            runner.RunSeconds(5);
            runner.AfterRestart.Add(r => r.Module.ExternalStopPressed = false);
            runner.Module.Store.CutPowerDuringNextReplace();
            runner.Module.ExternalStopPressed = true;
            runner.Step();
            Assert.Equal(1, runner.RestartCount);
            Assert.Equal(ResetCause.BrownOut, runner.Module.LastResetCause);
            Assert.Equal(FaultLog.LostInterrupted, runner.Core.FaultLog.LostReason);
            AssertStaysOpen(runner, LostBit);

            // a remote clear (even with remote control on) leaves log_lost latched
            runner.Core.Config.TrySet(BatteryShift.Bms.Config.ConsoleKeys.RemoteControl, 1);
            Clear(runner, fromRemote: true);
            AssertStaysOpen(runner, LostBit);

            // the latch was persisted after the restart: a second reset keeps it
            runner.Reset();
            AssertStaysOpen(runner, LostBit);

            Assert.Contains("faults cleared", Clear(runner, fromRemote: false));
            runner.RunSeconds(3);
            Assert.Equal(0, runner.Core.Status.FaultMask);
            Assert.True(runner.Truth.ChargeFetOn && runner.Truth.DischargeFetOn);
        }

        [Fact]
        public void AFactoryFreshStoreStartsWithNothingLatched()
        {
            var runner = new VirtualModuleRunner(SimTestKit.CleanCells(50));
            runner.RunSeconds(5);
            Assert.Equal(0, runner.Core.Status.FaultMask);
            Assert.Equal(ResultCode.Ok, runner.Core.FaultLog.LastLoadResult);
            Assert.True(runner.Truth.ChargeFetOn && runner.Truth.DischargeFetOn);
        }
    }
}
