using Xunit;

namespace BatteryShift.Tests.Mqtt
{
    /// <summary>The broker scenarios against an MQTTnet broker inside the test process.</summary>
    public sealed class InProcessBrokerTests
    {
        [Fact]
        public void PayloadsMatchSchemaAndValues() => BrokerScenarios.PayloadsMatchSchemaAndValues(TestBroker.InProcess);

        [Fact]
        public void LastWillWhenClientDies() => BrokerScenarios.LastWillWhenClientDies(TestBroker.InProcess);

        [Fact]
        public void BufferedTelemetryDeliveredInOrderAfterRestart() => BrokerScenarios.BufferedTelemetryDeliveredInOrderAfterRestart(TestBroker.InProcess);

        [Fact]
        public void OverflowIsCountedAndReported() => BrokerScenarios.OverflowIsCountedAndReported(TestBroker.InProcess);

        [Fact]
        public void CommandsRefusedWhenRemoteControlOff() => BrokerScenarios.CommandsRefusedWhenRemoteControlOff(TestBroker.InProcess);

        [Fact]
        public void TenThousandMalformedCommandsAnsweredWithErrors() => BrokerScenarios.MalformedCommandsAnsweredWithErrors(TestBroker.InProcess, 10000);
    }
}
