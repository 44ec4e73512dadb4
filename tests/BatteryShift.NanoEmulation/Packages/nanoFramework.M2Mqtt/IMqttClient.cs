// EMULATION of nanoFramework.M2Mqtt 5.1.220 (nanoFramework.M2Mqtt.Core/IMqttClient.cs): declared here as the holder of
// the delegate types of MqttClient's events; its members are MqttClient's.
using System;
using nanoFramework.M2Mqtt.Messages;

namespace nanoFramework.M2Mqtt
{
    /// <summary>An MQTT client.</summary>
    public interface IMqttClient
    {
        /// <summary>A PUBLISH was received.</summary>
        /// <param name="sender">The client.</param>
        /// <param name="e">The message.</param>
        public delegate void MqttMsgPublishEventHandler(object sender, MqttMsgPublishEventArgs e);

        /// <summary>The connection was closed.</summary>
        /// <param name="sender">The client.</param>
        /// <param name="e">Empty.</param>
        public delegate void ConnectionClosedEventHandler(object sender, EventArgs e);
    }
}
