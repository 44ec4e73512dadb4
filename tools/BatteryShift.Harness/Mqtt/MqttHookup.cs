using System;
using System.Globalization;
using BatteryShift.Bms.Config;

namespace BatteryShift.Harness.Mqtt
{
    /// <summary>
    /// Connects a simulated module to a broker the way the simulator's <c>--broker</c> option describes it:
    /// <c>inproc</c> starts an in-process MQTTnet broker on a free loopback port, <c>host:port</c> uses an
    /// existing broker, <c>off</c> leaves MQTT off. Writes the broker into the boot configuration
    /// (<c>mqtt.host</c>, <c>mqtt.port</c>) and provides the session to plug into the virtual module.
    /// </summary>
    public sealed class MqttHookup : IDisposable
    {
        private MqttHookup(string host, int port, InProcessMqttBroker? broker)
        {
            Host = host;
            Port = port;
            Broker = broker;
            Session = new MqttNetSession();
        }

        /// <summary>Broker host.</summary>
        public string Host { get; }

        /// <summary>Broker port.</summary>
        public int Port { get; }

        /// <summary>The in-process broker, when one was started.</summary>
        public InProcessMqttBroker? Broker { get; }

        /// <summary>The session to plug into the module (<see cref="VirtualModuleRunner.UseMqttSession"/>).</summary>
        public MqttNetSession Session { get; }

        /// <summary>
        /// Parses the broker option, starts a broker when asked and writes host and port into the configuration.
        /// </summary>
        /// <param name="broker"><c>inproc</c>, <c>off</c> or <c>host:port</c>.</param>
        /// <param name="config">Boot configuration of the module.</param>
        /// <returns>The hookup, or null for <c>off</c>.</returns>
        /// <exception cref="ArgumentException">When the option is neither of the three forms.</exception>
        public static MqttHookup? Create(string broker, BmsConfig config)
        {
            ArgumentNullException.ThrowIfNull(broker);
            ArgumentNullException.ThrowIfNull(config);
            if (broker.Equals("off", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            MqttHookup hookup;
            if (broker.Equals("inproc", StringComparison.OrdinalIgnoreCase))
            {
                var server = InProcessMqttBroker.Start();
                hookup = new MqttHookup(InProcessMqttBroker.Host, server.Port, server);
            }
            else
            {
                int colon = broker.LastIndexOf(':');
                if (colon <= 0 || !int.TryParse(broker.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port < 1 || port > 65535)
                {
                    throw new ArgumentException("broker must be inproc, off or host:port", nameof(broker));
                }

                hookup = new MqttHookup(broker.Substring(0, colon).Trim('[', ']'), port, null);
            }

            if (config.TrySetText(CommsKeys.MqttHost, hookup.Host) != Bms.ResultCode.Ok || config.TrySet(CommsKeys.MqttPort, hookup.Port) != Bms.ResultCode.Ok)
            {
                hookup.Dispose();
                throw new ArgumentException("broker host or port not accepted by the configuration", nameof(broker));
            }

            return hookup;
        }

        /// <summary>Plugs the session into a runner's module.</summary>
        /// <param name="runner">The runner.</param>
        public void Attach(VirtualModuleRunner runner)
        {
            ArgumentNullException.ThrowIfNull(runner);
            runner.UseMqttSession(Session);
        }

        /// <inheritdoc />
        public void Dispose()
        {
            Session.Dispose();
            Broker?.Dispose();
        }
    }
}
