// Surface of nanoFramework.M2Mqtt 5.1.220 (assembly nanoFramework.M2Mqtt.Core): the value used.
namespace nanoFramework.M2Mqtt.Messages
{
    public enum MqttReasonCode
    {
        Success = 0x00,
    }
}
