using System;
using System.IO;
using BatteryShift.Hal.Esp32;
using nanoFramework.TestFramework;

namespace BatteryShift.DeviceTests
{
    /// <summary>
    /// The blob store on the internal flash drive I:. A power cut leaves one of three states behind; each is
    /// built here on flash exactly as a cut would leave it, and the next access must resolve it to the old or
    /// the new content, never a mix.
    /// </summary>
    [TestClass]
    public class FlashStoreTests
    {
        private const string Root = Esp32BlobStore.InternalFlashRoot;
        private const string Key = "dtstore";

        /// <summary>
        /// A blob comes back byte for byte, a shorter replacement replaces it, and a deleted key is absent.
        /// </summary>
        [TestMethod]
        public void BlobRoundTrips()
        {
            Esp32BlobStore store = OpenStore();
            byte[] data = Pattern(300, 7);
            Assert.IsTrue(store.Replace(Key, data, data.Length), "replace");
            byte[] buffer = new byte[400];
            Assert.AreEqual(300, store.Read(Key, buffer), "length read");
            AssertSame(data, buffer, 300);

            Assert.IsTrue(store.Replace(Key, Pattern(5, 99), 5), "shorter replace");
            Assert.AreEqual(5, store.Read(Key, buffer), "shorter length");
            Assert.AreEqual(-2, store.Read(Key, new byte[4]), "buffer too small");
            Assert.IsTrue(store.Delete(Key), "delete");
            Assert.AreEqual(-1, store.Read(Key, buffer), "absent after delete");
        }

        /// <summary>
        /// Cut while "key.new" was being written: the old file is still there, so the old content wins and the
        /// partial file is removed.
        /// </summary>
        [TestMethod]
        public void CutDuringWriteKeepsOldContent()
        {
            Esp32BlobStore store = OpenStore();
            byte[] old = Pattern(64, 1);
            Assert.IsTrue(store.Replace(Key, old, old.Length), "old content");
            WriteRaw(Root + Key + ".new", Pattern(20, 3));

            byte[] buffer = new byte[64];
            Assert.AreEqual(64, store.Read(Key, buffer), "old length");
            AssertSame(old, buffer, 64);
            Assert.IsTrue(!File.Exists(Root + Key + ".new"), "partial file removed");
            store.Delete(Key);
        }

        /// <summary>
        /// Cut after the old file was deleted and before the rename: the verified "key.new" is renamed into place.
        /// </summary>
        [TestMethod]
        public void CutBeforeRenamePromotesVerifiedNewContent()
        {
            Esp32BlobStore store = OpenStore();
            byte[] fresh = Pattern(100, 5);
            Assert.IsTrue(store.Replace("dtfresh", fresh, fresh.Length), "new content");
            Assert.IsTrue(store.Replace(Key, Pattern(10, 2), 10), "old content");
            File.Delete(Root + Key + ".bin");
            File.Move(Root + "dtfresh.bin", Root + Key + ".new");

            byte[] buffer = new byte[100];
            Assert.AreEqual(100, store.Read(Key, buffer), "new length");
            AssertSame(fresh, buffer, 100);
            Assert.IsTrue(!File.Exists(Root + Key + ".new"), "renamed");
            store.Delete(Key);
        }

        /// <summary>
        /// Cut during the very first write of a key: only a truncated "key.new" exists; its CRC fails, so the key
        /// stays absent and the file is removed.
        /// </summary>
        [TestMethod]
        public void CutDuringFirstWriteLeavesKeyAbsent()
        {
            Esp32BlobStore store = OpenStore();
            store.Delete(Key);
            byte[] fresh = Pattern(100, 9);
            Assert.IsTrue(store.Replace("dtfresh", fresh, fresh.Length), "complete file");
            byte[] truncated = new byte[Esp32BlobStore.HeaderBytes + 40];
            FileStream source = new FileStream(Root + "dtfresh.bin", FileMode.Open, FileAccess.Read);
            try
            {
                source.Read(truncated, 0, truncated.Length);
            }
            finally
            {
                source.Dispose();
            }

            store.Delete("dtfresh");
            WriteRaw(Root + Key + ".new", truncated);

            Assert.AreEqual(-1, store.Read(Key, new byte[100]), "absent");
            Assert.IsTrue(!File.Exists(Root + Key + ".new"), "truncated file removed");
        }

        private static Esp32BlobStore OpenStore()
        {
            try
            {
                WriteRaw(Root + "dtprobe.tmp", new byte[1]);
                File.Delete(Root + "dtprobe.tmp");
            }
            catch (Exception)
            {
                Assert.SkipTest("no internal flash drive I:");
            }

            return new Esp32BlobStore(Root);
        }

        private static void WriteRaw(string path, byte[] data)
        {
            FileStream stream = new FileStream(path, FileMode.Create, FileAccess.Write);
            try
            {
                stream.Write(data, 0, data.Length);
            }
            finally
            {
                stream.Dispose();
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

        private static void AssertSame(byte[] expected, byte[] actual, int length)
        {
            for (int i = 0; i < length; i++)
            {
                Assert.AreEqual((int)expected[i], (int)actual[i], "byte " + i);
            }
        }
    }
}
