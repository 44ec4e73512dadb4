using System;
using System.Collections.Generic;
using System.Text;
using BatteryShift.Bms;
using BatteryShift.Bms.Config;
using Xunit;

namespace BatteryShift.Tests.ConsoleTests
{
    public class ConsoleFuzzTests
    {
        private static readonly string[] Words =
        {
            "help", "status", "cells", "temps", "faults", "clear", "log", "config", "get", "set", "save", "list",
            "cal", "balance", "on", "off", "remote", "reboot", "mode", "line", "text", "quiet", "module.cells",
            "console.remote", "serial.mode", "serial.period", "-1", "0", "1", "99999999999", "3.3", "",
        };

        [Fact]
        public void TenThousandRandomLinesChangeNothingAndCrashNothing()
        {
            var rig = new ConsoleRig();
            rig.FillStatus();

            // through the self-test first: its end is an event of its own, not one a command caused
            for (int i = 0; i < Safety.FakeBoard.BootTicks; i++)
            {
                rig.Step();
            }

            string before = Snapshot(rig);
            var random = new Random(8);
            var replies = new HashSet<char>();
            for (int n = 0; n < 10_000; n++)
            {
                byte[] line = RandomLine(random, n % 3);

                // half go in as typed characters on the serial console, half as remote payloads
                if (n % 2 == 0)
                {
                    rig.Serial.TypeBytes(line);
                    rig.Serial.Type("\r\n");
                    rig.Step(1);
                }
                else
                {
                    int code = rig.Core.Commands.Execute(line, 0, line.Length, fromRemote: true);
                    Assert.InRange(code, 0, 9);
                    Assert.Equal((byte)('0' + code), rig.Core.Commands.Reply[0]);
                    replies.Add((char)rig.Core.Commands.Reply[0]);
                }

                rig.Serial.TakeOutput();
            }

            Assert.Equal(before, Snapshot(rig));
            Assert.Equal(0, rig.Reset.Reboots);
            Assert.Contains('1', replies);
            Assert.Contains('2', replies);
        }

        /// <summary>Everything a command could change: every setting, the flags, the event log, reboots.</summary>
        private static string Snapshot(ConsoleRig rig)
        {
            var sb = new StringBuilder();
            BmsConfig config = rig.Core.Config;
            for (int k = 0; k < ConfigSchema.MaxKeys; k++)
            {
                sb.Append(config.Get(k)).Append(',');
            }

            for (int k = 0; k < ConfigSchema.MaxTextKeys; k++)
            {
                sb.Append(config.GetText(k)).Append(',');
            }

            sb.Append(config.Revision).Append(';');
            sb.Append(rig.Core.Status.BalancingEnabled).Append(';');
            sb.Append(rig.Core.Status.FaultMask).Append(';');
            sb.Append(rig.Core.Events.NextSequence).Append(';');
            sb.Append(rig.Core.Commands.RebootPending).Append(';');
            return sb.ToString();
        }

        private static byte[] RandomLine(Random random, int flavour)
        {
            switch (flavour)
            {
                case 0:
                    {
                        // any bytes except line ends, up to twice the line limit
                        var bytes = new byte[random.Next(0, 200)];
                        random.NextBytes(bytes);
                        for (int i = 0; i < bytes.Length; i++)
                        {
                            if (bytes[i] == '\r' || bytes[i] == '\n')
                            {
                                bytes[i] = (byte)'#';
                            }
                        }

                        return bytes;
                    }

                case 1:
                    {
                        var chars = new char[random.Next(1, 120)];
                        for (int i = 0; i < chars.Length; i++)
                        {
                            chars[i] = (char)random.Next(0x20, 0x7F);
                        }

                        return Encoding.ASCII.GetBytes(chars);
                    }

                default:
                    {
                        // command words in a wrong order or with a wrong argument: a state-changing
                        // command always gets a malformed value so that it must be refused
                        var sb = new StringBuilder();
                        int count = random.Next(1, 8);
                        for (int i = 0; i < count; i++)
                        {
                            sb.Append(Words[random.Next(Words.Length)]);
                            sb.Append(random.Next(4) == 0 ? "x" : string.Empty);
                            sb.Append(random.Next(5) == 0 ? "\t" : " ");
                        }

                        string s = sb.ToString();
                        return Encoding.ASCII.GetBytes(IsValidStateChange(s) ? s + " !" : s);
                    }
            }
        }

        /// <summary>True for the few word sequences that are real state-changing commands.</summary>
        private static bool IsValidStateChange(string line)
        {
            string[] w = line.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
            if (w.Length == 0)
            {
                return false;
            }

            string a = w[0].ToLowerInvariant();
            return a is "clear" or "reboot" or "balance" or "remote" or "mode" or "cal" or "config";
        }
    }
}
