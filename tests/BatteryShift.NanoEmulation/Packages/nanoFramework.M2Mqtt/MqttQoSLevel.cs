// EMULATION of nanoFramework.M2Mqtt 5.1.220 (nanoFramework.M2Mqtt.Core/Messages/MqttQoSLevel.cs).
namespace nanoFramework.M2Mqtt.Messages
{
    /// <summary>Quality of service.</summary>
    public enum MqttQoSLevel
    {
        /// <summary>QoS 0.</summary>
        AtMostOnce = 0x00,

        /// <summary>QoS 1.</summary>
        AtLeastOnce = 0x01,

        /// <summary>QoS 2.</summary>
        ExactlyOnce = 0x02,
    }
}
