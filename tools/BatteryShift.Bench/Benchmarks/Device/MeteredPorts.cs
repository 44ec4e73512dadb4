using System;
using BatteryShift.Hal;

namespace BatteryShift.Bench.Benchmarks.Device
{
    /// <summary>
    /// Wraps a board's ports and measures, per call, what the HAL side allocates (the simulation's own objects),
    /// so that the device benchmark can subtract it and keep only what the core allocates. Counts the calls too:
    /// on the device every one of them leaves the interpreter for native code.
    /// </summary>
    internal sealed class MeteredPorts : IGpio, IAdc, IClock, ISerialPort, IBlobStore, IMqttSession, IResetControl
    {
        private readonly HardwarePorts _inner;

        public MeteredPorts(HardwarePorts inner)
        {
            _inner = inner;
            Ports = new HardwarePorts(this, this, this, this, this, this, this);
        }

        /// <summary>The metered ports to hand to the core.</summary>
        public HardwarePorts Ports { get; }

        /// <summary>Bytes allocated inside HAL calls.</summary>
        public long HalBytes { get; private set; }

        /// <summary>HAL calls made.</summary>
        public long Calls { get; private set; }

        public int MaxCount
        {
            get
            {
                long before = Begin();
                int value = _inner.Adc.MaxCount;
                End(before);
                return value;
            }
        }

        public long NowMs
        {
            get
            {
                long before = Begin();
                long value = _inner.Clock.NowMs;
                End(before);
                return value;
            }
        }

        public int BytesToRead
        {
            get
            {
                long before = Begin();
                int value = _inner.Serial.BytesToRead;
                End(before);
                return value;
            }
        }

        public bool IsConnected
        {
            get
            {
                long before = Begin();
                bool value = _inner.Mqtt.IsConnected;
                End(before);
                return value;
            }
        }

        public void OpenOutput(int pin, bool initialHigh)
        {
            long before = Begin();
            _inner.Gpio.OpenOutput(pin, initialHigh);
            End(before);
        }

        public void OpenInput(int pin, PinPull pull)
        {
            long before = Begin();
            _inner.Gpio.OpenInput(pin, pull);
            End(before);
        }

        public void Write(int pin, bool high)
        {
            long before = Begin();
            _inner.Gpio.Write(pin, high);
            End(before);
        }

        public bool Read(int pin)
        {
            long before = Begin();
            bool value = _inner.Gpio.Read(pin);
            End(before);
            return value;
        }

        public void OpenChannel(int channel)
        {
            long before = Begin();
            _inner.Adc.OpenChannel(channel);
            End(before);
        }

        int IAdc.Read(int channel)
        {
            long before = Begin();
            int value = _inner.Adc.Read(channel);
            End(before);
            return value;
        }

        public void DelayMicroseconds(int microseconds)
        {
            long before = Begin();
            _inner.Clock.DelayMicroseconds(microseconds);
            End(before);
        }

        int ISerialPort.Read(byte[] buffer, int offset, int count)
        {
            long before = Begin();
            int value = _inner.Serial.Read(buffer, offset, count);
            End(before);
            return value;
        }

        void ISerialPort.Write(byte[] buffer, int offset, int count)
        {
            long before = Begin();
            _inner.Serial.Write(buffer, offset, count);
            End(before);
        }

        int IBlobStore.Read(string key, byte[] buffer)
        {
            long before = Begin();
            int value = _inner.Store.Read(key, buffer);
            End(before);
            return value;
        }

        public bool Replace(string key, byte[] data, int length)
        {
            long before = Begin();
            bool value = _inner.Store.Replace(key, data, length);
            End(before);
            return value;
        }

        public bool Delete(string key)
        {
            long before = Begin();
            bool value = _inner.Store.Delete(key);
            End(before);
            return value;
        }

        public bool Connect(MqttEndpoint endpoint)
        {
            long before = Begin();
            bool value = _inner.Mqtt.Connect(endpoint);
            End(before);
            return value;
        }

        public void Disconnect()
        {
            long before = Begin();
            _inner.Mqtt.Disconnect();
            End(before);
        }

        public bool Publish(string topic, byte[] payload, int length, bool retain)
        {
            long before = Begin();
            bool value = _inner.Mqtt.Publish(topic, payload, length, retain);
            End(before);
            return value;
        }

        public bool Subscribe(string topic)
        {
            long before = Begin();
            bool value = _inner.Mqtt.Subscribe(topic);
            End(before);
            return value;
        }

        public int ReadMessage(byte[] buffer)
        {
            long before = Begin();
            int value = _inner.Mqtt.ReadMessage(buffer);
            End(before);
            return value;
        }

        public bool LastMessageRetained => _inner.Mqtt.LastMessageRetained;

        public int DroppedMessages => _inner.Mqtt.DroppedMessages;

        public void Reboot()
        {
            long before = Begin();
            _inner.Reset.Reboot();
            End(before);
        }

        private long Begin()
        {
            Calls++;
            return GC.GetAllocatedBytesForCurrentThread();
        }

        private void End(long before)
        {
            HalBytes += GC.GetAllocatedBytesForCurrentThread() - before;
        }
    }
}
