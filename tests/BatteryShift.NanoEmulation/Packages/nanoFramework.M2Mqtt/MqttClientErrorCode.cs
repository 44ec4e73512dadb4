// EMULATION of nanoFramework.M2Mqtt 5.1.220 (M2Mqtt/Exceptions/MqttClientException.cs): the first values, in order.
namespace nanoFramework.M2Mqtt.Exceptions
{
    /// <summary>Why the client refused an operation.</summary>
    public enum MqttClientErrorCode
    {
        /// <summary>Will error.</summary>
        WillWrong = 1,

        /// <summary>Keep-alive out of range.</summary>
        KeepAliveWrong,

        /// <summary>Wildcard in a topic name.</summary>
        TopicWildcard,

        /// <summary>Topic too long.</summary>
        TopicLength,

        /// <summary>QoS not allowed.</summary>
        QosNotAllowed,

        /// <summary>No topics.</summary>
        TopicsEmpty,

        /// <summary>No QoS levels.</summary>
        QosLevelsEmpty,

        /// <summary>Topics and QoS levels differ in number.</summary>
        TopicsQosLevelsNotMatch,

        /// <summary>A message the broker must not send.</summary>
        WrongBrokerMessage,

        /// <summary>Wrong message id.</summary>
        WrongMessageId,

        /// <summary>The inflight queue is full.</summary>
        InflightQueueFull,
    }
}
