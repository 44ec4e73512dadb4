// EMULATION of nanoFramework.M2Mqtt 5.1.220 (nanoFramework.M2Mqtt.Core/MqttSslProtocols.cs): the package's values in order.
namespace nanoFramework.M2Mqtt
{
    /// <summary>TLS version.</summary>
    public enum MqttSslProtocols
    {
        /// <summary>No TLS.</summary>
        None,

        /// <summary>SSL 3 (not supported by the channel).</summary>
        SSLv3,

        /// <summary>TLS 1.0 (not supported by the channel).</summary>
        TLSv1_0,

        /// <summary>TLS 1.1 (not supported by the channel).</summary>
        TLSv1_1,

        /// <summary>TLS 1.2.</summary>
        TLSv1_2,

        /// <summary>TLS 1.3.</summary>
        TLSv1_3,
    }
}
