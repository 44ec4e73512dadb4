using System;
using BatteryShift.Harness.Mqtt;

namespace BatteryShift.Tests.Mqtt
{
    /// <summary>A broker a scenario can stop and start again on the same port.</summary>
    public sealed class TestBroker : IDisposable
    {
        private readonly InProcessMqttBroker? _inProcess;
        private readonly MosquittoBroker? _mosquitto;

        private TestBroker(InProcessMqttBroker? inProcess, MosquittoBroker? mosquitto)
        {
            _inProcess = inProcess;
            _mosquitto = mosquitto;
        }

        public string Host => "127.0.0.1";

        public int Port => _inProcess?.Port ?? _mosquitto!.Port;

        public string Kind => _inProcess != null ? "in-process MQTTnet" : "mosquitto";

        public static TestBroker InProcess() => new(InProcessMqttBroker.Start(), null);

        public static TestBroker Mosquitto()
        {
            string binary = MosquittoBroker.FindBinary()
                ?? throw new InvalidOperationException("mosquitto is required here (CI=true) but was not found; apt-get install mosquitto");
            return new TestBroker(null, MosquittoBroker.Start(binary));
        }

        public void Stop()
        {
            _inProcess?.Stop();
            _mosquitto?.Stop();
        }

        public void Start()
        {
            _inProcess?.Restart();
            _mosquitto?.Restart();
        }

        public void Dispose()
        {
            _inProcess?.Dispose();
            _mosquitto?.Dispose();
        }
    }
}
