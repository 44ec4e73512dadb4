// EMULATION of nanoFramework.System.Net 1.11.60 (Security/X509Certificate.cs): a certificate held as its raw bytes
// (DER or PEM text); the parsing is mbedTLS's, on the native side.
namespace System.Security.Cryptography.X509Certificates
{
    /// <summary>An X.509 certificate.</summary>
    public class X509Certificate
    {
        private readonly byte[] _certificate;

        /// <summary>Wraps a certificate's bytes (PEM text or DER).</summary>
        /// <param name="certificate">Bytes.</param>
        public X509Certificate(byte[] certificate)
        {
            _certificate = certificate;
        }

        /// <summary>The certificate's bytes.</summary>
        /// <returns>A copy of the bytes.</returns>
        public byte[] GetRawCertData()
        {
            return (byte[])_certificate.Clone();
        }
    }
}
