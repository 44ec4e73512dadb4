// Surface of nanoFramework.M2Mqtt 5.1.220 (assembly nanoFramework.M2Mqtt.Core): the values used,
// with the package's values (None, SSLv3, TLSv1_0, TLSv1_1, TLSv1_2, TLSv1_3 in that order).
namespace nanoFramework.M2Mqtt
{
    public enum MqttSslProtocols
    {
        None = 0,
        TLSv1_2 = 4,
    }
}
