using BatteryShift.Hal;

namespace BatteryShift.Bench.Benchmarks.Device
{
    /// <summary>
    /// Wraps a board's ports and counts the core's calls by kind (and GPIO writes per pin), for the device tick cost
    /// model: each kind of call costs what its path through the ESP32 HAL and the nanoFramework packages costs.
    /// </summary>
    internal sealed class KindCountingPorts : IGpio, IAdc, IClock, ISerialPort, IBlobStore, IMqttSession, IResetControl
    {
        private readonly HardwarePorts _inner;

        public KindCountingPorts(HardwarePorts inner)
        {
            _inner = inner;
            Ports = new HardwarePorts(this, this, this, this, this, this, this);
        }

        public HardwarePorts Ports { get; }

        public long[] WritesByPin { get; } = new long[40];

        public long GpioReads { get; private set; }

        public long AdcReads { get; private set; }

        public long ClockReads { get; private set; }

        public long Delays { get; private set; }

        public long DelayMicroseconds { get; private set; }

        public long SerialCalls { get; private set; }

        public long SerialBytes { get; private set; }

        public long StoreCalls { get; private set; }

        public long MqttCalls { get; private set; }

        public long Publishes { get; private set; }

        public long PublishedBytes { get; private set; }

        public int MaxCount => _inner.Adc.MaxCount;

        public long NowMs
        {
            get
            {
                ClockReads++;
                return _inner.Clock.NowMs;
            }
        }

        public int BytesToRead
        {
            get
            {
                SerialCalls++;
                return _inner.Serial.BytesToRead;
            }
        }

        public bool IsConnected
        {
            get
            {
                MqttCalls++;
                return _inner.Mqtt.IsConnected;
            }
        }

        public void Reset()
        {
            System.Array.Clear(WritesByPin);
            GpioReads = AdcReads = ClockReads = Delays = DelayMicroseconds = SerialCalls = SerialBytes = StoreCalls = MqttCalls = Publishes = PublishedBytes = 0;
        }

        public void OpenOutput(int pin, bool initialHigh) => _inner.Gpio.OpenOutput(pin, initialHigh);

        public void OpenInput(int pin, PinPull pull) => _inner.Gpio.OpenInput(pin, pull);

        public void Write(int pin, bool high)
        {
            WritesByPin[pin]++;
            _inner.Gpio.Write(pin, high);
        }

        public bool Read(int pin)
        {
            GpioReads++;
            return _inner.Gpio.Read(pin);
        }

        public void OpenChannel(int channel) => _inner.Adc.OpenChannel(channel);

        int IAdc.Read(int channel)
        {
            AdcReads++;
            return _inner.Adc.Read(channel);
        }

        void IClock.DelayMicroseconds(int microseconds)
        {
            Delays++;
            DelayMicroseconds += microseconds;
            _inner.Clock.DelayMicroseconds(microseconds);
        }

        int ISerialPort.Read(byte[] buffer, int offset, int count)
        {
            SerialCalls++;
            return _inner.Serial.Read(buffer, offset, count);
        }

        void ISerialPort.Write(byte[] buffer, int offset, int count)
        {
            SerialCalls++;
            SerialBytes += count;
            _inner.Serial.Write(buffer, offset, count);
        }

        int IBlobStore.Read(string key, byte[] buffer)
        {
            StoreCalls++;
            return _inner.Store.Read(key, buffer);
        }

        public bool Replace(string key, byte[] data, int length)
        {
            StoreCalls++;
            return _inner.Store.Replace(key, data, length);
        }

        public bool Delete(string key)
        {
            StoreCalls++;
            return _inner.Store.Delete(key);
        }

        public bool Connect(MqttEndpoint endpoint)
        {
            MqttCalls++;
            return _inner.Mqtt.Connect(endpoint);
        }

        public void Disconnect() => _inner.Mqtt.Disconnect();

        public bool Publish(string topic, byte[] payload, int length, bool retain)
        {
            MqttCalls++;
            Publishes++;
            PublishedBytes += length;
            return _inner.Mqtt.Publish(topic, payload, length, retain);
        }

        public bool Subscribe(string topic)
        {
            MqttCalls++;
            return _inner.Mqtt.Subscribe(topic);
        }

        public int ReadMessage(byte[] buffer)
        {
            MqttCalls++;
            return _inner.Mqtt.ReadMessage(buffer);
        }

        public bool LastMessageRetained => _inner.Mqtt.LastMessageRetained;

        public int DroppedMessages => _inner.Mqtt.DroppedMessages;

        public void Reboot() => _inner.Reset.Reboot();
    }
}
