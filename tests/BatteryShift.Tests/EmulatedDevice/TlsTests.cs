extern alias device;

using System;
using BatteryShift.Hal;
using BatteryShift.Harness.Mqtt;
using BatteryShift.NanoEmulation.Board;
using BatteryShift.Tests.Mqtt;
using Xunit;
using Esp32MqttSession = device::BatteryShift.Hal.Esp32.Esp32MqttSession;

namespace BatteryShift.Tests.EmulatedDevice
{
    /// <summary>
    /// TLS to the broker as the pinned packages do it: M2Mqtt validates the server certificate (the session passes no
    /// CA, so only the CA roots stored in the device's network configuration are trusted), mbedTLS checks the chain,
    /// the dates against the device clock and the name; any failure is the same SocketException -1 inside
    /// MqttConnectionException. The session's diagnostics line says what a user can check.
    /// </summary>
    [Collection(EmulatedDeviceCollection.Name)]
    public sealed class TlsTests
    {
        private const string TlsFailure = "TLS handshake failed";

        [MosquittoFact]
        public void AStoredCaThatSignedTheBrokerCertificateConnects()
        {
            Assert.True(Attempt(stored: Ca.Good, broker: Broker.Valid, out string report), report);
            Assert.Contains("(TLS)", report, StringComparison.Ordinal);
        }

        [MosquittoFact]
        public void NoStoredCaFails()
        {
            Assert.False(Attempt(stored: Ca.None, broker: Broker.Valid, out string report));
            Assert.Contains(TlsFailure, report, StringComparison.Ordinal);
        }

        [MosquittoFact]
        public void AWrongCaFails()
        {
            Assert.False(Attempt(stored: Ca.Other, broker: Broker.Valid, out string report));
            Assert.Contains(TlsFailure, report, StringComparison.Ordinal);
        }

        [MosquittoFact]
        public void AnExpiredCertificateFails()
        {
            Assert.False(Attempt(stored: Ca.Good, broker: Broker.Expired, out string report));
            Assert.Contains(TlsFailure, report, StringComparison.Ordinal);
        }

        [MosquittoFact]
        public void WithoutSntpTheSessionWaitsForTheClockAndSaysSo()
        {
            Assert.False(Attempt(stored: Ca.Good, broker: Broker.Valid, out string report, sntp: false));
            Assert.Contains("clock is not set by SNTP", report, StringComparison.Ordinal);
        }

        private enum Ca
        {
            None,
            Good,
            Other,
        }

        private enum Broker
        {
            Valid,
            Expired,
        }

        private static bool Attempt(Ca stored, Broker broker, out string report, bool sntp = true)
        {
            using MosquittoBroker mosquitto = MosquittoBroker.Start(MosquittoBroker.FindBinary()!);
            DateTimeOffset now = DateTimeOffset.UtcNow;
            BrokerTls tls = broker == Broker.Valid
                ? BrokerTls.Create("BatteryShift test CA", DeviceRig.BrokerHost, now.AddDays(-1), now.AddYears(1), out string caPem)
                : BrokerTls.Create("BatteryShift test CA", DeviceRig.BrokerHost, now.AddYears(-2), now.AddDays(-1), out caPem);
            BrokerTls.Create("Another CA", DeviceRig.BrokerHost, now.AddDays(-1), now.AddYears(1), out string otherPem);

            using var rig = new DeviceRig(mosquitto.Port);
            rig.Network.Tls = tls;
            rig.Network.SntpAvailable = sntp;
            rig.Device.Runtime.StoredCaBundle = stored == Ca.Good ? caPem : (stored == Ca.Other ? otherPem : null);
            rig.Device.AttachWithoutFirmware();
            var diagnostics = new DiagnosticsPort();
            var session = new Esp32MqttSession(129, diagnostics);
            MqttEndpoint endpoint = LinkOutageTests.Endpoint(mosquitto.Port, tls: true);
            bool connected = session.Connect(endpoint);
            report = diagnostics.Text;
            if (connected)
            {
                session.Disconnect();
            }

            return connected;
        }
    }
}
