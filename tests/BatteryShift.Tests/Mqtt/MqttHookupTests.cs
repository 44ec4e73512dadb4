using System;
using BatteryShift.Bms.Config;
using BatteryShift.Harness.Mqtt;
using Xunit;

namespace BatteryShift.Tests.Mqtt
{
    /// <summary>The simulator's --broker option.</summary>
    public sealed class MqttHookupTests
    {
        [Fact]
        public void OffLeavesMqttOff()
        {
            var config = new BmsConfig();
            Assert.Null(MqttHookup.Create("off", config));
            Assert.Equal(string.Empty, config.GetText(CommsKeys.MqttHost));
        }

        [Fact]
        public void HostPortIsWrittenIntoTheConfiguration()
        {
            var config = new BmsConfig();
            using var hookup = MqttHookup.Create("127.0.0.1:18830", config)!;
            Assert.Null(hookup.Broker);
            Assert.Equal("127.0.0.1", config.GetText(CommsKeys.MqttHost));
            Assert.Equal(18830, config.Get(CommsKeys.MqttPort));
        }

        [Theory]
        [InlineData("nohost")]
        [InlineData("host:")]
        [InlineData("host:70000")]
        [InlineData(":1883")]
        public void BadOptionsAreRejected(string option)
        {
            Assert.Throws<ArgumentException>(() => MqttHookup.Create(option, new BmsConfig()));
        }

        [Fact]
        public void InprocStartsALoopbackBroker()
        {
            var config = new BmsConfig();
            using var hookup = MqttHookup.Create("inproc", config)!;
            Assert.True(hookup.Broker!.IsRunning);
            Assert.Equal(hookup.Broker.Port, config.Get(CommsKeys.MqttPort));
            using var probe = MqttProbe.Connect(hookup.Host, hookup.Port, "#", "probe-hookup");
        }
    }
}
