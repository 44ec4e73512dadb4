namespace BatteryShift.Tests.Mqtt
{
    /// <summary>
    /// The broker scenarios against Debian's mosquitto, started by each test as its own process on a free
    /// loopback port with a temporary configuration, and killed at the end.
    /// </summary>
    public sealed class MosquittoBrokerTests
    {
        [MosquittoFact]
        public void PayloadsMatchSchemaAndValues() => BrokerScenarios.PayloadsMatchSchemaAndValues(TestBroker.Mosquitto);

        [MosquittoFact]
        public void LastWillWhenClientDies() => BrokerScenarios.LastWillWhenClientDies(TestBroker.Mosquitto);

        [MosquittoFact]
        public void BufferedTelemetryDeliveredInOrderAfterRestart() => BrokerScenarios.BufferedTelemetryDeliveredInOrderAfterRestart(TestBroker.Mosquitto);

        [MosquittoFact]
        public void OverflowIsCountedAndReported() => BrokerScenarios.OverflowIsCountedAndReported(TestBroker.Mosquitto);

        [MosquittoFact]
        public void CommandsRefusedWhenRemoteControlOff() => BrokerScenarios.CommandsRefusedWhenRemoteControlOff(TestBroker.Mosquitto);

        [MosquittoFact]
        public void TenThousandMalformedCommandsAnsweredWithErrors() => BrokerScenarios.MalformedCommandsAnsweredWithErrors(TestBroker.Mosquitto, 10000);
    }
}
