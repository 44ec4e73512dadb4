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
        private bool _dropLink;

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

        /// <summary>Commands over MQTT during which the module's link dropped and came back (sent again with their id).</summary>
        public int LinkLosses { get; private set; }

        /// <summary>Commands over MQTT sent again with their id (after a link loss, or unanswered for 5 s).</summary>
        public int Resends { get; private set; }

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

        /// <summary>Drops the module's connection (no DISCONNECT) right after the next command over MQTT is published.</summary>
        public void DropLinkDuringNextCommand()
        {
            _dropLink = true;
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

        // published with a fresh id; communication passes (no tick: nothing else changes) until its reply. On a loaded
        // host a QoS 1 acknowledgement can miss the session's timeout; the module then counts the link lost and waits
        // out its reconnect backoff on its own clock, which only ticks move. So while the module is offline the clock is
        // moved on (communication passes only) until it is back, and the command is sent again with the same id, as a
        // client without a reply does (docs/mqtt.md): a command that already ran is answered from the module's id
        // memory, not run again. A command left unanswered 5 s with the module online is sent again the same way.
        private (int Code, string Reply) ExecuteOverMqtt(string line)
        {
            string id = "f" + (++_ids);
            int before = _probe!.Messages.Count;
            string message = "@" + id + " " + line;
            _probe.Publish((string)_core.Mqtt.Topics.Command, message);
            if (_dropLink)
            {
                _dropLink = false;
                _session!.Abort();
            }

            bool resend = false;
            var watch = Stopwatch.StartNew();
            TimeSpan sentAt = TimeSpan.Zero;
            while (watch.Elapsed < TimeSpan.FromSeconds(30))
            {
                _core.Communicate();
                foreach (ProbeMessage m in _probe.Messages.Skip(before))
                {
                    using JsonDocument doc = JsonDocument.Parse(m.Payload);
                    if (doc.RootElement.GetProperty("id").GetString() == id)
                    {
                        return (doc.RootElement.GetProperty("code").GetInt32(), Original(doc.RootElement.GetProperty("reply").GetString()!));
                    }
                }

                if (!(bool)_core.Mqtt.Online)
                {
                    Board.Now += 1000;
                    if (!resend)
                    {
                        LinkLosses++;
                        resend = true;
                    }
                }
                else if (resend || watch.Elapsed - sentAt > TimeSpan.FromSeconds(5))
                {
                    Resends++;
                    _probe.Publish((string)_core.Mqtt.Topics.Command, message);
                    sentAt = watch.Elapsed;
                    resend = false;
                }

                System.Threading.Thread.Sleep(1);
            }

            dynamic counters = _core.Mqtt.Counters;
            throw new InvalidOperationException("no reply to '" + line + "' over MQTT (online " + (bool)_core.Mqtt.Online + ", connects " + (long)counters.Connects
                + ", connect failures " + (long)counters.ConnectFailures + ", sent " + (long)counters.Sent + ", commands " + (long)counters.Commands
                + ", dropped " + (long)counters.CommandsDropped + ", last error " + (_session!.LastError ?? "none") + ")");
        }

        // a command sent again whose first copy ran is answered "duplicate of cmd N, not executed again: <first reply>"
        private static string Original(string reply)
        {
            const string Mark = ", not executed again: ";
            int at = reply.StartsWith("duplicate of cmd ", StringComparison.Ordinal) ? reply.IndexOf(Mark, StringComparison.Ordinal) : -1;
            return at < 0 ? reply : reply.Substring(at + Mark.Length);
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
            sb.Append(LastEventNotOfTheLink()).Append('|').Append((bool)_core.Commands.RebootPending).Append('|');
            foreach (var blob in Board.Blobs.OrderBy(b => b.Key, StringComparer.Ordinal))
            {
                sb.Append(blob.Key).Append('=').Append(Convert.ToHexString(blob.Value)).Append(';');
            }

            return sb.ToString();
        }

        // the sequence number of the newest event the link's own clash detector did not write: a link that drops and comes
        // back several times within a command's wait is recorded as a clash (docs/mqtt.md), which is the link's doing, not
        // the command's
        private long LastEventNotOfTheLink()
        {
            dynamic events = _core.Events;
            long sequence = (long)events.NextSequence - 1;
            while (sequence >= 0 && (bool)events.Holds(sequence) && (int)events.Kind(sequence) == Bms.Events.EventKind.LinkClash)
            {
                sequence--;
            }

            return sequence;
        }

        /// <summary>Which parts of two <see cref="Snapshot"/>s differ, by name.</summary>
        public static string Changed(string before, string after)
        {
            string[] names = { "settings or calibration", "state", "faults", "event log", "pending reboot", "stored blobs" };
            string[] a = before.Split('|');
            string[] b = after.Split('|');
            var changed = new StringBuilder();
            for (int i = 0; i < names.Length && i < a.Length && i < b.Length; i++)
            {
                if (a[i] != b[i])
                {
                    changed.Append(changed.Length == 0 ? string.Empty : ", ").Append(names[i]);
                }
            }

            return changed.Length == 0 ? "state" : changed.ToString();
        }
    }
}
