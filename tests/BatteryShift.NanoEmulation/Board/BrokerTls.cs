using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BatteryShift.NanoEmulation.Board
{
    /// <summary>
    /// The certificate a TLS broker presents, checked the way mbedTLS checks it with MBEDTLS_SSL_VERIFY_REQUIRED
    /// (x509_crt_verify): the chain must end at one of the trusted CA certificates, each certificate must be valid
    /// at the device's clock, and the name must match the host connected to. Returns mbedTLS's verify flags.
    /// </summary>
    public sealed class BrokerTls
    {
        /// <summary>MBEDTLS_X509_BADCERT_EXPIRED.</summary>
        public const int BadCertExpired = 0x01;

        /// <summary>MBEDTLS_X509_BADCERT_CN_MISMATCH.</summary>
        public const int BadCertCnMismatch = 0x04;

        /// <summary>MBEDTLS_X509_BADCERT_NOT_TRUSTED.</summary>
        public const int BadCertNotTrusted = 0x08;

        /// <summary>MBEDTLS_X509_BADCERT_FUTURE.</summary>
        public const int BadCertFuture = 0x200;

        /// <summary>The broker's certificate (and the CA that signed it, for the tests to hand to the device).</summary>
        /// <param name="server">Server certificate.</param>
        public BrokerTls(X509Certificate2 server)
        {
            Server = server;
        }

        /// <summary>The server certificate.</summary>
        public X509Certificate2 Server { get; }

        /// <summary>Makes a CA and a server certificate it signs, for a host name and a validity window.</summary>
        /// <param name="caName">CA subject.</param>
        /// <param name="host">Server name.</param>
        /// <param name="notBefore">Start of validity.</param>
        /// <param name="notAfter">End of validity.</param>
        /// <param name="caPem">The CA certificate, PEM.</param>
        /// <returns>The broker's TLS.</returns>
        public static BrokerTls Create(string caName, string host, DateTimeOffset notBefore, DateTimeOffset notAfter, out string caPem)
        {
            using ECDsa caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var caRequest = new CertificateRequest("CN=" + caName, caKey, HashAlgorithmName.SHA256);
            caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
            using X509Certificate2 ca = caRequest.CreateSelfSigned(notBefore.AddYears(-1), notAfter.AddYears(5));
            using ECDsa serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=" + host, serverKey, HashAlgorithmName.SHA256);
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(host);
            request.CertificateExtensions.Add(san.Build());
            byte[] serial = new byte[8];
            RandomNumberGenerator.Fill(serial);
            X509Certificate2 server = request.Create(ca, notBefore, notAfter, serial);
            caPem = ca.ExportCertificatePem() + "\n";
            return new BrokerTls(server) { Issuer = ca.ExportCertificatePem() };
        }

        /// <summary>The CA certificate that signed the server's, PEM.</summary>
        public string Issuer { get; private init; } = string.Empty;

        /// <summary>mbedTLS's verification of the server certificate.</summary>
        /// <param name="hostName">Host connected to.</param>
        /// <param name="trustedPem">Trusted CA certificates, PEM (null or empty: none).</param>
        /// <param name="deviceUtcSeconds">The device clock.</param>
        /// <returns>Verify flags, 0 when trusted.</returns>
        public int Verify(string hostName, string? trustedPem, long deviceUtcSeconds)
        {
            DateTime deviceTime = DateTime.UnixEpoch.AddSeconds(deviceUtcSeconds);
            int flags = 0;
            if (deviceTime < Server.NotBefore.ToUniversalTime())
            {
                flags |= BadCertFuture;
            }

            if (deviceTime > Server.NotAfter.ToUniversalTime())
            {
                flags |= BadCertExpired;
            }

            if (!Server.MatchesHostname(hostName))
            {
                flags |= BadCertCnMismatch;
            }

            var trusted = new X509Certificate2Collection();
            if (!string.IsNullOrEmpty(trustedPem))
            {
                try
                {
                    trusted.ImportFromPem(trustedPem);
                }
                catch (CryptographicException)
                {
                    // mbedtls_x509_crt_parse failing: the CA chain stays empty
                    trusted.Clear();
                }
            }

            bool signedByTrusted = false;
            foreach (X509Certificate2 ca in trusted)
            {
                if (ca.SubjectName.RawData.AsSpan().SequenceEqual(Server.IssuerName.RawData) && SignedBy(Server, ca))
                {
                    signedByTrusted = true;
                    if (deviceTime > ca.NotAfter.ToUniversalTime())
                    {
                        flags |= BadCertExpired;
                    }
                }
            }

            if (!signedByTrusted)
            {
                flags |= BadCertNotTrusted;
            }

            return flags;
        }

        private static bool SignedBy(X509Certificate2 certificate, X509Certificate2 ca)
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid | X509VerificationFlags.IgnoreCtlNotTimeValid;
            return chain.Build(certificate);
        }
    }
}
