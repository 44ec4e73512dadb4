// EMULATION of nanoFramework.M2Mqtt 5.1.220 (M2Mqtt/Exceptions/MqttClientException.cs).
using System;

namespace nanoFramework.M2Mqtt.Exceptions
{
    /// <summary>The client refused an operation.</summary>
    public class MqttClientException : Exception
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="errorCode">Why.</param>
        public MqttClientException(MqttClientErrorCode errorCode)
        {
            ErrorCode = errorCode;
        }

        /// <summary>Why.</summary>
        public MqttClientErrorCode ErrorCode { get; set; }
    }
}
