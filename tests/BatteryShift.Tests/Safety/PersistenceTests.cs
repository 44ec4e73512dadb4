using System;
using BatteryShift.Bms;
using BatteryShift.Bms.Config;
using BatteryShift.Bms.Events;
using BatteryShift.Bms.Persistence;
using BatteryShift.Bms.Protection;
using Xunit;

namespace BatteryShift.Tests.Safety
{
    public class PersistenceTests
    {
        private static readonly int OvWarn = ProtectionKeys.Key(LimitIds.CellOvervoltage, ProtectionKeys.WarningOffset);

        [Fact]
        public void ConfigRoundTripsThroughTheStore()
        {
            var board = new FakeBoard();
            var config = new BmsConfig();
            Assert.Equal(ResultCode.Ok, config.TrySet(OvWarn, 3500));
            var store = new ConfigStore(board);
            Assert.Equal(ResultCode.Ok, store.Save(config));
            var loaded = new BmsConfig();
            Assert.Equal(ResultCode.Ok, store.Load(loaded));
            Assert.True(store.LastLoadFound);
            Assert.Equal(3500, loaded.Get(OvWarn));
        }

        [Fact]
        public void TightenedLimitsLoadEvenWhenTheirPartnersDefaultsWouldRefuseThemOneByOne()
        {
            var board = new FakeBoard();
            var config = new BmsConfig();
            int ovAlarm = ProtectionKeys.Key(LimitIds.CellOvervoltage, ProtectionKeys.AlarmOffset);
            int ovFault = ProtectionKeys.Key(LimitIds.CellOvervoltage, ProtectionKeys.FaultOffset);
            Assert.Equal(ResultCode.Ok, config.TrySet(ovFault, 3790));
            Assert.Equal(ResultCode.Ok, config.TrySet(ovAlarm, 3780));
            Assert.Equal(ResultCode.Ok, config.TrySet(OvWarn, 3770));
            var store = new ConfigStore(board);
            store.Save(config);
            var loaded = new BmsConfig();
            Assert.Equal(ResultCode.Ok, store.Load(loaded));
            Assert.Equal(3770, loaded.Get(OvWarn));
        }

        [Fact]
        public void CorruptBlobIsRejectedAndTheOldConfigStays()
        {
            var board = new FakeBoard();
            var config = new BmsConfig();
            config.TrySet(OvWarn, 3500);
            var store = new ConfigStore(board);
            store.Save(config);
            board.Blobs[ConfigStore.BlobKey][20] ^= 0x40;
            var inForce = new BmsConfig();
            inForce.TrySet(OvWarn, 3450);
            Assert.Equal(ResultCode.Corrupt, store.Load(inForce));
            Assert.Equal(3450, inForce.Get(OvWarn));
        }

        [Fact]
        public void ValueOutsideTheEnvelopeIsRejectedEvenWithAValidCrc()
        {
            var board = new FakeBoard();
            var config = new BmsConfig();
            var buffer = new byte[4096];
            int length = ConfigStore.Encode(config, buffer);

            // patch cell_ov.fault to 3.95 V and re-seal: a well-formed blob with a loosened limit
            int ovFault = ProtectionKeys.Key(LimitIds.CellOvervoltage, ProtectionKeys.FaultOffset);
            for (int p = 12; p < length - 4; p += 6)
            {
                if ((buffer[p] | (buffer[p + 1] << 8)) == ovFault)
                {
                    BlobCodec.PutInt(buffer, p + 2, 3950);
                    break;
                }
            }

            BlobCodec.Seal(buffer, length - 4);
            board.Blobs[ConfigStore.BlobKey] = buffer.AsSpan(0, length).ToArray();
            var inForce = new BmsConfig();
            Assert.Equal(ResultCode.OutOfRange, new ConfigStore(board).Load(inForce));
            Assert.Equal(ConfigSchema.Default(ovFault), inForce.Get(ovFault));
        }

        [Fact]
        public void CoreStartRejectsACorruptConfigAndKeepsItsOwn()
        {
            var board = new FakeBoard();
            board.Blobs[ConfigStore.BlobKey] = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
            var config = new BmsConfig();
            config.TrySet(OvWarn, 3480);
            var core = new BmsCore(board.Ports, config);
            core.Start();
            Assert.Equal(ResultCode.Corrupt, core.ConfigLoadResult);
            Assert.Equal(3480, core.Config.Get(OvWarn));
        }

        [Fact]
        public void LatchedFaultIsReassertedAfterAReboot()
        {
            var board = new FakeBoard();
            var core = board.StartCore();
            board.CellMv[9] = 3800;
            for (int i = 0; i < 10; i++)
            {
                board.Step(core);
            }

            Assert.NotEqual(0, core.Status.FaultMask & (1 << LimitIds.CellOvervoltage));
            Assert.True(core.FaultLog.Count > 0);

            // the log is written by the communication pass, outside the tick
            core.Communicate();

            // brown-out: the cell is back in range but nobody cleared the fault
            board.CellMv[9] = 3300;
            var rebooted = new BmsCore(board.Ports, new BmsConfig());
            rebooted.Start();
            Assert.NotEqual(0, rebooted.Status.FaultMask & (1 << LimitIds.CellOvervoltage));
            Assert.Equal(2, rebooted.FaultLog.BootCount);
            bool sawFault = false;
            for (int i = 0; i < rebooted.FaultLog.Count; i++)
            {
                if (rebooted.FaultLog.KindOf(i) == EventKind.FaultLatched && rebooted.FaultLog.CodeOf(i) == LimitIds.CellOvervoltage)
                {
                    sawFault = true;
                    Assert.Equal(1, rebooted.FaultLog.BootOf(i));
                    Assert.InRange(rebooted.FaultLog.ValueOf(i), 3780, 3820);
                }
            }

            Assert.True(sawFault);
            for (int i = 0; i < FakeBoard.BootTicks; i++)
            {
                board.Step(rebooted);
                Assert.False(board.ChargeFet);
            }

            Assert.Equal(ModuleState.Fault, rebooted.Status.State);
            Assert.True(board.DischargeFet);
            Assert.Equal(ResultCode.Ok, rebooted.ClearFaults());
            board.Step(rebooted);
            Assert.True(board.ChargeFet);
        }

        [Fact]
        public void FaultLogRingKeepsTheNewest()
        {
            var board = new FakeBoard();
            var log = new FaultLog(board);
            log.Load();
            var events = new EventLog(64);
            for (int i = 0; i < 50; i++)
            {
                events.Append(i, EventKind.FaultLatched, i % 13, i);
                log.Track(events, 0);
            }

            Assert.True(log.Flush());
            var again = new FaultLog(board);
            again.Load();
            Assert.Equal(FaultLog.Capacity, again.Count);
            Assert.Equal(50 - FaultLog.Capacity, again.ValueOf(0));
            Assert.Equal(49, again.ValueOf(FaultLog.Capacity - 1));
        }

        [Fact]
        public void TickAllocatesNothingInSteadyState()
        {
            var board = new FakeBoard { CurrentA = 20 };
            var core = board.StartCore(ticks: FakeBoard.BootTicks + 20);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 2000; i++)
            {
                board.CellMv[i % 16] = 3300 + (i % 7);
                board.Step(core);
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(0, allocated);
        }
    }
}
