using System;
using System.Linq;
using BatteryShift.Bms.Telemetry;
using Xunit;

namespace BatteryShift.Tests.Mqtt
{
    /// <summary>The store-and-forward ring and the reconnect back-off.</summary>
    public sealed class LinkPartsTests
    {
        private static byte[] Payload(int n, int length)
        {
            return Enumerable.Range(0, length).Select(i => (byte)(n + i)).ToArray();
        }

        [Fact]
        public void QueueKeepsOrderAcrossTheWrap()
        {
            var q = new StoreForwardQueue(100);
            var out_ = new byte[64];
            int next = 0;
            for (int round = 0; round < 50; round++)
            {
                // 3 records of 3+20 bytes fit in 100; take two out each round so the ring wraps
                while (q.Count < 3)
                {
                    Assert.True(q.Enqueue(next % 4, Payload(next, 20), 20));
                    next++;
                }

                for (int k = 0; k < 2; k++)
                {
                    int expected = next - q.Count;
                    int length = q.Peek(out_, out int topic);
                    Assert.Equal(20, length);
                    Assert.Equal(expected % 4, topic);
                    Assert.Equal(Payload(expected, 20), out_.Take(20).ToArray());
                    q.RemoveOldest();
                }
            }

            Assert.Equal(0, q.DroppedCount);
        }

        [Fact]
        public void OverflowDropsTheOldestAndCountsThem()
        {
            var q = new StoreForwardQueue(100);
            for (int i = 0; i < 10; i++)
            {
                q.Enqueue(0, Payload(i, 30), 30);
            }

            // 33 bytes a record: 3 fit; 7 dropped, the newest 3 remain in order
            Assert.Equal(3, q.Count);
            Assert.Equal(7, q.DroppedCount);
            Assert.Equal(10, q.EnqueuedCount);
            var out_ = new byte[64];
            for (int i = 7; i < 10; i++)
            {
                Assert.Equal(30, q.Peek(out_, out _));
                Assert.Equal((byte)i, out_[0]);
                q.RemoveOldest();
            }

            Assert.Equal(-1, q.Peek(out_, out _));
            Assert.False(q.Enqueue(0, new byte[200], 200));
            Assert.Equal(8, q.DroppedCount);
        }

        [Fact]
        public void FullQueueGivesUpLowerPrioritiesFirstAndKeepsTheOrder()
        {
            // 23 bytes a record in a 240-byte ring: 10 fit. Records are numbered in the order they were queued; the
            // first byte of each payload is its number. Every third record is an alarm event, the others alternate
            // between periodic and informational; 200 records go through, so the ring wraps many times. Once the ring
            // holds alarms only, a lower record is refused (and counted).
            var q = new StoreForwardQueue(240);
            var priorities = new System.Collections.Generic.Dictionary<int, int>();
            int alarmsQueued = 0;
            int refused = 0;
            for (int n = 0; n < 200; n++)
            {
                int priority = n % 3 == 0 ? StoreForwardQueue.PriorityAlarm : (n % 2 == 0 ? StoreForwardQueue.PriorityNormal : StoreForwardQueue.PriorityPeriodic);
                priorities[n] = priority;
                bool stored = q.Enqueue(priority == StoreForwardQueue.PriorityAlarm ? TelemetryTopics.EventIndex : TelemetryTopics.StateIndex, priority, Payload(n, 20), 20);
                Assert.True(stored || priority != StoreForwardQueue.PriorityAlarm);
                refused += stored ? 0 : 1;
                alarmsQueued += priority == StoreForwardQueue.PriorityAlarm ? 1 : 0;
            }

            Assert.Equal(10, q.Count);
            Assert.Equal(190, q.DroppedCount);
            Assert.True(refused > 0);

            // what is left: in queue order, each payload intact, and all of it alarms (the newest ten)
            var out_ = new byte[64];
            int previous = 168; // the alarms are records 0, 3, 6, ...; the newest ten are 171..198
            while (q.Count > 0)
            {
                Assert.Equal(20, q.Peek(out_, out int topic));
                int n = out_[0];
                Assert.Equal(Payload(n, 20), out_.Take(20).ToArray());
                Assert.Equal(previous + 3, n);
                Assert.Equal(StoreForwardQueue.PriorityAlarm, priorities[n]);
                Assert.Equal(TelemetryTopics.EventIndex, topic);
                previous = n;
                q.RemoveOldest();
            }

            Assert.Equal(198, previous);
            Assert.Equal(67, alarmsQueued);
        }

        [Fact]
        public void PurgeOfLowerPriorityKeepsEveryAlarmAndTheNewestOthers()
        {
            // 5 alarms then 5 periodic fill the 230-byte ring; one informational record needs room: the purge takes
            // at least a quarter of the ring (3 records) of periodic ones, oldest first, and moves the rest up in order
            var q = new StoreForwardQueue(230);
            for (int n = 0; n < 10; n++)
            {
                Assert.True(q.Enqueue(n < 5 ? TelemetryTopics.EventIndex : TelemetryTopics.CellsIndex, n < 5 ? StoreForwardQueue.PriorityAlarm : StoreForwardQueue.PriorityPeriodic, Payload(n, 20), 20));
            }

            Assert.True(q.Enqueue(TelemetryTopics.ReplyIndex, StoreForwardQueue.PriorityNormal, Payload(10, 20), 20));
            Assert.Equal(3, q.DroppedCount);
            int[] expected = { 0, 1, 2, 3, 4, 8, 9, 10 };
            var out_ = new byte[64];
            foreach (int n in expected)
            {
                Assert.Equal(20, q.Peek(out_, out _));
                Assert.Equal(Payload(n, 20), out_.Take(20).ToArray());
                q.RemoveOldest();
            }

            Assert.Equal(0, q.Count);
            Assert.Equal(0, q.UsedBytes);
        }

        [Fact]
        public void BackoffDoublesWithinJitterBoundsUpToTheCap()
        {
            var b = new ReconnectBackoff(1000, 60000, 99);
            int[] ceilings = { 1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000 };
            foreach (int ceiling in ceilings)
            {
                int wait = b.Fail();
                Assert.InRange(wait, ceiling / 2, ceiling);
            }

            b.Succeed();
            Assert.InRange(b.Fail(), 500, 1000);
        }

        [Fact]
        public void JitterIsDeterministicPerSeedAndSpreadsAFleet()
        {
            int[] Sequence(uint seed)
            {
                var b = new ReconnectBackoff(1000, 60000, seed);
                return Enumerable.Range(0, 8).Select(_ => b.Fail()).ToArray();
            }

            Assert.Equal(Sequence(5), Sequence(5));
            Assert.NotEqual(Sequence(5), Sequence(6));

            // 200 modules losing the broker together: first retries spread over [500, 1000] ms
            var firsts = Enumerable.Range(1, 200).Select(i => new ReconnectBackoff(1000, 60000, (uint)i * 2654435761u).Fail()).ToArray();
            Assert.True(firsts.Min() < 600 && firsts.Max() > 900, $"{firsts.Min()}..{firsts.Max()}");
            Assert.True(firsts.Distinct().Count() > 100);
        }
    }
}
