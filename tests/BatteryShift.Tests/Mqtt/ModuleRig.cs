using BatteryShift.Harness.Doubles;
using System;
using BatteryShift.Bms;
using BatteryShift.Bms.Config;
using BatteryShift.Bms.Events;
using BatteryShift.Bms.Telemetry;
using BatteryShift.Hal;
using BatteryShift.Hal.Simulation;
using BatteryShift.Harness.Mqtt;

namespace BatteryShift.Tests.Mqtt
{
    /// <summary>
    /// The MQTT stage of one unmodified <see cref="BmsCore"/> (with its console command processor) over a
    /// real MQTTnet session and a hand-moved clock. The control tick is not run: the test fills the status
    /// with the values a measured module would have, so payloads can be checked against known numbers.
    /// </summary>
    public sealed class ModuleRig : IDisposable
    {
        public ModuleRig(string host, int port, string moduleId = "rig1", byte[]? macAddress = null)
        {
            var config = new BmsConfig();
            Check(config.TrySetText(CommsKeys.MqttHost, host));
            Check(config.TrySet(CommsKeys.MqttPort, port));
            Check(config.TrySetText(CommsKeys.MqttModuleId, moduleId));
            Check(config.TrySet(CommsKeys.MqttKeepAliveS, 5));
            // 10 s: on a loaded 2-core host (the whole suite in parallel, a 10,000-command flood) a broker's acknowledgement
            // took longer than 3 s, the module counted its link lost, and the commands published meanwhile were gone
            // (CommandIntegrityTests counted 8 of 10,000 neither answered nor dropped); a stopped broker still fails at once
            Session = new MqttNetSession(timeout: TimeSpan.FromSeconds(10));
            Module = new VirtualModule();
            var ports = new HardwarePorts(Module.Gpio, Module.Adc, Clock, Module.Serial, Module.Store, Session, Module.ResetControl, macAddress);
            Core = new BmsCore(ports, config);
            Fill(Core.Status);
            Telemetry.SeedJitter(12345);
        }

        public VirtualModule Module { get; }

        public BmsCore Core { get; }

        public MqttTelemetry Telemetry => Core.Mqtt;

        public BmsConfig Config => Core.Config;

        public ModuleStatus Status => Core.Status;

        public EventLog Events => Core.Events;

        public MqttNetSession Session { get; }

        public ManualClock Clock { get; } = new();

        public TelemetryTopics Topics => Telemetry.Topics;

        public static void Check(int result)
        {
            if (result != ResultCode.Ok)
            {
                throw new InvalidOperationException("config change refused: " + ResultCode.Text(result));
            }
        }

        /// <summary>A charging 16S LFP module, hand-picked values.</summary>
        public static void Fill(ModuleStatus s)
        {
            s.State = ModuleState.Charging;
            s.MeasurementValid = true;
            for (int i = 0; i < 16; i++)
            {
                s.CellVoltageMv[i] = 3300 + i;
                s.CellSocPct[i] = 55f + (i * 0.1f);
                s.CellBledMas[i] = i * 36000L;
            }

            for (int i = 0; i < 10; i++)
            {
                s.TemperatureDeciC[i] = 250 + i;
            }

            s.ModuleVoltageMv = 52920;
            s.SumOfCellsMv = 52920;
            s.PackCurrentMa = -12345;
            s.MinCellMv = 3300;
            s.MaxCellMv = 3315;
            s.MinCellIndex = 0;
            s.MaxCellIndex = 15;
            s.MinTemperatureDeciC = 250;
            s.MaxTemperatureDeciC = 257;
            s.WarningMask = 0b1010;
            s.AlarmMask = 0b10;
            s.FaultMask = 0;
            s.ChargeFetOn = true;
            s.DischargeFetOn = true;
            s.ChargeVoltageLimitMv = 55200;
            s.ChargeCurrentLimitMa = 140000;
            s.DischargeCurrentLimitMa = 140000;
            s.SocPct = 55.55f;
            s.SocUncertaintyPct = 3.24f;
            s.SohPct = 98.4f;
            s.BleedMask = 0b1000000000000001;
            s.BalancingEnabled = true;
            s.RemainingMah = 154000;
            s.CapacityMah = 280000;
            s.CycleCount = 12;
            s.ChargeInMas = 3600L * 1000;
            s.ChargeOutMas = 3600L * 2500;
            s.EnergyInWh = 1234;
            s.EnergyOutWh = 2345;
        }

        /// <summary>Runs the stage once per step, moving the clock by stepMs each time.</summary>
        public void Run(int steps, int stepMs)
        {
            for (int i = 0; i < steps; i++)
            {
                Clock.NowMs += stepMs;
                Status.TimeMs = Clock.NowMs;
                Status.TickCount++;
                Telemetry.Communicate();
            }
        }

        /// <summary>
        /// One communication pass with no tick, as the device's communication thread runs between two ticks. When the
        /// link has dropped (on a loaded host a QoS 1 acknowledgement can miss the session's timeout, and the module then
        /// counts its link lost), the clock first moves to the next connection attempt, as it would pass while the
        /// device waits; the module status is left as it was.
        /// </summary>
        public void Pump()
        {
            if (!Telemetry.Online && Telemetry.NextAttemptMs > Clock.NowMs)
            {
                Clock.NowMs = Telemetry.NextAttemptMs;
            }

            Telemetry.Communicate();
        }

        /// <summary>Moves the clock to the next connection attempt and runs until online.</summary>
        public bool RunUntilOnline(int maxSteps = 200)
        {
            for (int i = 0; i < maxSteps && !Telemetry.Online; i++)
            {
                Clock.NowMs = Math.Max(Clock.NowMs + 100, Telemetry.NextAttemptMs);
                Status.TimeMs = Clock.NowMs;
                Telemetry.Communicate();
            }

            return Telemetry.Online;
        }

        public void Dispose()
        {
            Session.Dispose();
        }
    }
}
