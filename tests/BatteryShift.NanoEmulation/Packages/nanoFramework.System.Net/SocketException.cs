// EMULATION of nanoFramework.System.Net 1.11.60 (Sockets/SocketException.cs): the socket error code of lwIP's errno as
// nf-interpreter's sockets driver maps it (src/PAL/COM/sockets: SOCK_ECONNREFUSED 10061, SOCK_ETIMEDOUT 10060,
// SOCK_EHOSTUNREACH 10065, SOCK_HOST_NOT_FOUND 11001, SOCK_EMFILE 10024; SOCK_SOCKET_ERROR -1 for a failed TLS handshake
// in ssl_connect_internal before nf-interpreter #3468).
namespace System.Net.Sockets
{
    /// <summary>A socket error.</summary>
    public class SocketException : Exception
    {
        private readonly int _errorCode;

        /// <summary>Creates the exception.</summary>
        /// <param name="errorCode">Socket error.</param>
        public SocketException(SocketError errorCode)
            : base("socket error " + (int)errorCode)
        {
            _errorCode = (int)errorCode;
        }

        /// <summary>The socket error code.</summary>
        public int ErrorCode
        {
            get { return _errorCode; }
        }
    }
}
