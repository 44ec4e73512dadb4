extern alias device;

using System;
using BatteryShift.Hal;
using BatteryShift.Harness.Mqtt;
using BatteryShift.Hal.Simulation;
using BatteryShift.NanoEmulation.Board;
using Esp32MqttSession = device::BatteryShift.Hal.Esp32.Esp32MqttSession;

namespace BatteryShift.Bench.Benchmarks
{
    /// <summary>
    /// The ESP32 MQTT session (Hal.Esp32 on the emulated nanoFramework packages) through 1,000 broker outages and 100
    /// Wi-Fi losses against a real mosquitto, each outage with one failed attempt while it lasts: what is left behind
    /// (sockets, threads: a client not disposed holds both) and the flash writes made while retrying.
    /// </summary>
    public sealed class DeviceLinkBenchmark : IBenchmark
    {
        public string Name => "device-link";

        public void Run(BenchContext context)
        {
            int outages = context.Quick ? 50 : 1000;
            int losses = context.Quick ? 5 : 100;
            string? binary = MosquittoBroker.FindBinary();
            if (binary == null)
            {
                context.Log.WriteLine("  mosquitto is not installed: device-link not run");
                return;
            }

            using MosquittoBroker broker = MosquittoBroker.Start(binary);
            var network = new EmulatedNetwork("bench-ess", "bench-pass", "broker.bench", broker.Port);
            using var chip = new EmulatedEsp32Device(new VirtualModule(new SimulationOptions()), network);
            chip.AttachWithoutFirmware();
            var session = new Esp32MqttSession(129, null);
            var endpoint = new MqttEndpoint
            {
                NetworkSsid = "bench-ess",
                NetworkPassword = "bench-pass",
                Host = "broker.bench",
                Port = broker.Port,
                ClientId = "bench-link",
                WillTopic = "batteryshift/bench-link/availability",
                WillPayload = "offline",
            };

            LinkOutageResult result = LinkOutageRun.Run(chip, session, endpoint, outages, losses);
            if (result.Failure != null)
            {
                context.Log.WriteLine("  FAILED: " + result.Failure);
            }

            string how = $"{result.BrokerOutages} broker outages (refused and reset while down) and {result.WifiLosses} Wi-Fi losses against mosquitto, one failed attempt during each, {result.Reconnects} reconnections in {result.Seconds:F0} s{(result.Failure == null ? string.Empty : "; stopped: " + result.Failure)}";
            context.Record(
                "device.outage_leaked_clients",
                result.LeakedSocketsAtEnd,
                "clients",
                "0",
                $"{how}: sockets left open beyond the connected client's at the end (most after any reconnection {result.MaxLeakedSockets}; threads beyond the connected client's four, most {result.MaxLeakedThreads}); the session before issue 15 leaked one per failed attempt and could not reconnect after 16 (tests: ThePreFixSessionLeaksASocketPerFailedAttemptUntilLwipHasNoneLeft)");
            context.Record(
                "device.flash_writes_per_retry",
                result.FailedAttempts == 0 ? 0 : (double)result.FlashWritesDuringOutages / result.FailedAttempts,
                "writes",
                "0",
                $"{how}: flash program operations (files and the Wi-Fi configuration block) during the outages per failed attempt, {result.FlashWritesDuringOutages} in {result.FailedAttempts} attempts; WifiNetworkHelper.ConnectDhcp stores the configuration on each call without an address, which the session before issue 15 made on every retry");
        }
    }
}
