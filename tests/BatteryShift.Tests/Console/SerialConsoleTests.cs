using System;
using System.Linq;
using BatteryShift.Bms;
using BatteryShift.Bms.Config;
using BatteryShift.Bms.Console;
using BatteryShift.Bms.Events;
using Xunit;

namespace BatteryShift.Tests.ConsoleTests
{
    public class SerialConsoleTests
    {
        private static string[] Lines(string output) =>
            output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        [Fact]
        public void TypedCommandIsEchoedAndAnswered()
        {
            var rig = new ConsoleRig();
            rig.Core.Config.TrySet(ConsoleKeys.SerialMode, ConsoleKeys.ModeQuiet);
            rig.Step();
            rig.Serial.TakeOutput();
            rig.FillStatus();
            rig.Serial.Type("stat");
            rig.Step();
            rig.Serial.Type("us\r\nfaults\nxx\bx\b\b\r\n");
            rig.Step();
            string[] lines = Lines(rig.Serial.TakeOutput());
            Assert.Equal(
                new[] { "> status", "0 discharging SOC 54.3+-3.3% 52.760 V -123.45 A min 3.290#1 max 3.305#16 d 15mV T 21.5..22.2C ok", "> faults", "0 faults ok" },
                lines);
        }

        [Fact]
        public void OverlongTypedLineIsRejectedWhole()
        {
            var rig = new ConsoleRig();
            rig.Core.Config.TrySet(ConsoleKeys.SerialMode, ConsoleKeys.ModeQuiet);
            rig.Step();
            rig.Serial.TakeOutput();
            rig.Serial.Type("remote on " + new string(' ', 100) + "x\r\n");
            rig.Step();
            Assert.Equal(new[] { "6 too long: line longer than 96 characters, ignored" }, Lines(rig.Serial.TakeOutput()));
            Assert.False(rig.Core.Commands.RemoteControlEnabled);
        }

        [Fact]
        public void StatusBlockEveryPeriodWithinEightyColumns()
        {
            var rig = new ConsoleRig();
            rig.FillStatus();
            for (int i = 0; i < 100; i++)
            {
                rig.Step(200); // 20 s at the default 5 s period
            }

            string[] lines = Lines(rig.Serial.TakeOutput());
            Assert.StartsWith("BatteryShift BMU-16 serial monitor", lines[0]);
            Assert.Equal(4, lines.Count(l => l.StartsWith("-- ", StringComparison.Ordinal)));
            Assert.All(lines, l => Assert.True(l.Length <= 80, $"{l.Length}: {l}"));
            Assert.Contains("-- 00:00:05 discharging  SOC 54.3 % +-3.3  52.760 V  -123.45 A  FET chg+dsg", lines);
            Assert.Contains("   cell min 3.290 V #1  max 3.305 V #16  delta 15 mV", lines);
            Assert.Contains("   bleed 1 16  alarms ok", lines);
        }

        [Fact]
        public void WorstCaseLinesStayWithin120Characters()
        {
            var rig = new ConsoleRig();
            rig.FillStatus();
            ModuleStatus s = rig.Core.Status;
            s.TimeMs = 999L * 86400 * 1000;
            s.BleedMask = 0xFFFF;
            s.FaultMask = s.AlarmMask = s.WarningMask = s.SensorFaultMask = 0x7FFFFFFF;
            s.PackCurrentMa = -300000;
            s.ModuleVoltageMv = 64000;
            s.SocPct = 100f;
            s.SocUncertaintyPct = 100f;
            for (int i = 0; i < 16; i++)
            {
                s.CellVoltageMv[i] = -3999;
                s.CellSocPct[i] = 100f;
            }

            for (int i = 0; i < 10; i++)
            {
                s.TemperatureDeciC[i] = -400;
            }

            var text = new TextBuffer(4096);
            StatusText.AppendBlock(text, s, 123456);
            StatusText.AppendRecords(text, s, 123456);
            rig.Core.Events.Append(s.TimeMs, EventKind.SensorFault, 12345, -123456789);
            StatusText.AppendEvent(text, rig.Core.Events, 0, true);
            StatusText.AppendEvent(text, rig.Core.Events, 0, false);
            foreach (string line in Lines(System.Text.Encoding.ASCII.GetString(text.Bytes, 0, text.Length)))
            {
                Assert.True(line.Length <= StatusText.MaxLineLength, $"{line.Length}: {line}");
            }

            // an unknown uncertainty reads as the largest, never as a garbage integer
            s.SocUncertaintyPct = float.NaN;
            text.Clear();
            StatusText.AppendRecords(text, s, 123456);
            string state = System.Text.Encoding.ASCII.GetString(text.Bytes, 0, text.Length).Split("\r\n")[0];
            Assert.EndsWith(",999", state[..state.LastIndexOf('*')], StringComparison.Ordinal);
            Assert.True(state.Length <= StatusText.MaxLineLength, state);

            Assert.False(text.Overflowed);
        }

        [Fact]
        public void LineModeRecordsCarryTheStatusWithChecksums()
        {
            var rig = new ConsoleRig();
            rig.FillStatus();
            rig.Core.Config.TrySet(ConsoleKeys.SerialMode, ConsoleKeys.ModeLine);
            rig.Step();
            string[] records = Lines(rig.Serial.TakeOutput()).Where(l => l.StartsWith('$')).ToArray();
            Assert.Equal(new[] { "$S", "$L", "$C", "$P", "$T" }, records.Select(r => r[..2]).ToArray());
            foreach (string r in records)
            {
                int star = r.LastIndexOf('*');
                int sum = 0;
                foreach (char ch in r[1..star])
                {
                    sum ^= ch;
                }

                Assert.Equal(sum.ToString("X2", System.Globalization.CultureInfo.InvariantCulture), r[(star + 1)..]);
            }

            string[] c = records[2][..records[2].LastIndexOf('*')].Split(',');
            Assert.Equal("16", c[2]);
            Assert.Equal(Enumerable.Range(0, 16).Select(i => (3290 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)), c.Skip(3));
            string[] st = records[0][..records[0].LastIndexOf('*')].Split(',');
            Assert.Equal(new[] { "discharging", "1", "543", "52760", "-123456", "3290", "1", "3305", "16", "215", "222", "8001", "3" }, st.Skip(2).Take(13));

            // the SOC's uncertainty in 0.1 % comes last, after the four masks, so the older fields keep their places
            Assert.Equal(20, st.Length);
            Assert.Equal("33", st[19]);
        }

        [Fact]
        public void EventsPrintOnceAsTheyHappen()
        {
            var rig = new ConsoleRig();
            rig.Core.Config.TrySet(ConsoleKeys.SerialPeriodMs, 3600000);
            rig.Step();
            rig.Serial.TakeOutput();
            rig.Core.Events.Append(rig.Clock.NowMs, EventKind.StateChanged, (int)ModuleState.Charging, (int)ModuleState.Standby);
            rig.Step();
            rig.Step();
            Assert.Equal(new[] { "** 00:00:00 state charging from standby" }, Lines(rig.Serial.TakeOutput()));
            for (int i = 0; i < 100; i++)
            {
                rig.Core.Events.Append(rig.Clock.NowMs, EventKind.WarningRaised, 1, i);
            }

            for (int i = 0; i < 10; i++)
            {
                rig.Step();
            }

            string[] lines = Lines(rig.Serial.TakeOutput());
            Assert.Equal("** 36 events overwritten before they were printed", lines[0]);
            Assert.Equal(65, lines.Length);
            Assert.Equal("** 00:00:00 warning cell_uv 99", lines[^1]);
        }

        [Fact]
        public void FloodIsDroppedAndCountedNotBuffered()
        {
            var rig = new ConsoleRig();
            rig.Step();
            rig.Serial.TakeOutput();
            long before = rig.Serial.BytesWritten;
            for (int i = 0; i < 40; i++)
            {
                rig.Serial.Type("help\r\n");
            }

            rig.Clock.NowMs += 1; // one millisecond of line time: about 11 bytes may go out
            rig.Core.Communicate();
            SerialConsole console = rig.Core.SerialConsole;
            Assert.True(console.DroppedLines > 0);
            Assert.True(console.PendingBytes <= SerialConsole.OutputCapacity);
            Assert.True(rig.Serial.BytesWritten - before <= SerialConsole.OutputCapacity);

            // the loss is reported in the next status block
            for (int i = 0; i < 30; i++)
            {
                rig.Step();
            }

            Assert.Contains(Lines(rig.Serial.TakeOutput()), l => l.Contains($"lost {console.DroppedLines}", StringComparison.Ordinal));
        }

        [Fact]
        public void CommunicationAllocatesNothingInSteadyState()
        {
            var rig = new ConsoleRig();
            rig.FillStatus();
            rig.Serial.Discard = true;
            rig.Core.Config.TrySet(ConsoleKeys.SerialPeriodMs, 200);
            foreach (int mode in new[] { ConsoleKeys.ModeText, ConsoleKeys.ModeLine })
            {
                rig.Core.Config.TrySet(ConsoleKeys.SerialMode, mode);
                for (int i = 0; i < 20; i++)
                {
                    rig.Step();
                }

                rig.Serial.Type("status\r\ncells\r\nlog\r\nfaults\r\n");
                for (int i = 0; i < 50; i++)
                {
                    rig.Core.Events.Append(rig.Clock.NowMs, EventKind.AlarmRaised, 2, i);
                }

                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 100; i++)
                {
                    rig.Step();
                }

                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.Equal(0, allocated);
            }
        }
    }
}
