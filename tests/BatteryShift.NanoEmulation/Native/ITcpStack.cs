namespace BatteryShift.NanoEmulation.Native
{
    /// <summary>
    /// EMULATION. lwIP as the emulated device sees it through the Wi-Fi station: name resolution and TCP
    /// connections to the hosts of the emulated network (the real broker on loopback behind it). Errors are
    /// the socket error codes nanoFramework's SocketException carries (10061 refused, 10060 timed out,
    /// 10065 host unreachable, 11001 host not found, 10024 no free socket).
    /// </summary>
    public interface ITcpStack
    {
        /// <summary>Dns.GetHostEntry: the address of a host, or null when the name does not resolve.</summary>
        /// <param name="host">Name or dotted address.</param>
        /// <returns>Dotted address or null.</returns>
        string Resolve(string host);

        /// <summary>socket(): a new, unconnected socket, or null with <paramref name="error"/> set (10024 when every
        /// socket is in use).</summary>
        /// <param name="error">Socket error code when null is returned.</param>
        /// <returns>The socket or null.</returns>
        ITcpLink CreateSocket(out int error);

        /// <summary>Sockets created and not yet closed (lwIP has 16 on ESP32 targets: sdkconfig CONFIG_LWIP_MAX_SOCKETS).</summary>
        int OpenSockets { get; }
    }
}
