// EMULATION of nanoFramework.M2Mqtt 5.1.220 (nanoFramework.M2Mqtt.Core/Messages/MqttMsgPublishEventArgs.cs).
using System;

namespace nanoFramework.M2Mqtt.Messages
{
    /// <summary>A received PUBLISH.</summary>
    public class MqttMsgPublishEventArgs : EventArgs
    {
        /// <summary>Creates the arguments.</summary>
        /// <param name="topic">Topic.</param>
        /// <param name="message">Payload.</param>
        /// <param name="dupFlag">DUP flag.</param>
        /// <param name="qosLevel">QoS.</param>
        /// <param name="retain">Retain flag.</param>
        public MqttMsgPublishEventArgs(string topic, byte[] message, bool dupFlag, MqttQoSLevel qosLevel, bool retain)
        {
            Topic = topic;
            Message = message;
            DupFlag = dupFlag;
            QosLevel = qosLevel;
            Retain = retain;
        }

        /// <summary>Topic.</summary>
        public string Topic { get; internal set; }

        /// <summary>Payload.</summary>
        public byte[] Message { get; internal set; }

        /// <summary>DUP flag.</summary>
        public bool DupFlag { get; internal set; }

        /// <summary>QoS.</summary>
        public MqttQoSLevel QosLevel { get; internal set; }

        /// <summary>Retain flag.</summary>
        public bool Retain { get; internal set; }
    }
}
