using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BatteryShift.NanoEmulation.Native;

namespace BatteryShift.NanoEmulation.Board
{
    /// <summary>
    /// The Wi-Fi network of the emulated device and the broker behind it. An access point with an SSID and pass
    /// phrase that can come and go (<see cref="AccessPointUp"/>); DHCP gives an address <see cref="DhcpDelayMs"/>
    /// after association and SNTP sets the clock <see cref="SntpDelayMs"/> later; the broker's name resolves to
    /// loopback, where a real broker listens on <see cref="BrokerPort"/>, and a broker outage
    /// (<see cref="BrokerUp"/> false) refuses new connections and resets open ones. lwIP's 16 sockets are counted:
    /// a socket stays allocated until the device closes it.
    /// </summary>
    public sealed class EmulatedNetwork : IWifiRadio, ITcpStack
    {
        /// <summary>Sockets lwIP has on the ESP32 targets (sdkconfig CONFIG_LWIP_MAX_SOCKETS).</summary>
        public const int MaxSockets = 16;

        private readonly object _sync = new object();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly List<EmulatedSocket> _sockets = new List<EmulatedSocket>();
        private bool _accessPointUp = true;
        private bool _brokerUp = true;
        private string _storedSsid = string.Empty;
        private string _storedPassword = string.Empty;
        private string? _wantedSsid;
        private string? _wantedPassword;
        private bool _autoReconnect;
        private long _associatedAtMs = -1;

        /// <summary>A network with one access point and a broker name.</summary>
        /// <param name="ssid">SSID of the access point.</param>
        /// <param name="password">Its pass phrase.</param>
        /// <param name="brokerHost">Name of the broker on this network.</param>
        /// <param name="brokerPort">Port the real broker listens on (loopback).</param>
        public EmulatedNetwork(string ssid, string password, string brokerHost, int brokerPort)
        {
            Ssid = ssid;
            Password = password;
            BrokerHost = brokerHost;
            BrokerPort = brokerPort;
        }

        /// <summary>SSID.</summary>
        public string Ssid { get; }

        /// <summary>Pass phrase.</summary>
        public string Password { get; }

        /// <summary>Broker name.</summary>
        public string BrokerHost { get; }

        /// <summary>Broker port (the device connects to this port on the broker's address).</summary>
        public int BrokerPort { get; set; }

        /// <summary>Address the broker's name resolves to.</summary>
        public string BrokerAddress { get; set; } = "127.0.0.1";

        /// <summary>TLS of the broker's port, null for plain MQTT. The emulated network terminates TLS: the bytes to
        /// the real broker are plain.</summary>
        public BrokerTls? Tls { get; set; }

        /// <summary>DHCP delay after association, ms.</summary>
        public int DhcpDelayMs { get; set; } = 300;

        /// <summary>SNTP delay after the address, ms.</summary>
        public int SntpDelayMs { get; set; } = 200;

        /// <summary>False: no SNTP server answers.</summary>
        public bool SntpAvailable { get; set; } = true;

        /// <summary>Offset of the real time SNTP gives, s (to place the device in another year).</summary>
        public long SntpOffsetSeconds { get; set; }

        /// <summary>Station configuration writes to flash (Wireless80211Configuration.SaveConfiguration).</summary>
        public long ConfigurationWrites { get; private set; }

        /// <summary>Calls of WifiAdapter.Connect.</summary>
        public long ConnectRequests { get; private set; }

        /// <summary>Sockets ever created.</summary>
        public long SocketsCreated { get; private set; }

        /// <summary>Connections the real broker accepted.</summary>
        public long BrokerConnections { get; private set; }

        /// <summary>The access point is on the air (the virtual module's network availability follows it).</summary>
        public bool AccessPointUp
        {
            get => _accessPointUp;
            set
            {
                lock (_sync)
                {
                    if (_accessPointUp == value)
                    {
                        return;
                    }

                    _accessPointUp = value;
                    if (!value)
                    {
                        _associatedAtMs = -1;
                        ResetAll();
                    }
                    else if (_wantedSsid != null && _autoReconnect)
                    {
                        Associate();
                    }
                }
            }
        }

        /// <summary>The broker answers; false refuses new connections and resets the open ones.</summary>
        public bool BrokerUp
        {
            get => _brokerUp;
            set
            {
                lock (_sync)
                {
                    _brokerUp = value;
                    if (!value)
                    {
                        ResetAll();
                    }
                }
            }
        }

        /// <inheritdoc />
        public string StoredSsid => _storedSsid;

        /// <inheritdoc />
        public bool HasAddress
        {
            get
            {
                lock (_sync)
                {
                    return _associatedAtMs >= 0 && _clock.ElapsedMilliseconds - _associatedAtMs >= DhcpDelayMs;
                }
            }
        }

        /// <inheritdoc />
        public bool ClockSet
        {
            get
            {
                lock (_sync)
                {
                    return SntpAvailable && _associatedAtMs >= 0 && _clock.ElapsedMilliseconds - _associatedAtMs >= DhcpDelayMs + SntpDelayMs;
                }
            }
        }

        /// <inheritdoc />
        public long UtcSeconds => ClockSet ? DateTimeOffset.UtcNow.ToUnixTimeSeconds() + SntpOffsetSeconds : _clock.ElapsedMilliseconds / 1000;

        /// <inheritdoc />
        public int OpenSockets
        {
            get
            {
                lock (_sync)
                {
                    return _sockets.Count;
                }
            }
        }

        /// <summary>Forgets the station: a device restart (the stored configuration stays in flash).</summary>
        public void PowerCycle()
        {
            lock (_sync)
            {
                _wantedSsid = null;
                _associatedAtMs = -1;
                ResetAll();
                _sockets.Clear();
            }
        }

        /// <inheritdoc />
        public void SaveConfiguration(string ssid, string password)
        {
            lock (_sync)
            {
                _storedSsid = ssid;
                _storedPassword = password;
                ConfigurationWrites++;
            }
        }

        /// <inheritdoc />
        public void Connect(string ssid, string password, bool automaticReconnect)
        {
            lock (_sync)
            {
                ConnectRequests++;
                _wantedSsid = ssid;
                _wantedPassword = password;
                _autoReconnect = automaticReconnect;
                Associate();
            }
        }

        /// <inheritdoc />
        public void Disconnect()
        {
            lock (_sync)
            {
                _wantedSsid = null;
                _associatedAtMs = -1;
                ResetAll();
            }
        }

        /// <inheritdoc />
        public string Resolve(string host)
        {
            lock (_sync)
            {
                if (!HasAddress)
                {
                    return null!;
                }

                if (host == BrokerHost)
                {
                    return BrokerAddress;
                }

                return IPAddress.TryParse(host, out _) ? host : null!;
            }
        }

        /// <inheritdoc />
        public ITcpLink CreateSocket(out int error)
        {
            lock (_sync)
            {
                if (_sockets.Count >= MaxSockets)
                {
                    error = 10024;
                    return null!;
                }

                var socket = new EmulatedSocket(this);
                _sockets.Add(socket);
                SocketsCreated++;
                error = 0;
                return socket;
            }
        }

        internal int ConnectSocket(EmulatedSocket socket, string address, int port)
        {
            lock (_sync)
            {
                if (!HasAddress)
                {
                    return 10065;
                }

                if (address != BrokerAddress || port != BrokerPort)
                {
                    return 10060;
                }

                if (!_brokerUp)
                {
                    return 10061;
                }
            }

            var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                tcp.Connect(IPAddress.Loopback, port);
            }
            catch (SocketException)
            {
                tcp.Dispose();
                return 10061;
            }

            lock (_sync)
            {
                if (!_brokerUp || !HasAddress)
                {
                    tcp.Dispose();
                    return 10061;
                }

                BrokerConnections++;
                socket.Attach(tcp);
                return 0;
            }
        }

        internal int Verify(string hostName, string trustedPem, long deviceUtcSeconds)
        {
            BrokerTls? tls = Tls;
            return tls == null ? -1 : tls.Verify(hostName, trustedPem, deviceUtcSeconds);
        }

        internal void Closed(EmulatedSocket socket)
        {
            lock (_sync)
            {
                _sockets.Remove(socket);
            }
        }

        private void Associate()
        {
            if (_accessPointUp && _wantedSsid == Ssid && _wantedPassword == Password)
            {
                _associatedAtMs = _clock.ElapsedMilliseconds;
            }
            else
            {
                _associatedAtMs = -1;
            }
        }

        private void ResetAll()
        {
            foreach (EmulatedSocket socket in _sockets)
            {
                socket.Reset();
            }
        }
    }
}
