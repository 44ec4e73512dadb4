extern alias device;
extern alias prefix;

using BatteryShift.Hal;
using BatteryShift.Harness.Mqtt;
using BatteryShift.NanoEmulation.Board;
using BatteryShift.NanoEmulation.Native;
using BatteryShift.Tests.Mqtt;
using Xunit;
using Esp32MqttSession = device::BatteryShift.Hal.Esp32.Esp32MqttSession;
using PreFixSession = prefix::BatteryShift.Hal.Esp32.Esp32MqttSession;

namespace BatteryShift.Tests.EmulatedDevice
{
    /// <summary>
    /// The ESP32 MQTT session through broker outages and Wi-Fi losses on the emulated packages, against a real broker:
    /// nothing left behind per outage, no flash write per retry; the session before issue 15 leaks a socket per
    /// failed attempt until lwIP has none left, and stores the Wi-Fi configuration on every retry. (The short run of
    /// the device-link benchmark: 1,000 outages and 100 Wi-Fi losses there.)
    /// </summary>
    [Collection(EmulatedDeviceCollection.Name)]
    public sealed class LinkOutageTests
    {
        internal static MqttEndpoint Endpoint(int port, bool tls = false) => new MqttEndpoint
        {
            NetworkSsid = DeviceRig.Ssid,
            NetworkPassword = DeviceRig.WifiPassword,
            Host = DeviceRig.BrokerHost,
            Port = port,
            UseTls = tls,
            ClientId = "module-outage",
            WillTopic = "batteryshift/module-outage/availability",
            WillPayload = "offline",
            KeepAliveSeconds = 30,
        };

        [MosquittoFact]
        public void OutagesLeaveNoClientSocketOrThreadAndWriteNoFlash()
        {
            using MosquittoBroker broker = MosquittoBroker.Start(MosquittoBroker.FindBinary()!);
            using var rig = new DeviceRig(broker.Port);
            rig.Device.AttachWithoutFirmware();
            var session = new Esp32MqttSession(129, new DiagnosticsPort());

            LinkOutageResult result = LinkOutageRun.Run(rig.Device, session, Endpoint(broker.Port), 12, 3);

            Assert.Null(result.Failure);
            Assert.Equal(15, result.Reconnects);
            Assert.Equal(0, result.MaxLeakedSockets);
            Assert.Equal(0, result.LeakedSocketsAtEnd);
            Assert.Equal(0, result.MaxLeakedThreads);
            Assert.Equal(0, result.FlashWritesDuringOutages);
            Assert.Equal(1, rig.Network.ConfigurationWrites);
        }

        [MosquittoFact]
        public void ThePreFixSessionLeaksASocketPerFailedAttemptUntilLwipHasNoneLeft()
        {
            using MosquittoBroker broker = MosquittoBroker.Start(MosquittoBroker.FindBinary()!);
            using var rig = new DeviceRig(broker.Port);
            rig.Device.AttachWithoutFirmware();
            prefix::BatteryShift.NanoEmulation.EmulatedPackages.ResetStatics();
            var session = new PreFixSession(129);
            MqttEndpoint endpoint = Endpoint(broker.Port);
            Assert.True(session.Connect(endpoint));

            rig.Network.BrokerUp = false;
            Assert.True(EmulatedEsp32Device.WaitFor(() => !session.IsConnected, 5000));
            for (int i = 0; i < EmulatedNetwork.MaxSockets; i++)
            {
                Assert.False(session.Connect(endpoint));
            }

            rig.Network.BrokerUp = true;
            Assert.False(session.Connect(endpoint), "a leaked socket per attempt: lwIP has none left");
            Assert.Equal(EmulatedNetwork.MaxSockets, rig.Network.OpenSockets);
        }

        [Fact]
        public void ConnectDhcpStoresTheWifiConfigurationOnEveryCallWithoutAnAddress()
        {
            // the package's behaviour the session before issue 15 ran into: it called ConnectDhcp on every attempt
            // while Wi-Fi was not up, and each call writes the configuration block
            using var rig = new DeviceRig();
            rig.Device.AttachWithoutFirmware();
            for (int i = 0; i < 3; i++)
            {
                var timeout = new device::System.Threading.CancellationTokenSource(100);
                Assert.False(device::nanoFramework.Networking.WifiNetworkHelper.ConnectDhcp(DeviceRig.Ssid, "not-the-pass-phrase", device::System.Device.Wifi.WifiReconnectionKind.Automatic, false, 0, timeout.Token));
            }

            Assert.Equal(3, rig.Network.ConfigurationWrites);
            Assert.Equal(device::nanoFramework.Networking.NetworkHelperStatus.TokenExpiredWaitingIPAddress, device::nanoFramework.Networking.WifiNetworkHelper.Status);
        }

        [MosquittoFact]
        public void TheSessionStoresTheWifiConfigurationOncePerSetOfCredentials()
        {
            using MosquittoBroker broker = MosquittoBroker.Start(MosquittoBroker.FindBinary()!);
            using var rig = new DeviceRig(broker.Port);
            rig.Device.AttachWithoutFirmware();
            var diagnostics = new DiagnosticsPort();
            var session = new Esp32MqttSession(129, diagnostics);
            MqttEndpoint endpoint = Endpoint(broker.Port);
            endpoint.NetworkPassword = "not-the-pass-phrase";
            for (int i = 0; i < 3; i++)
            {
                Assert.False(session.Connect(endpoint));
            }

            Assert.Equal(1, rig.Network.ConfigurationWrites);
            Assert.Single(diagnostics.Lines, l => l.Contains("no address from Wi-Fi network 'plant-ess'", System.StringComparison.Ordinal));

            // the user corrects the pass phrase: stored once more, and the session connects
            endpoint.NetworkPassword = DeviceRig.WifiPassword;
            Assert.True(session.Connect(endpoint));
            Assert.Equal(2, rig.Network.ConfigurationWrites);
            Assert.True(diagnostics.Has("mqtt: connected to broker.plant:" + broker.Port));
        }
    }
}
