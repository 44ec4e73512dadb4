// EMULATION of nanoFramework.M2Mqtt 5.1.220 (nanoFramework.M2Mqtt.Core/Messages/MqttReasonCode.cs): the values a
// v3.1.1 CONNACK can carry (its return code byte, cast to this enum by MqttMsgConnack).
namespace nanoFramework.M2Mqtt.Messages
{
    /// <summary>CONNACK return codes (and MQTT 5 reason codes).</summary>
    public enum MqttReasonCode
    {
        /// <summary>Connection accepted.</summary>
        Success = 0x00,

        /// <summary>Refused: unacceptable protocol version.</summary>
        ConnectionRefusedUnacceptableProtocolVersion = 0x01,

        /// <summary>Refused: identifier rejected.</summary>
        ConnectionRefusedIdentifierRejected = 0x02,

        /// <summary>Refused: server unavailable.</summary>
        ConnectionRefusedServerUnavailable = 0x03,

        /// <summary>Refused: bad user name or password.</summary>
        ConnectionRefusedBadUserNameOrPassword = 0x04,

        /// <summary>Refused: not authorized.</summary>
        ConnectionRefusedNotAuthorized = 0x05,
    }
}
