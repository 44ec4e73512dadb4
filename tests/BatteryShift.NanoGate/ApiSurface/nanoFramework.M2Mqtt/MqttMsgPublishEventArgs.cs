// Surface of nanoFramework.M2Mqtt 5.1.220 (assembly nanoFramework.M2Mqtt.Core).
using System;

namespace nanoFramework.M2Mqtt.Messages
{
    public class MqttMsgPublishEventArgs : EventArgs
    {
        internal MqttMsgPublishEventArgs()
        {
        }

        public byte[] Message
        {
            get { throw new NotImplementedException(); }
        }
    }
}
