using BatteryShift.Bms.Board;
using BatteryShift.Hal.Esp32;
using nanoFramework.TestFramework;

namespace BatteryShift.DeviceTests
{
    /// <summary>
    /// COM2 on the serial-monitor pins (TX GPIO22, RX GPIO4) at 115200 8N1, with a jumper from TX to RX in place
    /// of the USB-serial adapter.
    /// </summary>
    [TestClass]
    public class SerialEchoTests
    {
        /// <summary>
        /// 64 bytes written come back unchanged within half a second.
        /// </summary>
        [TestMethod]
        public void BytesWrittenComeBack()
        {
            Esp32SerialPort port = new Esp32SerialPort(Bmu16.PinSerialTx, Bmu16.PinSerialRx, Bmu16.SerialBaud);
            byte[] sent = new byte[64];
            for (int i = 0; i < sent.Length; i++)
            {
                sent[i] = (byte)(i * 7 + 1);
            }

            port.Write(sent, 0, sent.Length);
            byte[] received = new byte[sent.Length];
            int count = 0;
            long deadlineMs = TestBoard.Clock.NowMs + 500;
            while (count < received.Length && TestBoard.Clock.NowMs < deadlineMs)
            {
                count += port.Read(received, count, received.Length - count);
            }

            if (count == 0)
            {
                Assert.SkipTest("no TX-RX jumper on COM2");
            }

            Assert.AreEqual(sent.Length, count, "bytes echoed");
            for (int i = 0; i < sent.Length; i++)
            {
                Assert.AreEqual((int)sent[i], (int)received[i], "byte " + i);
            }
        }
    }
}
