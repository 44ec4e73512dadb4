using System.Text;
using BatteryShift.Bms;
using BatteryShift.Bms.Config;
using BatteryShift.Hal.Simulation;
using BatteryShift.Harness;
using Xunit;

namespace BatteryShift.Tests.Limits
{
    /// <summary>mqtt.limits.period on the console: its range, and bad input refused with the reason, changing nothing.</summary>
    public sealed class LimitsPeriodSettingTests
    {
        private static string Run(VirtualModuleRunner runner, string command)
        {
            byte[] line = Encoding.ASCII.GetBytes(command);
            runner.Core.Commands.Execute(line, 0, line.Length, false);
            return Encoding.ASCII.GetString(runner.Core.Commands.Reply, 0, runner.Core.Commands.ReplyLength);
        }

        [Fact]
        public void OutOfRangeOrNotANumberIsRefusedAndChangesNothing()
        {
            var runner = new VirtualModuleRunner(new SimulationOptions());
            runner.RunSeconds(1);
            Assert.Equal(1000, runner.Core.Config.Get(CommsKeys.MqttLimitsPeriodMs));
            foreach (string bad in new[] { "199", "2501", "0", "-1000", "fast", "1000ms" })
            {
                string reply = Run(runner, "config set mqtt.limits.period " + bad);
                Assert.False(reply.StartsWith("0 ", System.StringComparison.Ordinal), reply);
                Assert.Equal(1000, runner.Core.Config.Get(CommsKeys.MqttLimitsPeriodMs));
            }

            Assert.Contains("200..2500", Run(runner, "config set mqtt.limits.period 2501"));
            Assert.StartsWith("0 mqtt.limits.period 2500", Run(runner, "config set mqtt.limits.period 2500"));
            Assert.Equal(2500, runner.Core.Config.Get(CommsKeys.MqttLimitsPeriodMs));
            Assert.Equal(ResultCode.OutOfRange, runner.Core.Config.TrySet(CommsKeys.MqttLimitsPeriodMs, 60000));
            Assert.Equal(2500, runner.Core.Config.Get(CommsKeys.MqttLimitsPeriodMs));
        }
    }
}
