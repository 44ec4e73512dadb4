using System.Collections.Generic;
using System.Text;
using BatteryShift.Bms;
using BatteryShift.Bms.Config;
using BatteryShift.Hal;
using BatteryShift.Harness.Doubles;

namespace BatteryShift.Tests.ConsoleTests
{
    /// <summary>The terminal side of COM2: what the board wrote, and what the user types.</summary>
    internal sealed class FakeSerial : ISerialPort
    {
        private readonly Queue<byte> _rx = new();
        private readonly List<byte> _tx = new();

        public int BytesToRead => _rx.Count;

        public long BytesWritten { get; private set; }

        /// <summary>When true, written bytes are only counted (for allocation measurements).</summary>
        public bool Discard { get; set; }

        public void Type(string text)
        {
            foreach (byte b in Encoding.ASCII.GetBytes(text))
            {
                _rx.Enqueue(b);
            }
        }

        public void TypeBytes(byte[] bytes)
        {
            foreach (byte b in bytes)
            {
                _rx.Enqueue(b);
            }
        }

        public int Read(byte[] buffer, int offset, int count)
        {
            int n = 0;
            while (n < count && _rx.Count > 0)
            {
                buffer[offset + n++] = _rx.Dequeue();
            }

            return n;
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            BytesWritten += count;
            if (Discard)
            {
                return;
            }

            for (int i = 0; i < count; i++)
            {
                _tx.Add(buffer[offset + i]);
            }
        }

        /// <summary>Event lines still to be dropped from the output: the core's start-up events, printed first.</summary>
        public int SkipEventLines { get; set; }

        public string TakeOutput()
        {
            string s = Encoding.ASCII.GetString(_tx.ToArray());
            _tx.Clear();
            if (SkipEventLines > 0)
            {
                var kept = new StringBuilder();
                string[] lines = s.Split("\r\n");
                for (int i = 0; i < lines.Length; i++)
                {
                    bool isEvent = lines[i].StartsWith("** ", System.StringComparison.Ordinal) || lines[i].StartsWith("$E", System.StringComparison.Ordinal);
                    if (isEvent && SkipEventLines > 0)
                    {
                        SkipEventLines--;
                        continue;
                    }

                    kept.Append(lines[i]);
                    if (i < lines.Length - 1)
                    {
                        kept.Append("\r\n");
                    }
                }

                s = kept.ToString();
            }

            return s;
        }
    }

    internal sealed class FakeStore : IBlobStore
    {
        public int Read(string key, byte[] buffer) => -1;

        public bool Replace(string key, byte[] data, int length) => true;

        public bool Delete(string key) => false;
    }

    internal sealed class FakeMqtt : IMqttSession
    {
        public bool IsConnected => false;

        public bool Connect(MqttEndpoint endpoint) => false;

        public void Disconnect()
        {
        }

        public bool Publish(string topic, byte[] payload, int length, bool retain) => false;

        public bool Subscribe(string topic) => false;

        public int ReadMessage(byte[] buffer) => -1;

        public bool LastMessageRetained => false;

        public int DroppedMessages => 0;
    }

    internal sealed class FakeReset : IResetControl
    {
        public int Reboots { get; private set; }

        public void Reboot() => Reboots++;
    }

    /// <summary>A core over the doubles, with helpers to type lines and run communication passes.</summary>
    internal sealed class ConsoleRig
    {
        private bool _filled;

        public ConsoleRig()
        {
            // pins and ADC of a healthy board, so the safety core's stages see a plausible module; the
            // console tests start from standby after the self-test (run at time 0), its start-up events
            // dropped from the output the tests read
            var board = new BatteryShift.Tests.Safety.FakeBoard();
            Ports = new HardwarePorts(board, board, Clock, Serial, new FakeStore(), new FakeMqtt(), Reset);
            Core = new BmsCore(Ports, new BmsConfig());
            Core.Start();
            for (int i = 0; i < 8; i++)
            {
                Core.Tick();
            }

            Serial.SkipEventLines = (int)Core.Events.NextSequence;
        }

        public ManualClock Clock { get; } = new();

        public FakeSerial Serial { get; } = new();

        public FakeReset Reset { get; } = new();

        public HardwarePorts Ports { get; }

        public BmsCore Core { get; }

        /// <summary>Advances the clock by one tick period and runs Tick then Communicate.</summary>
        public void Step(int ms = 200)
        {
            Clock.NowMs += ms;
            Core.Tick();
            if (_filled)
            {
                // the real stages overwrite the status each tick: the console tests print known values
                FillStatus();
            }

            Core.Communicate();
        }

        public string Run(string command, bool fromRemote = false)
        {
            byte[] line = Encoding.ASCII.GetBytes(command);
            Core.Commands.Execute(line, 0, line.Length, fromRemote);
            return Encoding.ASCII.GetString(Core.Commands.Reply, 0, Core.Commands.ReplyLength);
        }

        /// <summary>Fills the status with plausible values of a 16S module in use.</summary>
        public void FillStatus()
        {
            _filled = true;
            ModuleStatus s = Core.Status;
            s.State = ModuleState.Discharging;
            s.MeasurementValid = true;
            for (int i = 0; i < 16; i++)
            {
                s.CellVoltageMv[i] = 3290 + i;
                s.CellSocPct[i] = 54.2f + (i * 0.1f);
            }

            for (int i = 0; i < 10; i++)
            {
                s.TemperatureDeciC[i] = 215 + i;
            }

            s.ModuleVoltageMv = 52760;
            s.SumOfCellsMv = 52760;
            s.PackCurrentMa = -123456;
            s.MinCellMv = 3290;
            s.MinCellIndex = 0;
            s.MaxCellMv = 3305;
            s.MaxCellIndex = 15;
            s.MinTemperatureDeciC = 215;
            s.MaxTemperatureDeciC = 222;
            s.SocPct = 54.26f;
            s.SocUncertaintyPct = 3.26f;
            s.BleedMask = 0x8001;
            s.ChargeFetOn = true;
            s.DischargeFetOn = true;
        }
    }
}
