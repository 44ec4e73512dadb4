namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// An MQTT session that never connects: the default of the virtual module (no broker configured).
    /// </summary>
    public sealed class OfflineMqttSession : IMqttSession
    {
        /// <summary>Connect attempts seen.</summary>
        public int ConnectAttempts { get; private set; }

        /// <inheritdoc />
        public bool IsConnected => false;

        /// <inheritdoc />
        public bool Connect(MqttEndpoint endpoint)
        {
            ConnectAttempts++;
            return false;
        }

        /// <inheritdoc />
        public void Disconnect()
        {
        }

        /// <inheritdoc />
        public bool Publish(string topic, byte[] payload, int length, bool retain)
        {
            return false;
        }

        /// <inheritdoc />
        public bool Subscribe(string topic)
        {
            return false;
        }

        /// <inheritdoc />
        public int ReadMessage(byte[] buffer)
        {
            return -1;
        }

        /// <inheritdoc />
        public bool LastMessageRetained
        {
            get { return false; }
        }

        /// <inheritdoc />
        public int DroppedMessages
        {
            get { return 0; }
        }
    }
}
