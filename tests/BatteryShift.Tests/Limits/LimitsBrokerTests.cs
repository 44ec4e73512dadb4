using BatteryShift.Tests.Mqtt;
using Xunit;

namespace BatteryShift.Tests.Limits
{
    /// <summary>The limits scenarios on the in-process MQTTnet broker and on Debian's mosquitto (each test its own broker).</summary>
    public sealed class LimitsBrokerTests
    {
        [Fact]
        public void InProcessPeriodicAtOnceRetainedAndOnReconnect() => LimitsBrokerScenarios.PeriodicAtOnceRetainedAndOnReconnect(TestBroker.InProcess);

        [MosquittoFact]
        public void MosquittoPeriodicAtOnceRetainedAndOnReconnect() => LimitsBrokerScenarios.PeriodicAtOnceRetainedAndOnReconnect(TestBroker.Mosquitto);

        [Fact]
        public void InProcessPeriodIsTheSetting() => LimitsBrokerScenarios.PeriodIsTheSetting(TestBroker.InProcess);

        [MosquittoFact]
        public void MosquittoPeriodIsTheSetting() => LimitsBrokerScenarios.PeriodIsTheSetting(TestBroker.Mosquitto);
    }
}
