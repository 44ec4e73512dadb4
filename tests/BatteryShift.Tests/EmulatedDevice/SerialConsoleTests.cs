extern alias device;
extern alias prefix;

using System;
using System.Linq;
using BatteryShift.Bms;
using BatteryShift.Bms.Board;
using Xunit;
using Esp32SerialPort = device::BatteryShift.Hal.Esp32.Esp32SerialPort;
using PreFixSerialPort = prefix::BatteryShift.Hal.Esp32.Esp32SerialPort;

namespace BatteryShift.Tests.EmulatedDevice
{
    /// <summary>The serial console on the emulated COM2 (GPIO22 TX, GPIO4 RX, 115200 8N1).</summary>
    [Collection(EmulatedDeviceCollection.Name)]
    public sealed class SerialConsoleTests
    {
        [Fact]
        public void TheConsoleAnswersOnCom2()
        {
            using var rig = new DeviceRig();
            rig.PowerOn();
            Assert.True(rig.WaitForState(s => s == ModuleState.Standby, 10000));

            string status = rig.Console("status");
            Assert.Contains("standby", status, StringComparison.OrdinalIgnoreCase);
            string help = rig.Console("help");
            Assert.Contains("reboot", help, StringComparison.Ordinal);
            Assert.Equal(0, rig.Device.Board.MisroutedBytes);
        }

        [Fact]
        public void WithoutThePinMapCom2OpensAndNothingReachesThePins()
        {
            using var rig = new DeviceRig();
            rig.Device.AttachWithoutFirmware();
            var port = new device::System.IO.Ports.SerialPort("COM2", 115200);
            port.Open();
            byte[] text = System.Text.Encoding.ASCII.GetBytes("lost\r\n");
            port.Write(text, 0, text.Length);
            Assert.Equal(string.Empty, rig.Module.Serial.TakeOutputText());
            Assert.Equal(text.Length, rig.Device.Board.MisroutedBytes);
        }

        [Fact]
        public void ALongWriteGoesOutWholeAndNothingIsCountedDropped()
        {
            byte[] block = Enumerable.Range(0, 1500).Select(i => (byte)('a' + (i % 26))).ToArray();

            // before issue 15: one write of the block; the driver's Write waits past the 20 ms timeout for all but
            // the FIFO to go out and throws, so the port counted all of it dropped while the TX task sent it
            using (var rig = new DeviceRig())
            {
                rig.Device.AttachWithoutFirmware();
                prefix::BatteryShift.NanoEmulation.EmulatedPackages.ResetStatics();
                var old = new PreFixSerialPort(Bmu16.PinSerialTx, Bmu16.PinSerialRx, Bmu16.SerialBaud);
                old.Write(block, 0, block.Length);
                Assert.Equal(block.Length, old.DroppedBytes);
                Assert.Equal(block.Length, rig.Module.Serial.TakeOutput().Length);
            }

            using (var rig = new DeviceRig())
            {
                rig.Device.AttachWithoutFirmware();
                var port = new Esp32SerialPort(Bmu16.PinSerialTx, Bmu16.PinSerialRx, Bmu16.SerialBaud);
                port.Write(block, 0, block.Length);
                Assert.Equal(0, port.DroppedBytes);
                Assert.Equal(block, rig.Module.Serial.TakeOutput());
            }
        }
    }
}
