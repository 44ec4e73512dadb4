namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// The IMqttSession the firmware sees: forwards to the session plugged in (<see cref="VirtualModule.MqttSession"/>)
    /// while the simulated network is up; while it is down the session looks disconnected and every call fails.
    /// Calls made while the board is resetting are ignored.
    /// </summary>
    public sealed class MqttSessionGate : IMqttSession
    {
        private readonly VirtualModule _module;

        internal MqttSessionGate(VirtualModule module, IMqttSession inner)
        {
            _module = module;
            Inner = inner;
        }

        /// <summary>The session calls are forwarded to.</summary>
        public IMqttSession Inner { get; internal set; }

        /// <inheritdoc />
        public bool IsConnected => _module.NetworkAvailable && Inner.IsConnected;

        /// <inheritdoc />
        public bool Connect(MqttEndpoint endpoint)
        {
            if (!_module.NetworkAvailable || _module.RestartPending)
            {
                return false;
            }

            return Inner.Connect(endpoint);
        }

        /// <inheritdoc />
        public void Disconnect()
        {
            Inner.Disconnect();
        }

        /// <inheritdoc />
        public bool Publish(string topic, byte[] payload, int length, bool retain)
        {
            if (!_module.NetworkAvailable || _module.RestartPending)
            {
                return false;
            }

            return Inner.Publish(topic, payload, length, retain);
        }

        /// <inheritdoc />
        public bool Subscribe(string topic)
        {
            if (!_module.NetworkAvailable || _module.RestartPending)
            {
                return false;
            }

            return Inner.Subscribe(topic);
        }

        /// <inheritdoc />
        public int ReadMessage(byte[] buffer)
        {
            if (!_module.NetworkAvailable)
            {
                return -1;
            }

            return Inner.ReadMessage(buffer);
        }

        /// <inheritdoc />
        public bool LastMessageRetained
        {
            get { return Inner.LastMessageRetained; }
        }

        /// <inheritdoc />
        public int DroppedMessages
        {
            get { return Inner.DroppedMessages; }
        }
    }
}
