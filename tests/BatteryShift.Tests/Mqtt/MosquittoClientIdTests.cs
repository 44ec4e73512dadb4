namespace BatteryShift.Tests.Mqtt
{
    /// <summary>The client-id scenarios against Debian's mosquitto.</summary>
    public sealed class MosquittoClientIdTests
    {
        [MosquittoFact]
        public void TwinsOnOneClientIdStopFighting() => ClientIdScenarios.TwinsOnOneClientIdStopFighting(TestBroker.Mosquitto);

        [MosquittoFact]
        public void OwnClientIdsShareTheBroker() => ClientIdScenarios.OwnClientIdsShareTheBroker(TestBroker.Mosquitto);
    }
}
