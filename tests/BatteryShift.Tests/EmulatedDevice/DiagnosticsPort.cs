using System.Collections.Concurrent;
using System.Linq;
using System.Text;
using BatteryShift.Hal;

namespace BatteryShift.Tests.EmulatedDevice
{
    /// <summary>Collects the lines an Esp32MqttSession writes to its diagnostics port.</summary>
    public sealed class DiagnosticsPort : ISerialPort
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public string[] Lines => _lines.ToArray();

        public string Text => string.Join("\n", _lines);

        public int BytesToRead => 0;

        public int Read(byte[] buffer, int offset, int count) => 0;

        public void Write(byte[] buffer, int offset, int count) => _lines.Enqueue(Encoding.ASCII.GetString(buffer, offset, count).TrimEnd());

        public bool Has(string fragment) => _lines.Any(l => l.Contains(fragment, System.StringComparison.Ordinal));
    }
}
