using System;
using BatteryShift.Bms;
using BatteryShift.Bms.Config;
using BatteryShift.Bms.Console;
using Xunit;

namespace BatteryShift.Tests.ConsoleTests
{
    public class CommandProcessorTests
    {
        [Fact]
        public void EveryReadOnlyCommandAnswersOkOnOneFirstLine()
        {
            var rig = new ConsoleRig();
            rig.FillStatus();
            for (int i = 0; i < 70; i++)
            {
                rig.Core.Events.Append(999L * 86400 * 1000, Bms.Events.EventKind.ConfigChanged, ConsoleKeys.SerialPeriodMs, 3600000);
            }

            var commands = new System.Collections.Generic.List<string> { "help", "status", "cells", "temps", "faults", "log", "log 12", "config get module.cells" };
            for (int from = 0; from < ConfigSchema.MaxKeys + ConfigSchema.MaxTextKeys; from += 5)
            {
                commands.Add($"config list {from}");
            }

            foreach (string cmd in commands)
            {
                string reply = rig.Run(cmd);
                Assert.StartsWith("0 ", reply);
                Assert.True(reply.Length < CommandProcessor.ReplyCapacity - 8, $"{cmd}: {reply.Length} bytes");
                foreach (string line in reply.Split("\r\n"))
                {
                    Assert.True(line.Length <= 120, $"{cmd}: line of {line.Length} chars: {line}");
                }
            }
        }

        [Fact]
        public void StatusAndCellsShowTheModule()
        {
            var rig = new ConsoleRig();
            rig.FillStatus();
            Assert.Equal(
                "0 discharging SOC 54.3+-3.3% 52.760 V -123.45 A min 3.290#1 max 3.305#16 d 15mV T 21.5..22.2C ok",
                rig.Run("status"));
            Assert.Equal(
                "0 cells mV 3290* 3291 3292 3293 3294 3295 3296 3297 3298 3299 3300 3301 3302 3303 3304 3305*",
                rig.Run("cells"));
            Assert.Equal("0 temps C 21.5 21.6 21.7 21.8 21.9 22.0 22.1 22.2 shunt 22.3 board 22.4", rig.Run("temps"));
            rig.Core.Status.FaultMask = 1 << 3;
            Assert.Equal("0 faults F0008 A0000 W0000 S0000 latched charge_ut", rig.Run("faults"));
        }

        [Fact]
        public void ConfigSetEnforcesTheSchemaRange()
        {
            var rig = new ConsoleRig();
            BmsConfig config = rig.Core.Config;
            Assert.Equal("0 module.cells 12 n (4..16)", rig.Run("config set module.cells 12"));
            Assert.Equal(12, config.Get(ModuleKeys.CellCount));
            int revision = config.Revision;
            Assert.StartsWith("3 out of range", rig.Run("config set module.cells 17"));
            Assert.StartsWith("3 out of range", rig.Run("config set module.cells 3"));
            Assert.StartsWith("2 bad argument", rig.Run("config set module.cells twelve"));
            Assert.StartsWith("2 bad argument", rig.Run("config set no.such.key 1"));
            Assert.StartsWith("2 bad argument", rig.Run("config set module.cells"));
            Assert.Equal(12, config.Get(ModuleKeys.CellCount));
            Assert.Equal(revision, config.Revision);
            Assert.Equal("0 module.cells 12 n (4..16)", rig.Run("CONFIG GET Module.Cells"));
        }

        [Fact]
        public void RemoteChannelIsReadOnlyUntilEnabledLocally()
        {
            var rig = new ConsoleRig();
            Assert.StartsWith("0 ", rig.Run("status", fromRemote: true));
            Assert.StartsWith("4 refused", rig.Run("config set module.cells 12", fromRemote: true));
            Assert.StartsWith("4 refused", rig.Run("balance on", fromRemote: true));
            Assert.StartsWith("4 refused", rig.Run("reboot", fromRemote: true));
            Assert.StartsWith("4 refused", rig.Run("clear", fromRemote: true));
            Assert.StartsWith("4 refused", rig.Run("cal 1 3300", fromRemote: true));
            Assert.StartsWith("4 refused", rig.Run("config save", fromRemote: true));
            Assert.StartsWith("4 refused", rig.Run("remote on", fromRemote: true));
            Assert.False(rig.Core.Commands.RemoteControlEnabled);
            Assert.Equal(2, rig.Core.Config.Get(BalancingKeys.Mode));
            Assert.StartsWith("0 bal.mode 0", rig.Run("balance off"));
            Assert.Equal(0, rig.Core.Config.Get(BalancingKeys.Mode));
            Assert.Equal(16, rig.Core.Config.Get(ModuleKeys.CellCount));

            Assert.StartsWith("0 console.remote 1", rig.Run("remote on"));
            Assert.StartsWith("0 module.cells 12", rig.Run("config set module.cells 12", fromRemote: true));
            Assert.StartsWith("0 bal.mode 2", rig.Run("balance on", fromRemote: true));
            Assert.Equal(2, rig.Core.Config.Get(BalancingKeys.Mode));
            rig.Step();
            Assert.True(rig.Core.Status.BalancingEnabled);

            // remote control can never be switched, on or off, from the remote side
            Assert.StartsWith("4 refused", rig.Run("remote off", fromRemote: true));
            Assert.StartsWith("4 refused", rig.Run("config set console.remote 0", fromRemote: true));
            Assert.True(rig.Core.Commands.RemoteControlEnabled);
            Assert.StartsWith("0 console.remote 0", rig.Run("remote off"));
            Assert.StartsWith("4 refused", rig.Run("balance off", fromRemote: true));
        }

        [Fact]
        public void RebootWaitsOneCommunicationPassForItsReply()
        {
            var rig = new ConsoleRig();
            Assert.Equal("0 rebooting", rig.Run("reboot"));
            Assert.Equal(0, rig.Reset.Reboots);
            rig.Step();
            Assert.Equal(0, rig.Reset.Reboots);
            rig.Step();
            Assert.Equal(1, rig.Reset.Reboots);
            rig.Step();
            Assert.Equal(1, rig.Reset.Reboots);
        }

        [Fact]
        public void GarbageOverlongAndWrongArgumentsGetOneLineErrors()
        {
            var rig = new ConsoleRig();
            Assert.StartsWith("1 unknown command: frobnicate", rig.Run("frobnicate"));
            Assert.StartsWith("6 too long", rig.Run("status " + new string('x', 100)));
            Assert.StartsWith("2 bad argument", rig.Run("status now"));
            Assert.StartsWith("2 bad argument", rig.Run("balance maybe"));
            Assert.StartsWith("2 bad argument", rig.Run("a b c d e f g"));
            Assert.StartsWith("2 bad argument", rig.Run(""));
            Assert.StartsWith("3 out of range", rig.Run("log 99"));
            byte[] binary = { 0x01, 0xFF, 0x80, (byte)'x' };
            rig.Core.Commands.Execute(binary, 0, binary.Length, false);
            Assert.Equal((byte)'2', rig.Core.Commands.Reply[0]);
            foreach (string cmd in new[] { "frobnicate", "status now", new string('z', 200) })
            {
                Assert.DoesNotContain("\n", rig.Run(cmd));
            }
        }

        [Fact]
        public void ModeSwitchesTheSerialOutput()
        {
            var rig = new ConsoleRig();
            Assert.StartsWith("0 serial.mode 1", rig.Run("mode line"));
            Assert.Equal(ConsoleKeys.ModeLine, rig.Core.Config.Get(ConsoleKeys.SerialMode));
            Assert.StartsWith("0 serial.mode 0", rig.Run("mode text"));
            Assert.StartsWith("2 bad argument", rig.Run("mode loud"));
        }

        [Fact]
        public void LogListsEventsWithNames()
        {
            var rig = new ConsoleRig();
            long first = rig.Core.Events.NextSequence; // start-up events (boot, self-test, standby) come first
            rig.Core.Events.Append(61_000, Bms.Events.EventKind.StateChanged, (int)ModuleState.Charging, (int)ModuleState.Standby);
            rig.Run("config set serial.period 1000");
            string reply = rig.Run("log 2");
            string[] lines = reply.Split("\r\n");
            Assert.Equal($"0 log 2 of {first + 2}", lines[0]);
            Assert.Equal($"  #{first} 00:01:01 state charging from standby", lines[1]);
            Assert.StartsWith($"  #{first + 1} ", lines[2]);
            Assert.EndsWith(" config serial.period 1000", lines[2]);
        }
    }
}
