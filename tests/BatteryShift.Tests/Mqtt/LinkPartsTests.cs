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
