using System;
using System.Threading;
using BatteryShift.Bms;
using BatteryShift.Bms.Config;
using BatteryShift.Hal;
using BatteryShift.Hal.Simulation;
using Xunit;

namespace BatteryShift.Tests.Core
{
    /// <summary>
    /// On the board, Tick runs on the control thread and Communicate on the communication thread
    /// (firmware/BatteryShift.Firmware/Program.cs). A console or MQTT command must not change state in the
    /// middle of a tick, and the tick must never wait on the network.
    /// </summary>
    public class ThreadingTests
    {
        // dedicated threads, as on the board (the control and communication threads of Program.Main)
        private static Thread Start(Action work)
        {
            var thread = new Thread(() => work()) { IsBackground = true };
            thread.Start();
            return thread;
        }

        private static (BmsCore Core, VirtualModule Module) Build(ISerialPort serial, IMqttSession mqtt)
        {
            var module = new VirtualModule(new SimulationOptions { Seed = 3 });
            var p = module.Ports;
            var config = new BmsConfig();
            Assert.Equal(ResultCode.Ok, config.TrySetText(CommsKeys.MqttHost, "127.0.0.1"));
            var core = new BmsCore(new HardwarePorts(p.Gpio, p.Adc, p.Clock, serial, p.Store, mqtt, p.Reset), config);
            core.Start();
            for (int i = 0; i < 5; i++)
            {
                module.Advance(0.2);
                core.Tick();
            }

            return (core, module);
        }

        [Fact]
        public void A_tick_completes_while_the_communication_thread_waits_on_a_broker_connect()
        {
            var mqtt = new BlockingSession();
            var (core, module) = Build(new QuietSerial(), mqtt);
            var comms = Start(core.Communicate);
            Assert.True(mqtt.ConnectEntered.Wait(TimeSpan.FromSeconds(10)), "Communicate never tried to connect");

            module.Advance(0.2);
            var tick = Start(core.Tick);
            bool tickDone = tick.Join(TimeSpan.FromSeconds(5));
            bool connectStillWaiting = !mqtt.ConnectReturned;
            mqtt.Release.Set();
            comms.Join(TimeSpan.FromSeconds(10));

            Assert.True(tickDone, "the tick waited on the broker connect");
            Assert.True(connectStillWaiting);
        }

        [Fact]
        public void A_tick_waits_for_a_console_pass_in_progress_instead_of_running_inside_it()
        {
            var serial = new BlockingSerial();
            var (core, module) = Build(serial, new BlockingSession { ReleaseImmediately = true });
            var comms = Start(core.Communicate);
            Assert.True(serial.WriteEntered.Wait(TimeSpan.FromSeconds(10)), "Communicate never wrote to the console");

            module.Advance(0.2);
            long ticksBefore = core.Status.TickCount;
            var tick = Start(core.Tick);
            Assert.False(tick.Join(TimeSpan.FromMilliseconds(300)), "the tick ran in the middle of a console pass");
            Assert.Equal(ticksBefore, core.Status.TickCount);

            serial.Release.Set();
            Assert.True(tick.Join(TimeSpan.FromSeconds(10)));
            Assert.True(comms.Join(TimeSpan.FromSeconds(10)));
            Assert.Equal(ticksBefore + 1, core.Status.TickCount);
        }

        private sealed class QuietSerial : ISerialPort
        {
            public int BytesToRead => 0;

            public int Read(byte[] buffer, int offset, int count) => 0;

            public void Write(byte[] buffer, int offset, int count)
            {
            }
        }

        /// <summary>A console whose first write blocks until released (a pass of the console in progress).</summary>
        private sealed class BlockingSerial : ISerialPort
        {
            private int _writes;

            public ManualResetEventSlim WriteEntered { get; } = new();

            public ManualResetEventSlim Release { get; } = new();

            public int BytesToRead => 0;

            public int Read(byte[] buffer, int offset, int count) => 0;

            public void Write(byte[] buffer, int offset, int count)
            {
                if (Interlocked.Increment(ref _writes) == 1)
                {
                    WriteEntered.Set();
                    Release.Wait(TimeSpan.FromSeconds(10));
                }
            }
        }

        /// <summary>A broker connect that takes as long as the test wants (Wi-Fi and TCP on a bad day).</summary>
        private sealed class BlockingSession : IMqttSession
        {
            public bool ReleaseImmediately { get; init; }

            public ManualResetEventSlim ConnectEntered { get; } = new();

            public ManualResetEventSlim Release { get; } = new();

            public volatile bool ConnectReturned;

            public bool IsConnected => false;

            public bool Connect(MqttEndpoint endpoint)
            {
                ConnectEntered.Set();
                if (!ReleaseImmediately)
                {
                    Release.Wait(TimeSpan.FromSeconds(10));
                }

                ConnectReturned = true;
                return false;
            }

            public void Disconnect()
            {
            }

            public bool Publish(string topic, byte[] payload, int length, bool retain) => false;

            public bool Subscribe(string topic) => false;

            public int ReadMessage(byte[] buffer) => -1;

            public bool LastMessageRetained => false;

            public int DroppedMessages => 0;
        }
    }
}
