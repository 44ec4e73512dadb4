// EMULATION of nanoFramework.M2Mqtt 5.1.220 (M2Mqtt/Exceptions/MqttConnectionException.cs): what Connect throws when the
// channel (socket connect, TLS handshake) fails; the cause is the inner exception.
using System;

namespace nanoFramework.M2Mqtt.Exceptions
{
    /// <summary>The connection to the broker could not be made.</summary>
    public class MqttConnectionException : Exception
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="message">What failed.</param>
        /// <param name="innerException">Cause.</param>
        public MqttConnectionException(string message, Exception innerException)
            : base(message, innerException)
        {
        }
    }
}
