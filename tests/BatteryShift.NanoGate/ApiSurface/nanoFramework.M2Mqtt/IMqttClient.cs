// Surface of nanoFramework.M2Mqtt 5.1.220 (assembly nanoFramework.M2Mqtt.Core): the interface is
// declared only as the holder of the nested delegate types MqttClient's events use.
using System;
using nanoFramework.M2Mqtt.Messages;

namespace nanoFramework.M2Mqtt
{
    public interface IMqttClient
    {
        public delegate void MqttMsgPublishEventHandler(object sender, MqttMsgPublishEventArgs e);

        public delegate void ConnectionClosedEventHandler(object sender, EventArgs e);
    }
}
