using System;
using System.Collections.Generic;
using System.Linq;
using BatteryShift.Bms.Config;
using BatteryShift.Differential.Scenario;
using Xunit;

namespace BatteryShift.Tests.Interpreter
{
    /// <summary>
    /// The differential scenario on the desktop CLR (runs everywhere, CI included): it covers what the interpreter
    /// comparison must see (boot, an over-voltage fault and its release, a sensor fault, a calibration, a
    /// configuration saved and reloaded by a reboot, MQTT output, flash writes), and the pinned behaviours hold.
    /// </summary>
    public class ScenarioCoverageTests
    {
        private static readonly Lazy<List<string>> s_trace = new(InterpreterRuns.DesktopTrace);

        private static List<string> Trace => s_trace.Value;

        private static IEnumerable<string[]> Ticks => Trace.Where(l => l.StartsWith("T ", StringComparison.Ordinal)).Select(l => l.Split(' '));

        [Fact]
        public void ScenarioRunsTenThousandTicksWithoutAnException()
        {
            Assert.True(Ticks.Count(t => t[1] != "-1") >= 10000);
            Assert.DoesNotContain(Trace, l => l.StartsWith("X ", StringComparison.Ordinal));
        }

        [Fact]
        public void OverVoltageTripsOpensBothFetsAndReleasesAfterClear()
        {
            // T tick state fets bleed min max module current tmin tmax soc remaining warn alarm fault sensor ...
            var tripped = Ticks.Where(t => int.Parse(t[1]) is >= 2500 and < 2750).ToList();
            Assert.Contains(tripped, t => t[2] == "fault");
            // a cell over-voltage fault opens the charge FET (bit 0); the discharge FET may stay closed to bring it down
            Assert.All(tripped.Where(t => t[2] == "fault"), t => Assert.Equal(0, int.Parse(t[3]) & 1));
            Assert.Contains(Trace, l => l.StartsWith("S ", StringComparison.Ordinal) && l.Contains("fault cell_ov", StringComparison.Ordinal));
            var released = Ticks.Where(t => int.Parse(t[1]) is >= 2760 and < 2800).ToList();
            Assert.All(released, t => Assert.NotEqual("fault", t[2]));
            Assert.Contains(released, t => (int.Parse(t[3]) & 1) == 1);
        }

        [Fact]
        public void OpenNtcIsASensorFaultThatClears()
        {
            Assert.Contains(Ticks, t => int.Parse(t[1]) is >= 4000 and < 4300 && Convert.ToInt32(t[16], 16) != 0);
            Assert.All(Ticks.Where(t => int.Parse(t[1]) is >= 4400 and < 4450), t => Assert.Equal(0, Convert.ToInt32(t[16], 16)));
        }

        [Fact]
        public void CalibrationConfigSaveAndReloadHappen()
        {
            string serial = string.Join(string.Empty, Trace.Where(l => l.StartsWith("S ", StringComparison.Ordinal)));
            Assert.Contains("> cal 1 3312\\x0D\\x0A0 cal cell 1 point stored", serial, StringComparison.Ordinal);
            Assert.Contains("> cal 1 3112\\x0D\\x0A0 cal cell 1 point stored", serial, StringComparison.Ordinal);
            Assert.Contains("> config save\\x0D\\x0A0 configuration and calibration stored", serial, StringComparison.Ordinal);

            // the trip point past the chemistry's envelope is refused
            Assert.Contains("> config set prot.cell_ov.fault 3950\\x0D\\x0A3 ", serial, StringComparison.Ordinal);

            // after the reboot the saved period is in force
            int reboot = Trace.FindIndex(l => l.Contains("> reboot", StringComparison.Ordinal));
            Assert.True(reboot > 0);
            string afterReboot = string.Join(string.Empty, Trace.Skip(reboot).Where(l => l.StartsWith("S ", StringComparison.Ordinal)));
            Assert.Contains("> config get serial.period\\x0D\\x0A0 serial.period 2000", afterReboot, StringComparison.Ordinal);
            Assert.Contains(Trace, l => l.StartsWith("B config ", StringComparison.Ordinal));
            Assert.Contains(Trace, l => l.StartsWith("B cal", StringComparison.Ordinal));
        }

        [Fact]
        public void MqttStageOutputIsTraced()
        {
            var messages = Trace.Where(l => l.StartsWith("M ", StringComparison.Ordinal)).ToList();
            Assert.True(messages.Count > 1000, messages.Count + " messages");
            Assert.Contains(messages, l => l.StartsWith("M batteryshift/module1/state 0 {", StringComparison.Ordinal));

            // the module id set and saved before the reboot names the topics after it
            Assert.Contains(messages, l => l.StartsWith("M batteryshift/bms-07/state 0 {", StringComparison.Ordinal));
            Assert.Contains(messages, l => l.StartsWith("M batteryshift/bms-07/reply ", StringComparison.Ordinal));
        }

        [Fact]
        public void UndefinedTextKeysAreNotDefined()
        {
            // pinned: on nanoFramework's interpreter unset string-array elements compared unequal to null, and every
            // text-key slot counted as defined; the trace's first line carries this on both runtimes
            new BmsConfig();
            string expected = "P text";
            for (int key = 0; key < ConfigSchema.MaxTextKeys; key++)
            {
                expected += ConfigSchema.IsTextDefined(key) ? " 1" : " 0";
            }

            Assert.Equal(expected + " batteryshift", Trace[0]);
            Assert.Contains(" 0", expected, StringComparison.Ordinal);
            Assert.False(ConfigSchema.IsTextDefined(ConfigSchema.MaxTextKeys - 1));
        }
    }
}
