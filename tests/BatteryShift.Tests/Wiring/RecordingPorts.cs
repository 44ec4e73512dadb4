using System.Collections.Generic;
using BatteryShift.Hal;

namespace BatteryShift.Tests.Wiring
{
    /// <summary>Hardware ports that record which pins and ADC channels the firmware opens and uses.</summary>
    internal sealed class RecordingPorts : IGpio, IAdc, IClock, ISerialPort, IBlobStore, IMqttSession, IResetControl
    {
        private long _nowMs;

        public RecordingPorts()
        {
            Ports = new HardwarePorts(this, this, this, this, this, this, this);
        }

        public HardwarePorts Ports { get; }

        /// <summary>Output pins opened, with the level they were opened at (first open).</summary>
        public Dictionary<int, bool> OpenedOutputs { get; } = new();

        public HashSet<int> OpenedInputs { get; } = new();

        public HashSet<int> OpenedChannels { get; } = new();

        public List<string> Misuse { get; } = new();

        public Dictionary<int, bool> Level { get; } = new();

        public HashSet<int> ReadChannels { get; } = new();

        public int MaxCount => 4095;

        public long NowMs => _nowMs;

        public int BytesToRead => 0;

        public bool IsConnected => false;

        public void Advance(long ms) => _nowMs += ms;

        public void OpenOutput(int pin, bool initialHigh)
        {
            if (OpenedInputs.Contains(pin))
            {
                Misuse.Add($"GPIO{pin} opened as input and output");
            }

            if (OpenedOutputs.TryGetValue(pin, out bool before) && before != initialHigh)
            {
                Misuse.Add($"GPIO{pin} opened twice at different levels");
            }

            OpenedOutputs.TryAdd(pin, initialHigh);
            Level[pin] = initialHigh;
        }

        public void OpenInput(int pin, PinPull pull)
        {
            if (OpenedOutputs.ContainsKey(pin))
            {
                Misuse.Add($"GPIO{pin} opened as output and input");
            }

            OpenedInputs.Add(pin);
        }

        public void Write(int pin, bool high)
        {
            if (!OpenedOutputs.ContainsKey(pin))
            {
                Misuse.Add($"GPIO{pin} written without being opened as an output");
            }

            Level[pin] = high;
        }

        public bool Read(int pin)
        {
            if (!OpenedInputs.Contains(pin) && !OpenedOutputs.ContainsKey(pin))
            {
                Misuse.Add($"GPIO{pin} read without being opened");
            }

            return !Level.TryGetValue(pin, out bool v) || v;
        }

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

        public void Reboot()
        {
        }
    }
}
