using System;
using System.Diagnostics;
using BatteryShift.Hal;
using BatteryShift.NanoEmulation.Native;

namespace BatteryShift.NanoEmulation.Board
{
    /// <summary>What a run of broker outages and Wi-Fi losses left behind.</summary>
    public sealed class LinkOutageResult
    {
        /// <summary>Broker outages run.</summary>
        public int BrokerOutages { get; set; }

        /// <summary>Wi-Fi losses run.</summary>
        public int WifiLosses { get; set; }

        /// <summary>Connect attempts that failed (retries).</summary>
        public int FailedAttempts { get; set; }

        /// <summary>Reconnections after an outage or loss.</summary>
        public int Reconnects { get; set; }

        /// <summary>Most sockets open beyond the connected one, after any reconnect (a client left behind holds one).</summary>
        public int MaxLeakedSockets { get; set; }

        /// <summary>Sockets open beyond the connected one at the end.</summary>
        public int LeakedSocketsAtEnd { get; set; }

        /// <summary>Most emulated package threads alive beyond one connected client's four, after any reconnect.</summary>
        public int MaxLeakedThreads { get; set; }

        /// <summary>Flash program operations (files and the Wi-Fi configuration block) during the outages.</summary>
        public long FlashWritesDuringOutages { get; set; }

        /// <summary>Wall time, s.</summary>
        public double Seconds { get; set; }

        /// <summary>A session that no longer reconnected, with why; null when all went well.</summary>
        public string? Failure { get; set; }
    }

    /// <summary>
    /// Drives an MQTT session of the emulated device through broker outages (the broker refuses and resets while
    /// down) and Wi-Fi losses (the access point goes away), each with one failed attempt during the outage, and counts
    /// what is left after each reconnection: sockets, threads, flash writes.
    /// </summary>
    public static class LinkOutageRun
    {
        /// <summary>Threads one connected M2Mqtt client runs: receive, keep-alive, dispatch, inflight.</summary>
        public const int ThreadsPerClient = 4;

        /// <summary>Runs the outages.</summary>
        /// <param name="device">An attached device (no firmware running).</param>
        /// <param name="session">The session under test.</param>
        /// <param name="endpoint">Where it connects.</param>
        /// <param name="brokerOutages">Broker outages.</param>
        /// <param name="wifiLosses">Wi-Fi losses (spread among the outages).</param>
        /// <returns>What was left.</returns>
        public static LinkOutageResult Run(EmulatedEsp32Device device, IMqttSession session, MqttEndpoint endpoint, int brokerOutages, int wifiLosses)
        {
            var result = new LinkOutageResult();
            var watch = Stopwatch.StartNew();
            EmulatedNetwork network = device.Network;
            byte[] payload = new byte[] { (byte)'{', (byte)'}' };
            if (!ConnectWithin(session, endpoint, 20))
            {
                result.Failure = "no first connection";
                return result;
            }

            long flashBefore = device.Flash.Writes + network.ConfigurationWrites;
            int total = brokerOutages + wifiLosses;
            for (int i = 0; i < total; i++)
            {
                bool wifi = wifiLosses > 0 && (i % Math.Max(1, total / wifiLosses)) == 0 && result.WifiLosses < wifiLosses;
                session.Publish("batteryshift/outage", payload, payload.Length, false);
                if (wifi)
                {
                    network.AccessPointUp = false;
                    result.WifiLosses++;
                }
                else
                {
                    network.BrokerUp = false;
                    result.BrokerOutages++;
                }

                if (!EmulatedEsp32Device.WaitFor(() => !session.IsConnected, 5000))
                {
                    result.Failure = "the session did not see outage " + i;
                    break;
                }

                if (session.Connect(endpoint))
                {
                    result.Failure = "connected during outage " + i;
                    break;
                }

                result.FailedAttempts++;
                network.AccessPointUp = true;
                network.BrokerUp = true;
                if (!ConnectWithin(session, endpoint, 20))
                {
                    result.Failure = "no reconnection after outage " + i + " (" + network.OpenSockets + " sockets open)";
                    break;
                }

                result.Reconnects++;

                // the closed client's threads end within Close's bounded waits (200 ms, then up to 1 s for each of the
                // three workers it joins): a thread still alive after twice that is a leak; 2.5 s counted a worker that
                // was only slow to end on a loaded host (a suite run in which the test alone failed)
                EmulatedEsp32Device.WaitFor(() => EmulatedEsp32.ThreadsAlive <= ThreadsPerClient && network.OpenSockets <= 1, 6500);
                result.MaxLeakedSockets = Math.Max(result.MaxLeakedSockets, network.OpenSockets - 1);
                result.MaxLeakedThreads = Math.Max(result.MaxLeakedThreads, EmulatedEsp32.ThreadsAlive - ThreadsPerClient);
            }

            result.LeakedSocketsAtEnd = network.OpenSockets - (session.IsConnected ? 1 : 0);
            result.FlashWritesDuringOutages = device.Flash.Writes + network.ConfigurationWrites - flashBefore;
            result.Seconds = watch.Elapsed.TotalSeconds;
            return result;
        }

        private static bool ConnectWithin(IMqttSession session, MqttEndpoint endpoint, int attempts)
        {
            for (int i = 0; i < attempts; i++)
            {
                if (session.Connect(endpoint))
                {
                    return true;
                }

                System.Threading.Thread.Sleep(50);
            }

            return false;
        }
    }
}
