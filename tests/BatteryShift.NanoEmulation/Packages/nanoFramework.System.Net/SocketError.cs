// EMULATION of nanoFramework.System.Net 1.11.60 (Sockets/SocketErrors.cs): the values the emulated lwIP reports.
namespace System.Net.Sockets
{
    /// <summary>Socket error codes (Winsock numbering).</summary>
    public enum SocketError
    {
        /// <summary>An unspecified error (SOCK_SOCKET_ERROR): what a failed TLS handshake reports.</summary>
        SocketError = -1,

        /// <summary>No socket left (WSAEMFILE).</summary>
        TooManyOpenSockets = 10024,

        /// <summary>Not a socket (WSAENOTSOCK).</summary>
        NotSocket = 10038,

        /// <summary>Connection reset by the peer (WSAECONNRESET).</summary>
        ConnectionReset = 10054,

        /// <summary>Timed out (WSAETIMEDOUT).</summary>
        TimedOut = 10060,

        /// <summary>Refused (WSAECONNREFUSED).</summary>
        ConnectionRefused = 10061,

        /// <summary>Host unreachable (WSAEHOSTUNREACH).</summary>
        HostUnreachable = 10065,

        /// <summary>Host not found (WSAHOST_NOT_FOUND).</summary>
        HostNotFound = 11001,
    }
}
