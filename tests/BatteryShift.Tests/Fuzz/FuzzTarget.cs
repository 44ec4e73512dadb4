using System;
using System.Linq;
using System.Reflection;
using System.Text;
using BatteryShift.Bms.Config;
using BatteryShift.Tests.Safety;

namespace BatteryShift.Tests.Fuzz
{
    /// <summary>
    /// A started core on a <see cref="FakeBoard"/>, built from a given core assembly (the real one or a mutant), driven
    /// and read through its public members only (late-bound, so the same fuzzer runs on either).
    /// </summary>
    internal sealed class FuzzTarget
    {
        private readonly dynamic _core;

        private FuzzTarget(Assembly bms)
        {
            Board = new FakeBoard();
            object config = Activator.CreateInstance(bms.GetType("BatteryShift.Bms.Config.BmsConfig", true)!)!;
            _core = Activator.CreateInstance(bms.GetType("BatteryShift.Bms.BmsCore", true)!, Board.Ports, config)!;
            _core.Start();
            for (int i = 0; i < 10; i++)
            {
                Step();
            }
        }

        public FakeBoard Board { get; }

        /// <summary>The module state (ModuleState as a number).</summary>
        public int State => (int)_core.StateMachine.State;

        public bool InService => State == (int)Bms.ModuleState.Service;

        public bool RemoteControlOn => (int)_core.Config.Get(ConsoleKeys.RemoteControl) != 0;

        public static FuzzTarget Start(Assembly bms) => new(bms);

        /// <summary>One control period: the clock moves 200 ms, a tick, then a communication pass.</summary>
        public void Step()
        {
            Board.Now += 200;
            _core.Tick();
            _core.Communicate();
        }

        /// <summary>Runs one command line on the given channel.</summary>
        public (int Code, string Reply) Execute(string line, bool remote)
        {
            byte[] bytes = Encoding.ASCII.GetBytes(line);
            int code = _core.Commands.Execute(bytes, 0, bytes.Length, remote);
            byte[] reply = _core.Commands.Reply;
            int length = _core.Commands.ReplyLength;
            return (code, Encoding.ASCII.GetString(reply, 0, length));
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
