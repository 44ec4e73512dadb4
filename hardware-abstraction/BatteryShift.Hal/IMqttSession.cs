namespace BatteryShift.Hal
{
    /// <summary>
    /// One MQTT session to a broker (over Wi-Fi on the board). Publishes use QoS 1. Retries and
    /// back-off are the portable core's job; the session only tries once per call.
    /// </summary>
    public interface IMqttSession
    {
        /// <summary>
        /// True while the session is connected to the broker.
        /// </summary>
        bool IsConnected { get; }

        /// <summary>
        /// Tries once to connect (bringing up the network first where needed), with the endpoint's
        /// last-will registered with the broker.
        /// </summary>
        /// <param name="endpoint">Broker, credentials, client id and last-will.</param>
        /// <returns>True when connected.</returns>
        bool Connect(MqttEndpoint endpoint);

        /// <summary>
        /// Closes the session cleanly (the broker does not publish the last-will).
        /// </summary>
        void Disconnect();

        /// <summary>
        /// Publishes with QoS 1.
        /// </summary>
        /// <param name="topic">Topic name.</param>
        /// <param name="payload">Payload buffer.</param>
        /// <param name="length">Bytes of <paramref name="payload"/> to send.</param>
        /// <param name="retain">Retain flag.</param>
        /// <returns>True when the message was handed to the connected session.</returns>
        bool Publish(string topic, byte[] payload, int length, bool retain);

        /// <summary>
        /// Subscribes to a topic whose messages are then returned by <see cref="ReadMessage"/>.
        /// </summary>
        /// <param name="topic">Topic name.</param>
        /// <returns>True when the subscription was sent.</returns>
        bool Subscribe(string topic);

        /// <summary>
        /// Takes the oldest received message of a subscribed topic, without waiting.
        /// </summary>
        /// <param name="buffer">Destination for the payload.</param>
        /// <returns>Payload length; -1 when none is waiting; -2 when the payload was larger than the
        /// buffer (the message is dropped).</returns>
        int ReadMessage(byte[] buffer);

        /// <summary>
        /// The retain flag of the message the last <see cref="ReadMessage"/> returned: true when the broker
        /// delivered it as a retained message (stored on the topic, sent on subscribing).
        /// </summary>
        bool LastMessageRetained { get; }

        /// <summary>
        /// Messages of subscribed topics received since start-up but dropped before <see cref="ReadMessage"/>
        /// could return them (the receive ring was full).
        /// </summary>
        int DroppedMessages { get; }
    }
}
