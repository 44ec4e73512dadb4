using System.Linq;
using BatteryShift.Bms.Console;
using BatteryShift.Bms.Events;
using BatteryShift.Bms.Telemetry;
using BatteryShift.Hal.Simulation;
using Xunit;

namespace BatteryShift.Tests.Mqtt
{
    /// <summary>The MAC-based client id, the simulated chips' addresses and the clash detector's rules.</summary>
    public sealed class ClientIdTests
    {
        [Fact]
        public void TheClientIdIsBsAndTheMacInLowerCaseHex()
        {
            Assert.Equal("bs-0242ac11000f", MqttTelemetry.ClientIdOf(new byte[] { 0x02, 0x42, 0xAC, 0x11, 0x00, 0x0F }, "module1"));
            Assert.Equal("bs-ffffffffffff", MqttTelemetry.ClientIdOf(Enumerable.Repeat((byte)0xFF, 6).ToArray(), "module1"));

            // no MAC (a HAL that cannot tell): the module id, as before
            Assert.Equal("module1", MqttTelemetry.ClientIdOf(null!, "module1"));
            Assert.Equal("module1", MqttTelemetry.ClientIdOf(new byte[4], "module1"));
        }

        [Fact]
        public void EachSimulatedChipHasItsOwnLocallyAdministeredAddress()
        {
            var ids = Enumerable.Range(1, 1000).Select(seed => MqttTelemetry.ClientIdOf(SimulatedMacAddress.FromSeed((ulong)seed), "m")).ToArray();
            Assert.Equal(ids.Length, ids.Distinct().Count());
            Assert.Equal(SimulatedMacAddress.FromSeed(7), SimulatedMacAddress.FromSeed(7));
            byte[] mac = SimulatedMacAddress.FromSeed(7);
            Assert.Equal(0x02, mac[0] & 0x03);

            // the virtual module hands its chip's address to the core through the ports
            var module = new VirtualModule(new SimulationOptions { Seed = 7 });
            Assert.Equal(mac, module.Ports.MacAddress);
        }

        [Fact]
        public void AnOutageIsNotAClash()
        {
            var d = new LinkClashDetector();
            long now = 0;
            for (int i = 0; i < 50; i++)
            {
                d.Connected(now);
                now += LinkClashDetector.ShortSessionMs;
                Assert.Equal(0, d.Lost(now));
                now += 5000;
            }

            Assert.Equal(0, d.Clashes);
            Assert.False(d.ReportPending);
        }

        [Fact]
        public void ThreeShortSessionsInARowAreAClashWithADoublingHoldOff()
        {
            var d = new LinkClashDetector();
            long now = 0;
            int[] holds = new int[8];
            for (int clash = 0; clash < holds.Length; clash++)
            {
                for (int i = 0; i < LinkClashDetector.ShortSessionsForClash; i++)
                {
                    d.Connected(now);
                    now += 1000;
                    int hold = d.Lost(now);
                    if (i < LinkClashDetector.ShortSessionsForClash - 1)
                    {
                        Assert.Equal(0, hold);
                    }
                    else
                    {
                        holds[clash] = hold;
                    }

                    now += 1000 + hold;
                }
            }

            Assert.Equal(new[] { 60000, 120000, 240000, 480000, 960000, 1920000, 3600000, 3600000 }, holds);
            Assert.Equal(8, d.Clashes);
            Assert.True(d.ReportPending);
            d.TakeReport();
            Assert.False(d.ReportPending);

            // a long session in between breaks a run of short ones; one that settles resets the hold-off
            d.Connected(now);
            now += LinkClashDetector.SettledSessionMs;
            Assert.Equal(0, d.Lost(now));
            for (int i = 0; i < LinkClashDetector.ShortSessionsForClash; i++)
            {
                d.Connected(now);
                now += 500;
                int hold = d.Lost(now);
                Assert.Equal(i == 2 ? LinkClashDetector.FirstHoldMs : 0, hold);
            }
        }

        [Fact]
        public void TheClashEventReadsAsWhatHappened()
        {
            var text = new TextBuffer(200);
            StatusText.AppendEventBody(text, EventKind.LinkClash, 2, 120);
            Assert.Equal("link_clash client id taken over by another client, clash 2, off the broker for 120 s", System.Text.Encoding.ASCII.GetString(text.Bytes, 0, text.Length));
        }
    }
}
