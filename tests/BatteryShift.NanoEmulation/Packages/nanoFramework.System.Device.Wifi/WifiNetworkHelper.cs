// EMULATION of nanoFramework.System.Device.Wifi 1.5.149, System.Device.Wifi/NetworkHelper/WifiNetworkHelper.cs (read at
// the repository's v1.5.147, the nearest tagged version) with System.Net's NetworkHelper.InternalWaitNetworkAvailable:
// ConnectDhcp on a station that has no address, or whose stored configuration names another SSID, disconnects, SAVES the
// station configuration to flash (StoreWifiConfiguration -> Wireless80211Configuration.SaveConfiguration), enables DHCP
// and connects; then it polls for an address every 200 ms until the token is cancelled (a default token never is), and
// for a valid date when asked. Exceptions are caught: Status and HelperException say what happened, the call returns
// false. Reconnect only waits for the network, without storing or connecting.
using System.Device.Wifi;
using System.Threading;
using BatteryShift.NanoEmulation.Native;

namespace nanoFramework.Networking
{
    /// <summary>Wi-Fi station helpers.</summary>
    public static class WifiNetworkHelper
    {
        private static NetworkHelperStatus s_status = NetworkHelperStatus.None;
        private static System.Exception s_helperException;

        /// <summary>Outcome of the last helper call.</summary>
        public static NetworkHelperStatus Status
        {
            get { return s_status; }
        }

        /// <summary>The exception the last helper call caught, if any.</summary>
        public static System.Exception HelperException
        {
            get { return s_helperException; }
        }

        /// <summary>Connects the station with DHCP and waits for an address (and the date when asked).</summary>
        /// <param name="ssid">SSID.</param>
        /// <param name="password">Pass phrase.</param>
        /// <param name="reconnectionKind">Automatic: the driver reconnects after a loss.</param>
        /// <param name="requiresDateTime">Also wait for SNTP to set the clock.</param>
        /// <param name="wifiAdapterId">Adapter (0).</param>
        /// <param name="token">Ends the wait; the default token never does.</param>
        /// <returns>True when the network is ready.</returns>
        public static bool ConnectDhcp(string ssid, string password, WifiReconnectionKind reconnectionKind = WifiReconnectionKind.Automatic, bool requiresDateTime = false, int wifiAdapterId = 0, CancellationToken token = default)
        {
            try
            {
                EmulatedEsp32.EnterNative();
                IWifiRadio radio = Radio(wifiAdapterId);
                bool alreadyConnected = false;
                if (radio.HasAddress)
                {
                    if (radio.StoredSsid == ssid)
                    {
                        alreadyConnected = true;
                    }
                    else
                    {
                        radio.Disconnect();
                    }
                }

                if (!alreadyConnected)
                {
                    radio.Disconnect();
                    radio.SaveConfiguration(ssid, password);
                    radio.Connect(ssid, password, reconnectionKind == WifiReconnectionKind.Automatic);
                }

                return WaitNetworkAvailable(radio, token, requiresDateTime);
            }
            catch (System.Exception ex)
            {
                s_status = NetworkHelperStatus.ExceptionOccurred;
                s_helperException = ex;
                return false;
            }
        }

        /// <summary>Waits for the station's address (and the date when asked) without storing or connecting.</summary>
        /// <param name="requiresDateTime">Also wait for SNTP.</param>
        /// <param name="wifiAdapterId">Adapter (0).</param>
        /// <param name="token">Ends the wait.</param>
        /// <returns>True when the network is ready.</returns>
        public static bool Reconnect(bool requiresDateTime = false, int wifiAdapterId = 0, CancellationToken token = default)
        {
            try
            {
                EmulatedEsp32.EnterNative();
                return WaitNetworkAvailable(Radio(wifiAdapterId), token, requiresDateTime);
            }
            catch (System.Exception ex)
            {
                s_status = NetworkHelperStatus.ExceptionOccurred;
                s_helperException = ex;
                return false;
            }
        }

        internal static void ResetStatics()
        {
            s_status = NetworkHelperStatus.None;
            s_helperException = null;
        }

        private static IWifiRadio Radio(int adapter)
        {
            if (adapter != 0)
            {
                // WifiAdapter.FindAllAdapters()[adapter] on a chip with one adapter
                throw new System.IndexOutOfRangeException();
            }

            return EmulatedEsp32.Wifi;
        }

        private static bool WaitNetworkAvailable(IWifiRadio radio, CancellationToken token, bool requiresDateTime)
        {
            while (!token.IsCancellationRequested && !radio.HasAddress)
            {
                Thread.Sleep(200);
                EmulatedEsp32.EnterNative();
            }

            if (token.IsCancellationRequested)
            {
                s_status = NetworkHelperStatus.TokenExpiredWaitingIPAddress;
                return false;
            }

            if (requiresDateTime)
            {
                while (!token.IsCancellationRequested && !radio.ClockSet)
                {
                    Thread.Sleep(200);
                    EmulatedEsp32.EnterNative();
                }
            }

            if (token.IsCancellationRequested)
            {
                s_status = NetworkHelperStatus.TokenExpiredWaitingDateTime;
                return false;
            }

            s_status = NetworkHelperStatus.NetworkIsReady;
            return true;
        }
    }
}
