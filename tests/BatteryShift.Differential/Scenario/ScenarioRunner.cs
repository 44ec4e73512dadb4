using System;
using BatteryShift.Bms;
using BatteryShift.Bms.Config;
using BatteryShift.Differential.Board;
using BatteryShift.Differential.Trace;
using BatteryShift.Hal;

namespace BatteryShift.Differential.Scenario
{
    /// <summary>
    /// Runs the unmodified core over the scripted board, one control period at a time, and traces what leaves it
    /// each period: state, FET and bleed outputs as the board sees them, serial bytes, MQTT messages and the
    /// blobs written to flash. A reboot the core asks for restarts it over the same board and flash, as a reset
    /// would.
    /// </summary>
    public sealed class ScenarioRunner
    {
        /// <summary>Control period, ms (the core's default module.tick).</summary>
        public const int TickPeriodMs = 200;

        private readonly TraceLine _line = new TraceLine();

        /// <summary>Builds the board and its fakes; <see cref="Boot"/> then builds and starts the core.</summary>
        public ScenarioRunner()
        {
            Board = new ScriptBoard();
            Gpio = new ScriptGpio(Board);
            Adc = new ScriptAdc(Board);
            Clock = new ScriptClock();
            Serial = new ScriptSerialPort();
            Store = new ScriptBlobStore();
            Mqtt = new ScriptMqttSession();
            Reset = new ScriptResetControl();
            Ports = new HardwarePorts(Gpio, Adc, Clock, Serial, Store, Mqtt, Reset);
        }

        /// <summary>The scripted board.</summary>
        public ScriptBoard Board { get; }

        /// <summary>GPIO fake.</summary>
        public ScriptGpio Gpio { get; }

        /// <summary>ADC fake.</summary>
        public ScriptAdc Adc { get; }

        /// <summary>Clock fake.</summary>
        public ScriptClock Clock { get; }

        /// <summary>Serial port fake.</summary>
        public ScriptSerialPort Serial { get; }

        /// <summary>Flash fake.</summary>
        public ScriptBlobStore Store { get; }

        /// <summary>MQTT session fake.</summary>
        public ScriptMqttSession Mqtt { get; }

        /// <summary>Reset fake.</summary>
        public ScriptResetControl Reset { get; }

        /// <summary>The ports given to the core.</summary>
        public HardwarePorts Ports { get; }

        /// <summary>The core (a new one after each restart).</summary>
        public BmsCore Core { get; private set; }

        /// <summary>Control periods run.</summary>
        public int Ticks { get; private set; }

        /// <summary>Restarts after a reboot command.</summary>
        public int Restarts { get; private set; }

        /// <summary>Builds the core with default settings over the ports and starts it (loading what flash holds).</summary>
        public void Boot()
        {
            Core = new BmsCore(Ports, new BmsConfig());
            Core.Start();
        }

        /// <summary>Runs the whole scripted scenario, tracing every period.</summary>
        public void Run(ITraceSink sink, int ticks)
        {
            Pins.Write(sink, _line);
            Boot();
            TraceOutputs(sink, -1);
            for (int i = 0; i < ticks; i++)
            {
                Step(sink);
            }
        }

        /// <summary>One control period: the script's inputs, Tick, Communicate, then the trace.</summary>
        public void Step(ITraceSink sink)
        {
            Script.Apply(Ticks, this);
            Clock.AdvanceTo((Ticks + 1) * TickPeriodMs * 1000L);
            try
            {
                Core.Tick();
                if (!Reset.Requested)
                {
                    Core.Communicate();
                }
            }
            catch (Exception e)
            {
                if (sink == null)
                {
                    throw;
                }

                sink.Line(_line.Begin('X').Add(Ticks).Add(e.GetType().Name).Add(e.Message == null ? string.Empty : e.Message).ToString());
            }

            if (sink != null)
            {
                TraceOutputs(sink, Ticks);
            }
            else
            {
                Serial.TakeOutput();
                Mqtt.Clear();
                Store.ClearDirty();
            }

            Ticks++;
            if (Reset.Requested)
            {
                Reset.Requested = false;
                Restarts++;
                Mqtt.Disconnect();
                Boot();
                if (sink != null)
                {
                    TraceOutputs(sink, -1);
                }
            }
        }

        /// <summary>Types a console line on COM2.</summary>
        public void Type(string line)
        {
            Serial.Type(line);
        }

        private void TraceOutputs(ITraceSink sink, int tick)
        {
            ModuleStatus s = Core.Status;
            int fets = (Board.ChargeFet ? 1 : 0) | (Board.DischargeFet ? 2 : 0);
            sink.Line(_line.Begin('T').Add(tick).Add(ModuleStateNames.Of(s.State)).Add(fets).AddHex(Board.BleedMask)
                .Add(s.MinCellMv).Add(s.MaxCellMv).Add(s.ModuleVoltageMv).Add(s.PackCurrentMa).Add(s.MinTemperatureDeciC).Add(s.MaxTemperatureDeciC)
                .Add(Tenths(s.SocPct)).Add(s.RemainingMah).AddHex(s.WarningMask).AddHex(s.AlarmMask).AddHex(s.FaultMask).AddHex(s.SensorFaultMask)
                .Add(s.ChargeCurrentLimitMa).Add(s.DischargeCurrentLimitMa).Add(Board.Led ? 1 : 0).ToString());
            if (Serial.OutputLength > 0)
            {
                sink.Line(_line.Begin('S').AddBytes(Serial.Output, 0, Serial.OutputLength).ToString());
                Serial.TakeOutput();
            }

            for (int i = 0; i < Mqtt.Count; i++)
            {
                sink.Line(_line.Begin('M').Add(Mqtt.Topic(i)).Add(Mqtt.Retain(i) ? 1 : 0)
                    .AddBytes(Mqtt.Payloads, Mqtt.PayloadStart(i), Mqtt.PayloadLength(i)).ToString());
            }

            Mqtt.Clear();
            for (int slot = 0; slot < ScriptBlobStore.Slots; slot++)
            {
                if (Store.Dirty(slot))
                {
                    byte[] data = Store.Data(slot);
                    sink.Line(!Store.Present(slot)
                        ? _line.Begin('B').Add(Store.Key(slot)).Add("deleted").ToString()
                        : _line.Begin('B').Add(Store.Key(slot)).Add(Store.Length(slot)).AddHexBytes(data, 0, Store.Length(slot)).ToString());
                }
            }

            Store.ClearDirty();
        }

        private static long Tenths(float value)
        {
            return (long)(value >= 0f ? (value * 10f) + 0.5f : (value * 10f) - 0.5f);
        }
    }
}
