using BatteryShift.Hal;

namespace BatteryShift.Harness.Doubles
{
    /// <summary>An always-connected MQTT session that accepts and counts every publish and receives nothing.</summary>
    public sealed class CountingMqttSession : IMqttSession
    {
        public long Published { get; private set; }

        public bool IsConnected => true;

        public bool Connect(MqttEndpoint endpoint) => true;

        public void Disconnect()
        {
        }

        public bool Publish(string topic, byte[] payload, int length, bool retain)
        {
            Published++;
            return true;
        }

        public bool Subscribe(string topic) => true;

        public int ReadMessage(byte[] buffer) => -1;

        public bool LastMessageRetained => false;

        public int DroppedMessages => 0;
    }
}
