using System;
using System.Reflection;
using System.Text;
using BatteryShift.Bms;
using BatteryShift.Bms.Console;
using BatteryShift.Tests.ConsoleTests;
using Xunit;
using Xunit.Abstractions;

namespace BatteryShift.Tests.Device
{
    /// <summary>
    /// The serial console keeps a text buffer only for its own output (status block, line-mode records, event
    /// lines); command replies go from the command processor's buffer into the ring.
    /// </summary>
    public class ConsoleTextTests
    {
        private readonly ITestOutputHelper _output;

        public ConsoleTextTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public void TheStatusOutputFitsTheConsoleTextWithEveryValueAtItsWidest()
        {
            var status = new ModuleStatus();
            foreach (FieldInfo field in typeof(ModuleStatus).GetFields(BindingFlags.Public | BindingFlags.Instance))
            {
                object? value = field.GetValue(status);
                switch (value)
                {
                    case int[] ints:
                        Array.Fill(ints, int.MinValue);
                        break;
                    case long[] longs:
                        Array.Fill(longs, long.MinValue);
                        break;
                    case float[] floats:
                        Array.Fill(floats, -3.0e38f);
                        break;
                    case int when field.Name != nameof(ModuleStatus.CellCount):
                        field.SetValue(status, int.MinValue);
                        break;
                    case long:
                        field.SetValue(status, long.MinValue);
                        break;
                    case float:
                        field.SetValue(status, -3.0e38f);
                        break;
                    case bool:
                        field.SetValue(status, true);
                        break;
                }
            }

            status.State = ModuleState.Discharging;
            var text = new TextBuffer(SerialConsole.TextCapacity);
            StatusText.AppendRecords(text, status, long.MinValue);
            _output.WriteLine($"records {text.Length} bytes");
            Assert.False(text.Overflowed);
            text.Clear();
            StatusText.AppendBlock(text, status, long.MinValue);
            _output.WriteLine($"block {text.Length} bytes");
            Assert.False(text.Overflowed);
        }

        [Fact]
        public void ALongReplyReachesTheTerminalWholeAfterItsEcho()
        {
            var rig = new ConsoleRig();
            rig.FillStatus();
            rig.Run("mode quiet");
            for (int i = 0; i < 50; i++)
            {
                rig.Step(1000);
            }

            string command = "help";
            foreach (string candidate in new[] { "help", "config list 0", "config list 12", "config list 60", "log 12" })
            {
                if (rig.Run(candidate).Length > rig.Run(command).Length)
                {
                    command = candidate;
                }
            }

            string expected = rig.Run(command);
            Assert.True(expected.Length > 500, $"{command}: {expected.Length} bytes");
            rig.Serial.TakeOutput();
            rig.Serial.Type(command + "\r");
            for (int i = 0; i < 10; i++)
            {
                rig.Step(1000);
            }

            string printed = rig.Serial.TakeOutput();
            Assert.Contains("> " + command + "\r\n" + expected + "\r\n", printed, StringComparison.Ordinal);
            Assert.Equal(0, rig.Core.SerialConsole.DroppedLines);
        }
    }
}
