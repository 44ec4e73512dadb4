using System.Collections.Generic;
using BatteryShift.Hal;
using BatteryShift.Harness.Doubles;

namespace BatteryShift.Tests.Wiring
{
    /// <summary>Hardware ports that record which pins and ADC channels the firmware opens and uses.</summary>
    internal sealed class RecordingPorts : PinBoard, IAdc, IClock, ISerialPort, IBlobStore, IMqttSession, IResetControl
    {
        private long _nowMs;

        public RecordingPorts()
        {
            Ports = new HardwarePorts(this, this, this, this, this, this, this);
        }

        public HardwarePorts Ports { get; }

        public HashSet<int> OpenedChannels { get; } = new();

        public HashSet<int> ReadChannels { get; } = new();

        public int MaxCount => 4095;

        public long NowMs => _nowMs;

        public int BytesToRead => 0;

        public bool IsConnected => false;

        public void Advance(long ms) => _nowMs += ms;

        public void OpenChannel(int channel) => OpenedChannels.Add(channel);

        int IAdc.Read(int channel)
        {
            if (!OpenedChannels.Contains(channel))
            {
                Misuse.Add($"ADC channel {channel} read without being opened");
            }

            ReadChannels.Add(channel);
            return 2048;
        }

        public void DelayMicroseconds(int microseconds)
        {
        }

        public int Read(byte[] buffer, int offset, int count) => 0;

        public void Write(byte[] buffer, int offset, int count)
        {
        }

        int IBlobStore.Read(string key, byte[] buffer) => -1;

        public bool Replace(string key, byte[] data, int length) => true;

        public bool Delete(string key) => false;

        public bool Connect(MqttEndpoint endpoint) => false;

        public void Disconnect()
        {
        }

        public bool Publish(string topic, byte[] payload, int length, bool retain) => false;

        public bool Subscribe(string topic) => false;

        public int ReadMessage(byte[] buffer) => -1;

        public bool LastMessageRetained => false;

        public int DroppedMessages => 0;

        public void Reboot()
        {
        }
    }
}
