using System;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using MQTTnet.Server;

namespace BatteryShift.Harness.Mqtt
{
    /// <summary>
    /// An MQTTnet broker inside this process, listening on a free port of 127.0.0.1 only: the simulator's
    /// default broker and the tests' first broker. <see cref="Restart"/> stops it and starts a new one on
    /// the same port (retained messages are lost, as with a broker without persistence).
    /// </summary>
    public sealed class InProcessMqttBroker : IDisposable
    {
        private MqttServer? _server;

        private InProcessMqttBroker(int port)
        {
            Port = port;
        }

        /// <summary>Loopback port the broker listens on.</summary>
        public int Port { get; }

        /// <summary>Host to connect to.</summary>
        public static string Host => "127.0.0.1";

        /// <summary>True while listening.</summary>
        public bool IsRunning => _server?.IsStarted ?? false;

        /// <summary>
        /// Starts a broker.
        /// </summary>
        /// <param name="port">Port, or 0 for a free one.</param>
        /// <returns>The running broker.</returns>
        public static InProcessMqttBroker Start(int port = 0)
        {
            var broker = new InProcessMqttBroker(port == 0 ? FreeLoopbackPort() : port);
            broker.StartServer();
            return broker;
        }

        /// <summary>
        /// A TCP port of 127.0.0.1 that was free a moment ago.
        /// </summary>
        /// <returns>The port.</returns>
        public static int FreeLoopbackPort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        /// <summary>Stops listening and drops every client.</summary>
        public void Stop()
        {
            MqttServer? server = _server;
            _server = null;
            if (server != null)
            {
                server.StopAsync(new MqttServerStopOptions()).GetAwaiter().GetResult();
                server.Dispose();
            }
        }

        /// <summary>Stops if running, then listens again on the same port.</summary>
        public void Restart()
        {
            Stop();
            StartServer();
        }

        /// <inheritdoc />
        public void Dispose()
        {
            Stop();
        }

        private void StartServer()
        {
            var options = new MqttServerOptionsBuilder()
                .WithDefaultEndpoint()
                .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
                .WithDefaultEndpointPort(Port)
                .Build();
            var server = new MqttServerFactory().CreateMqttServer(options);
            Exception? last = null;
            for (int attempt = 0; attempt < 50; attempt++)
            {
                try
                {
                    server.StartAsync().GetAwaiter().GetResult();
                    _server = server;
                    return;
                }
                catch (SocketException e)
                {
                    // the port may still be held by the previous listener for a moment
                    last = e;
                    Task.Delay(100).GetAwaiter().GetResult();
                }
            }

            server.Dispose();
            throw new InvalidOperationException("in-process broker could not listen on port " + Port, last);
        }
    }
}
