using Xunit;

namespace BatteryShift.Tests.Mqtt
{
    /// <summary>The client-id scenarios against an MQTTnet broker inside the test process.</summary>
    public sealed class InProcessClientIdTests
    {
        [Fact]
        public void TwinsOnOneClientIdStopFighting() => ClientIdScenarios.TwinsOnOneClientIdStopFighting(TestBroker.InProcess);

        [Fact]
        public void OwnClientIdsShareTheBroker() => ClientIdScenarios.OwnClientIdsShareTheBroker(TestBroker.InProcess);
    }
}
