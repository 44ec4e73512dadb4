using System;
using System.Linq;
using BatteryShift.Bms;
using BatteryShift.Harness.Mqtt;
using BatteryShift.NanoEmulation.Board;
using BatteryShift.Tests.Mqtt;
using Xunit;

namespace BatteryShift.Tests.EmulatedDevice
{
    /// <summary>
    /// The whole device stack to a real broker: the unmodified firmware, commissioned on its serial console, reaches
    /// normal operation on the emulated ESP32 and publishes telemetry that mosquitto delivers to a subscriber.
    /// </summary>
    [Collection(EmulatedDeviceCollection.Name)]
    public sealed class MqttTelemetryTests
    {
        [MosquittoFact]
        public void TelemetryReachesASubscriberThroughARealBroker()
        {
            using MosquittoBroker broker = MosquittoBroker.Start(MosquittoBroker.FindBinary()!);
            using var probe = MqttProbe.Connect(MosquittoBroker.Host, broker.Port, "batteryshift/#", "probe-" + Guid.NewGuid().ToString("N")[..8]);
            using var rig = new DeviceRig(broker.Port);
            rig.PowerOn();
            Assert.True(rig.WaitForState(s => s == ModuleState.Standby, 10000));

            rig.Module.Serial.TypeText(
                "config set wifi.ssid " + DeviceRig.Ssid + "\r\n" +
                "config set wifi.password " + DeviceRig.WifiPassword + "\r\n" +
                "config set mqtt.host " + DeviceRig.BrokerHost + "\r\n" +
                "config set mqtt.port " + broker.Port + "\r\n");

            Assert.True(probe.WaitUntil(() => probe.Count("batteryshift/module1/state") >= 2, TimeSpan.FromSeconds(20)), "state messages: " + probe.Count("batteryshift/module1/state"));
            ProbeMessage online = probe.On("batteryshift/module1/availability").Last();
            Assert.Equal("online", online.Text);
            using (var late = MqttProbe.Connect(MosquittoBroker.Host, broker.Port, "batteryshift/module1/availability", "late-" + Guid.NewGuid().ToString("N")[..8]))
            {
                // retained by the broker: a subscriber that comes later gets it at once
                Assert.True(late.WaitUntil(() => late.Count("batteryshift/module1/availability") > 0, TimeSpan.FromSeconds(5)));
                Assert.True(late.On("batteryshift/module1/availability")[0].Retain);
            }

            string state = probe.On("batteryshift/module1/state").Last().Text;
            Assert.Contains("\"state\":\"standby\"", state, StringComparison.Ordinal);
            Assert.True(rig.Network.BrokerConnections >= 1);

            // the serial console said where it connected
            string console = rig.Module.Serial.TakeOutputText();

            // as the chip's own client id: "bs-" and the MAC the firmware read through System.Net's NetworkInterface
            string clientId = "bs-" + Convert.ToHexString(rig.Module.Ports.MacAddress!).ToLowerInvariant();
            Assert.Contains("as " + clientId, console, StringComparison.Ordinal);
            Assert.True(console.Contains("mqtt: connected to " + DeviceRig.BrokerHost, StringComparison.Ordinal), console + " written " + rig.Module.Serial.WrittenBytes + " dropped " + rig.Module.Serial.DroppedBytes + " misrouted " + rig.Device.Board.MisroutedBytes);
        }
    }
}
