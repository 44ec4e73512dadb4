namespace BatteryShift.NanoEmulation.Native
{
    /// <summary>EMULATION. One lwIP TCP socket of the emulated device.</summary>
    public interface ITcpLink
    {
        /// <summary>connect(): 0 when connected, else the socket error code (the socket stays allocated).</summary>
        /// <param name="address">Dotted address.</param>
        /// <param name="port">TCP port.</param>
        /// <returns>0 or an error code.</returns>
        int Connect(string address, int port);

        /// <summary>send(): bytes sent, or a negative socket error code.</summary>
        /// <param name="buffer">Source.</param>
        /// <param name="offset">First byte.</param>
        /// <param name="count">Bytes.</param>
        /// <returns>Bytes sent or -error.</returns>
        int Send(byte[] buffer, int offset, int count);

        /// <summary>recv(), blocking: bytes read, 0 when the peer closed, or a negative socket error code.</summary>
        /// <param name="buffer">Destination.</param>
        /// <param name="offset">First index.</param>
        /// <param name="count">Most bytes.</param>
        /// <returns>Bytes, 0, or -error.</returns>
        int Receive(byte[] buffer, int offset, int count);

        /// <summary>
        /// The mbedTLS handshake's certificate verification (ssl_generic_init_internal, ssl_connect_internal): the
        /// chain the server presents checked against <paramref name="trustedCaPem"/> at the device's clock, for
        /// <paramref name="hostName"/>. Returns the mbedTLS verify flags (0 = trusted; X509_BADCERT_EXPIRED 0x01,
        /// CN_MISMATCH 0x04, NOT_TRUSTED 0x08, FUTURE 0x200), or -1 when the server speaks no TLS.
        /// </summary>
        /// <param name="hostName">Name the certificate must carry.</param>
        /// <param name="trustedCaPem">CA certificates trusted, PEM; null or empty for none.</param>
        /// <param name="deviceUtcSeconds">The device clock, seconds since 1970.</param>
        /// <returns>Verify flags or -1.</returns>
        int VerifyServerCertificate(string hostName, string trustedCaPem, long deviceUtcSeconds);

        /// <summary>close(): frees the socket.</summary>
        void Close();
    }
}
