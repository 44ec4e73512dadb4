using System;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json;
using BatteryShift.Bms.Config;
using BatteryShift.Hal;
using BatteryShift.Harness.Mqtt;
using BatteryShift.Tests.Mqtt;
using BatteryShift.Tests.Safety;

namespace BatteryShift.Tests.Fuzz
{
    /// <summary>
    /// A started core on a <see cref="FakeBoard"/>, built from a given core assembly (the real one or a mutant), driven
    /// and read through its public members only (late-bound, so the same fuzzer runs on either). Remote commands go to
    /// the command processor as a remote channel, or, given a broker, over MQTT: published with an id on the module's
    /// command topic and answered on its reply topic.
    /// </summary>
    internal sealed class FuzzTarget : IDisposable
    {
        private readonly dynamic _core;
        private readonly MqttNetSession? _session;
        private readonly MqttProbe? _probe;
        private int _ids;

        private FuzzTarget(Assembly bms, TestBroker? broker)
        {
            Board = new FakeBoard();
            object config = Activator.CreateInstance(bms.GetType("BatteryShift.Bms.Config.BmsConfig", true)!)!;
            HardwarePorts ports = Board.Ports;
            if (broker != null)
            {
                _session = new MqttNetSession(timeout: TimeSpan.FromSeconds(3));
                ports = new HardwarePorts(Board, Board, Board, Board, Board, _session, Board);
                dynamic c = config;
                c.TrySetText(CommsKeys.MqttHost, broker.Host);
                c.TrySet(CommsKeys.MqttPort, broker.Port);
                c.TrySetText(CommsKeys.MqttModuleId, "fuzz" + Guid.NewGuid().ToString("N")[..6]);
            }

            _core = Activator.CreateInstance(bms.GetType("BatteryShift.Bms.BmsCore", true)!, ports, config)!;
            _core.Start();
            for (int i = 0; i < 10; i++)
            {
                Step();
            }

            if (broker != null)
            {
                _probe = MqttProbe.Connect(broker.Host, broker.Port, (string)_core.Mqtt.Topics.Reply, "probe-" + Guid.NewGuid().ToString("N")[..8]);
                for (int i = 0; i < 100 && !(bool)_core.Mqtt.Online; i++)
                {
                    Step();
                }

                if (!(bool)_core.Mqtt.Online)
                {
                    throw new InvalidOperationException("the fuzz target did not connect to " + broker.Kind);
                }
            }
        }

        /// <summary>True when remote commands go over MQTT.</summary>
        public bool OverMqtt => _probe != null;

        public FakeBoard Board { get; }

        /// <summary>The module state (ModuleState as a number).</summary>
        public int State => (int)_core.StateMachine.State;

        public bool InService => State == (int)Bms.ModuleState.Service;

        public bool RemoteControlOn => (int)_core.Config.Get(ConsoleKeys.RemoteControl) != 0;

        public static FuzzTarget Start(Assembly bms, TestBroker? broker = null) => new(bms, broker);

        public void Dispose()
        {
            _probe?.Dispose();
            _session?.Dispose();
        }

        /// <summary>One control period: the clock moves 200 ms, a tick, then a communication pass.</summary>
        public void Step()
        {
            Board.Now += 200;
            _core.Tick();
            _core.Communicate();
        }

        /// <summary>
        /// Over MQTT, a command runs in communication passes, which also finish what the last tick or command left
        /// pending (a reboot's countdown, the fault log's flush): those are run out first, so that a refused command's
        /// snapshot compares the command alone.
        /// </summary>
        public void Settle()
        {
            for (int i = 0; _probe != null && i < 3; i++)
            {
                _core.Communicate();
            }
        }

        /// <summary>Runs one command line on the given channel.</summary>
        public (int Code, string Reply) Execute(string line, bool remote)
        {
            if (remote && _probe != null)
            {
                return ExecuteOverMqtt(line);
            }

            byte[] bytes = Encoding.ASCII.GetBytes(line);
            int code = _core.Commands.Execute(bytes, 0, bytes.Length, remote);
            byte[] reply = _core.Commands.Reply;
            int length = _core.Commands.ReplyLength;
            return (code, Encoding.ASCII.GetString(reply, 0, length));
        }

        // published with a fresh id; communication passes (no tick, no clock step: nothing else changes) until its reply
        private (int Code, string Reply) ExecuteOverMqtt(string line)
        {
            string id = "f" + (++_ids);
            int before = _probe!.Messages.Count;
            _probe.Publish((string)_core.Mqtt.Topics.Command, "@" + id + " " + line);
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < TimeSpan.FromSeconds(10))
            {
                _core.Communicate();
                foreach (ProbeMessage m in _probe.Messages.Skip(before))
                {
                    using JsonDocument doc = JsonDocument.Parse(m.Payload);
                    if (doc.RootElement.GetProperty("id").GetString() == id)
                    {
                        return (doc.RootElement.GetProperty("code").GetInt32(), doc.RootElement.GetProperty("reply").GetString()!);
                    }
                }

                System.Threading.Thread.Sleep(1);
            }

            throw new InvalidOperationException("no reply to '" + line + "' over MQTT");
        }

        /// <summary>The calibration in force: every cell's gain, offset and points, and the current gain.</summary>
        public string Calibration()
        {
            var sb = new StringBuilder();
            dynamic cal = _core.Calibration;
            for (int cell = 0; cell < 16; cell++)
            {
                sb.Append((float)cal.Gain(cell)).Append('/').Append((float)cal.OffsetMv(cell)).Append('/').Append((bool)cal.HasFirstPoint(cell)).Append(';');
            }

            sb.Append((int)cal.TwoPointMask).Append(';').Append((float)cal.CurrentGain);
            return sb.ToString();
        }

        /// <summary>
        /// Everything a command could change: every setting, the calibration, the state, the latched faults, the event
        /// log's length, a pending reboot, and every blob on the store.
        /// </summary>
        public string Snapshot()
        {
            var sb = new StringBuilder();
            dynamic config = _core.Config;
            for (int k = 0; k < ConfigSchema.MaxKeys; k++)
            {
                sb.Append((int)config.Get(k)).Append(',');
            }

            for (int k = 0; k < ConfigSchema.MaxTextKeys; k++)
            {
                sb.Append((string)config.GetText(k)).Append(',');
            }

            sb.Append(Calibration()).Append('|').Append(State).Append('|').Append((int)_core.Status.FaultMask).Append('|');
            sb.Append((long)_core.Events.NextSequence).Append('|').Append((bool)_core.Commands.RebootPending).Append('|');
            foreach (var blob in Board.Blobs.OrderBy(b => b.Key, StringComparer.Ordinal))
            {
                sb.Append(blob.Key).Append('=').Append(Convert.ToHexString(blob.Value)).Append(';');
            }

            return sb.ToString();
        }
    }
}
