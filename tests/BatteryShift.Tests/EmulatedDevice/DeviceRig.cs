using System;
using System.Linq;
using BatteryShift.Bms;
using BatteryShift.Hal.Simulation;
using BatteryShift.NanoEmulation.Board;

namespace BatteryShift.Tests.EmulatedDevice
{
    /// <summary>
    /// A virtual module, its emulated ESP32 running the unmodified firmware, and a Wi-Fi network. Commissioning goes
    /// through the firmware's own serial console, as a user does it.
    /// </summary>
    public sealed class DeviceRig : IDisposable
    {
        public const string Ssid = "plant-ess";
        public const string WifiPassword = "rack-7-secret";
        public const string BrokerHost = "broker.plant";

        public DeviceRig(int brokerPort = 1883, EmulatedFlash? flash = null, SimulationOptions? options = null)
        {
            Module = new VirtualModule(options ?? new SimulationOptions { Seed = 11 });
            Network = new EmulatedNetwork(Ssid, WifiPassword, BrokerHost, brokerPort);
            Device = new EmulatedEsp32Device(Module, Network, flash);
        }

        public VirtualModule Module { get; }

        public EmulatedNetwork Network { get; }

        public EmulatedEsp32Device Device { get; }

        public BmsCore Core => Device.Core ?? throw new InvalidOperationException("the firmware did not start: " + Device.BootFailure);

        public static int PortOf(string text) => int.Parse(text.Split(':').Last(), System.Globalization.CultureInfo.InvariantCulture);

        public void PowerOn() => Device.PowerOn();

        /// <summary>Types a console line and waits for the firmware's answer (up to the prompt-less end of output).</summary>
        public string Console(string line, int waitMs = 1500)
        {
            Module.Serial.TakeOutputText();
            Module.Serial.TypeText(line + "\r\n");
            string output = string.Empty;
            long end = Environment.TickCount64 + waitMs;
            while (Environment.TickCount64 < end)
            {
                System.Threading.Thread.Sleep(50);
                output += Module.Serial.TakeOutputText();
                if (output.Contains('\n', StringComparison.Ordinal) && output.TrimEnd().Length > line.Length && !output.EndsWith(line, StringComparison.Ordinal))
                {
                    System.Threading.Thread.Sleep(100);
                    output += Module.Serial.TakeOutputText();
                    break;
                }
            }

            return output;
        }

        public bool WaitForState(Func<ModuleState, bool> predicate, int timeoutMs) =>
            EmulatedEsp32Device.WaitFor(() => Device.Core != null && predicate(Device.Core.Status.State), timeoutMs);

        public void Dispose() => Device.Dispose();
    }
}
