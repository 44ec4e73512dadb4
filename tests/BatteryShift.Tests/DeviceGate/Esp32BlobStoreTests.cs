using System;
using System.IO;
using BatteryShift.Bms.Events;
using BatteryShift.Bms.Persistence;
using BatteryShift.Bms.Protection;
using BatteryShift.Hal;
using BatteryShift.Hal.Esp32;
using Xunit;

namespace BatteryShift.Tests.DeviceGate
{
    /// <summary>
    /// The ESP32 blob store's atomic replace, run on the host: its source (linked into this project) uses only
    /// file APIs whose nanoFramework signatures are also desktop .NET's (File.Exists/Delete/Move, FileStream),
    /// so the recovery logic is checked here against a real file system. A power cut is modelled by the files it
    /// can leave behind: "key.new" cut at every length, with and without the old "key.bin".
    /// </summary>
    public sealed class Esp32BlobStoreTests : IDisposable
    {
        private readonly string _dir;
        private readonly string _root;

        public Esp32BlobStoreTests()
        {
            _dir = Path.Combine(Path.GetTempPath(), "bs-blob-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_dir);
            _root = _dir + Path.DirectorySeparatorChar;
        }

        public void Dispose()
        {
            Directory.Delete(_dir, true);
        }

        [Fact]
        public void ReplaceReadDeleteRoundTrip()
        {
            var store = new Esp32BlobStore(_root);
            byte[] data = Pattern(300, 7);
            Assert.True(store.Replace("cfg", data, 300));
            byte[] buffer = new byte[400];
            Assert.Equal(300, store.Read("cfg", buffer));
            Assert.Equal(data, buffer[..300]);

            Assert.True(store.Replace("cfg", Pattern(50, 1), 5));
            Assert.Equal(5, store.Read("cfg", buffer));
            Assert.Equal(Pattern(50, 1)[..5], buffer[..5]);
            Assert.Equal(-2, store.Read("cfg", new byte[4]));
            Assert.Equal(new[] { "cfg.bin" }, Files());

            Assert.True(store.Delete("cfg"));
            Assert.False(store.Delete("cfg"));
            Assert.Equal(-1, store.Read("cfg", buffer));
            Assert.Empty(Files());
        }

        [Fact]
        public void FileLayoutIsHeaderThenData()
        {
            var store = new Esp32BlobStore(_root);
            Assert.True(store.Replace("k", new byte[] { 0x31, 0x32, 0x33 }, 3));
            byte[] file = File.ReadAllBytes(_root + "k.bin");

            // "BSB1", length 3 little-endian, CRC-32 of "123" (0x884863D2, as zlib's crc32 gives it), then the data
            Assert.Equal(new byte[] { 0x42, 0x53, 0x42, 0x31, 3, 0, 0, 0 }, file[..8]);
            Assert.Equal(0x884863D2u, BitConverter.ToUInt32(file, 8));
            Assert.Equal(new byte[] { 0x31, 0x32, 0x33 }, file[12..]);
        }

        [Fact]
        public void CutAtAnyPointOfAReplaceLeavesOldOrNewContent()
        {
            byte[] oldData = Pattern(40, 3);
            byte[] newData = Pattern(70, 9);
            byte[] complete = FileImage(newData);

            for (int cut = 0; cut <= complete.Length; cut++)
            {
                // cut while writing key.new: the old file is still there
                Reset();
                var store = new Esp32BlobStore(_root);
                Assert.True(store.Replace("k", oldData, oldData.Length));
                File.WriteAllBytes(_root + "k.new", complete[..cut]);
                byte[] buffer = new byte[100];
                Assert.Equal(oldData.Length, store.Read("k", buffer));
                Assert.Equal(oldData, buffer[..oldData.Length]);
                Assert.Equal(new[] { "k.bin" }, Files());

                // first write of a key cut short: only a partial key.new
                Reset();
                store = new Esp32BlobStore(_root);
                File.WriteAllBytes(_root + "k.new", complete[..cut]);
                int read = store.Read("k", buffer);
                if (cut == complete.Length)
                {
                    Assert.Equal(newData.Length, read);
                    Assert.Equal(newData, buffer[..newData.Length]);
                    Assert.Equal(new[] { "k.bin" }, Files());
                }
                else
                {
                    Assert.Equal(-1, read);
                    Assert.Empty(Files());
                }
            }
        }

        [Fact]
        public void CutBetweenDeleteAndRenamePromotesTheVerifiedNewFile()
        {
            byte[] newData = Pattern(70, 9);
            File.WriteAllBytes(_root + "k.new", FileImage(newData));
            var store = new Esp32BlobStore(_root);

            // the next access of any kind finishes the swap first
            Assert.True(store.Replace("other", new byte[1], 1));
            Assert.True(File.Exists(_root + "k.new"));
            byte[] buffer = new byte[100];
            Assert.Equal(newData.Length, store.Read("k", buffer));
            Assert.Equal(newData, buffer[..newData.Length]);
            Assert.False(File.Exists(_root + "k.new"));
        }

        [Fact]
        public void ACorruptedBlobReadsAsDamagedNotAbsent()
        {
            var store = new Esp32BlobStore(_root);
            Assert.True(store.Replace("k", Pattern(20, 2), 20));
            byte[] file = File.ReadAllBytes(_root + "k.bin");
            file[15] ^= 0x01;
            File.WriteAllBytes(_root + "k.bin", file);
            Assert.Equal(BlobRead.Damaged, store.Read("k", new byte[20]));

            // a file cut short is damaged too; only a missing file is absent
            File.WriteAllBytes(_root + "k.bin", file[..10]);
            Assert.Equal(BlobRead.Damaged, store.Read("k", new byte[20]));
            File.Delete(_root + "k.bin");
            Assert.Equal(BlobRead.Absent, store.Read("k", new byte[20]));
        }

        [Fact]
        public void AWriteCutShortIsReportedOnceAndACompletedOneNot()
        {
            byte[] complete = FileImage(Pattern(70, 9));

            // cut while key.new was written next to the old key.bin: old content kept, the cut reported once
            var store = new Esp32BlobStore(_root);
            Assert.True(store.Replace("k", Pattern(40, 3), 40));
            Assert.False(store.TakeInterrupted("k"));
            File.WriteAllBytes(_root + "k.new", complete[..30]);
            store = new Esp32BlobStore(_root);
            Assert.Equal(40, store.Read("k", new byte[100]));
            Assert.True(store.TakeInterrupted("k"));
            Assert.False(store.TakeInterrupted("k"));
            Assert.False(store.TakeInterrupted("other"));

            // a first write cut short, found by TakeInterrupted itself before any read
            Reset();
            File.WriteAllBytes(_root + "k.new", complete[..30]);
            store = new Esp32BlobStore(_root);
            Assert.True(store.TakeInterrupted("k"));

            // cut between the delete and the rename: the verified new file is promoted, nothing was lost
            Reset();
            File.WriteAllBytes(_root + "k.new", complete);
            store = new Esp32BlobStore(_root);
            Assert.False(store.TakeInterrupted("k"));
            Assert.Equal(70, store.Read("k", new byte[100]));
        }

        [Theory]
        [InlineData(FaultLog.BlobKey)]
        [InlineData(FaultLog.SecondBlobKey)]
        public void OneDamagedFaultLogCopyOnTheBoardStartsLatchedInLogLost(string damagedKey)
        {
            const int Stop = 1 << LimitIds.ExternalStop;
            const int Lost = 1 << LimitIds.FaultLogLost;
            var log = new FaultLog(new Esp32BlobStore(_root));
            Assert.Equal(0, log.Load());
            log.Track(new EventLog(8), Stop);
            Assert.True(log.Flush());
            Assert.True(log.Flush());
            Assert.Equal(Stop, new FaultLog(new Esp32BlobStore(_root)).Load());

            byte[] file = File.ReadAllBytes(_root + damagedKey + ".bin");
            file[40] ^= 0x10;
            File.WriteAllBytes(_root + damagedKey + ".bin", file);
            int mask = new FaultLog(new Esp32BlobStore(_root)).Load();
            Assert.Equal(Lost, mask & Lost);
            Assert.Equal(Stop, mask & Stop);
        }

        [Fact]
        public void AFaultLogWriteCutShortOnTheBoardStartsLatchedInLogLost()
        {
            const int Lost = 1 << LimitIds.FaultLogLost;
            var log = new FaultLog(new Esp32BlobStore(_root));
            log.Load();
            log.Track(new EventLog(8), 0);
            Assert.True(log.Flush());
            Assert.True(log.Flush());
            Assert.Equal(0, new FaultLog(new Esp32BlobStore(_root)).Load() & Lost);

            // the latch's write reached key.new only: the old copy stays, and the log says a record may be missing
            File.WriteAllBytes(_root + FaultLog.SecondBlobKey + ".new", new byte[] { 0x42, 0x53, 0x42 });
            Assert.Equal(Lost, new FaultLog(new Esp32BlobStore(_root)).Load() & Lost);
        }

        private static byte[] FileImage(byte[] data)
        {
            string dir = Path.Combine(Path.GetTempPath(), "bs-blob-img-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                Assert.True(new Esp32BlobStore(dir + Path.DirectorySeparatorChar).Replace("img", data, data.Length));
                return File.ReadAllBytes(Path.Combine(dir, "img.bin"));
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        private static byte[] Pattern(int length, int seed)
        {
            byte[] data = new byte[length];
            for (int i = 0; i < length; i++)
            {
                data[i] = (byte)((i * 31) + seed);
            }

            return data;
        }

        private string[] Files()
        {
            string[] names = Directory.GetFiles(_dir);
            for (int i = 0; i < names.Length; i++)
            {
                names[i] = Path.GetFileName(names[i]);
            }

            Array.Sort(names, StringComparer.Ordinal);
            return names;
        }

        private void Reset()
        {
            foreach (string file in Directory.GetFiles(_dir))
            {
                File.Delete(file);
            }
        }
    }
}
