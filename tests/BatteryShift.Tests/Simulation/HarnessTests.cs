using System;
using BatteryShift.Bms.Config;
using BatteryShift.Hal.Simulation;
using BatteryShift.Harness;
using Xunit;
using BatteryShift.Bms.Board;

namespace BatteryShift.Tests.Simulation
{
    public class HarnessTests
    {
        [Fact]
        public void CoreRunsForSimulatedMinutesAtItsTickPeriod()
        {
            var runner = new VirtualModuleRunner(new SimulationOptions { Seed = 3, Load = new ConstantCurrentProfile(-50) });
            long oracleCalls = 0;
            long lastNow = -1;
            runner.AfterTick.Add(r =>
            {
                oracleCalls++;
                long now = r.Ports.Clock.NowMs;
                Assert.True(now > lastNow);
                lastNow = now;
            });
            runner.RunFor(TimeSpan.FromMinutes(3));

            int period = new BmsConfig().Get(ModuleKeys.TickPeriodMs);
            Assert.Equal(180000 / period, runner.TickCount);
            Assert.Equal(runner.TickCount, oracleCalls);
            Assert.Equal(runner.TickCount, runner.Core.Status.TickCount);
            // plus the settling waits of the last tick's scan
            Assert.InRange(runner.Module.TimeSeconds, 180.0, 180.01);

            // the core drove the mux: the ADC was read and the scan touched the select pins
            Assert.True(runner.Module.Gpio.IsOutput(Bmu16.PinMuxS0));
            Assert.True(runner.Module.Gpio.IsOutput(Bmu16.PinChargeFet));
        }

        [Fact]
        public void RebootAndBrownOutRestartTheFirmwareOverTheSameStore()
        {
            var runner = new VirtualModuleRunner(new SimulationOptions { Seed = 4 });
            runner.RunSeconds(10);
            runner.Module.Store.Set("probe", new byte[] { 1, 2, 3 });
            var first = runner.Core;

            // the console's reboot goes through IResetControl
            runner.Ports.Reset.Reboot();
            runner.Step();
            Assert.NotSame(first, runner.Core);
            Assert.Equal(1, runner.RestartCount);
            // the clock restarted: one period plus the start-up's own settling waits (not the 10 s before)
            Assert.InRange(runner.Ports.Clock.NowMs, 0, runner.TickPeriodMs + 50);
            Assert.Equal(ResetCause.Software, runner.Module.LastResetCause);

            runner.Module.Faults.At(runner.Module.TimeSeconds + 5, FaultKind.BrownOut);
            runner.RunSeconds(10);
            Assert.Equal(2, runner.RestartCount);
            Assert.Equal(ResetCause.BrownOut, runner.Module.LastResetCause);
            Assert.Equal(new byte[] { 1, 2, 3 }, runner.Module.Store.Peek("probe"));
            Assert.InRange(runner.Ports.Clock.NowMs, 4800, 5200);

            runner.Reset();
            Assert.Equal(3, runner.RestartCount);
            Assert.False(runner.Module.Truth.ChargeFetOn);
        }

        [Fact]
        public void SameSeedGivesTheSameFirmwareView()
        {
            static int[] Run(ulong seed)
            {
                var runner = new VirtualModuleRunner(new SimulationOptions { Seed = seed, Load = EssProfiles.FrequencyRegulation(2) });
                var trace = new System.Collections.Generic.List<int>();
                runner.AfterTick.Add(r =>
                {
                    trace.Add(r.Core.Status.PackCurrentMa);
                    trace.Add(r.Core.Status.CellVoltageMv[3]);
                    trace.Add((int)(r.Truth.Soc[3] * 1e9));
                });
                runner.RunSeconds(30);
                return trace.ToArray();
            }

            Assert.Equal(Run(21), Run(21));
            Assert.NotEqual(Run(21), Run(22));
        }

        [Fact]
        public void MqttSessionIsReplaceableAndGatedByTheNetwork()
        {
            var runner = new VirtualModuleRunner();
            Assert.False(runner.Ports.Mqtt.IsConnected);
            var fake = new AlwaysConnected();
            runner.UseMqttSession(fake);
            Assert.True(runner.Ports.Mqtt.IsConnected);
            Assert.True(runner.Ports.Mqtt.Publish("t", new byte[1], 1, false));
            runner.Module.Faults.Inject(FaultKind.NetworkLoss, durationSeconds: 2);
            Assert.False(runner.Ports.Mqtt.IsConnected);
            Assert.False(runner.Ports.Mqtt.Publish("t", new byte[1], 1, false));
            Assert.Equal(1, fake.NetworkChanges);
            runner.RunSeconds(3);
            Assert.True(runner.Ports.Mqtt.IsConnected);
            Assert.Equal(2, fake.NetworkChanges);
        }

        [Fact]
        public void SerialHostSideSeesOutputAndTypesInput()
        {
            var m = new VirtualModule();
            m.Serial.TypeText("status\r\n");
            Assert.Equal(8, m.Ports.Serial.BytesToRead);
            var buf = new byte[16];
            Assert.Equal(8, m.Ports.Serial.Read(buf, 0, 16));
            byte[] line = System.Text.Encoding.ASCII.GetBytes("hello\r\n");
            m.Ports.Serial.Write(line, 0, line.Length);
            Assert.Equal("hello\r\n", m.Serial.TakeOutputText());

            // 115200 8N1 drains 11.5 kB/s: a burst larger than the 4 kB buffer is cut
            var big = new byte[6000];
            m.Ports.Serial.Write(big, 0, big.Length);
            Assert.True(m.Serial.DroppedBytes > 1000);
        }

        private sealed class AlwaysConnected : BatteryShift.Hal.IMqttSession, INetworkAware
        {
            public int NetworkChanges;

            public bool IsConnected => true;

            public bool Connect(BatteryShift.Hal.MqttEndpoint endpoint) => true;

            public void Disconnect()
            {
            }

            public bool Publish(string topic, byte[] payload, int length, bool retain) => true;

            public bool Subscribe(string topic) => true;

            public int ReadMessage(byte[] buffer) => -1;

            public bool LastMessageRetained => false;

            public int DroppedMessages => 0;

            public void OnNetworkChanged(bool available) => NetworkChanges++;
        }
    }
}
