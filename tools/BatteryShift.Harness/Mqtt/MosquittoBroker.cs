using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace BatteryShift.Harness.Mqtt
{
    /// <summary>
    /// A private mosquitto process on a free port of 127.0.0.1, with a temporary configuration (anonymous,
    /// no persistence, generous queues), for tests and benchmarks. Killed on <see cref="Dispose"/>.
    /// </summary>
    public sealed class MosquittoBroker : IDisposable
    {
        private readonly string _directory;
        private readonly string _configPath;
        private Process? _process;

        private MosquittoBroker(string binary, int port)
        {
            Binary = binary;
            Port = port;
            _directory = Directory.CreateTempSubdirectory("batteryshift-mosquitto-").FullName;
            _configPath = Path.Combine(_directory, "mosquitto.conf");
            File.WriteAllText(
                _configPath,
                "listener " + port + " 127.0.0.1\n" +
                "allow_anonymous true\n" +
                "persistence false\n" +
                "max_queued_messages 200000\n" +
                "max_inflight_messages 0\n" +
                "max_keepalive 600\n" +
                "log_dest stderr\n" +
                "log_type error\n");
        }

        /// <summary>Path of the mosquitto binary.</summary>
        public string Binary { get; }

        /// <summary>Loopback port.</summary>
        public int Port { get; }

        /// <summary>Host to connect to.</summary>
        public static string Host => "127.0.0.1";

        /// <summary>True while the process runs.</summary>
        public bool IsRunning => _process != null && !_process.HasExited;

        /// <summary>
        /// Finds the mosquitto binary (/usr/sbin, /usr/bin, /usr/local/sbin, or PATH).
        /// </summary>
        /// <returns>Its path, or null when absent.</returns>
        public static string? FindBinary()
        {
            foreach (string candidate in new[] { "/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto", "/usr/local/bin/mosquitto" })
            {
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':'))
            {
                if (dir.Length > 0 && File.Exists(Path.Combine(dir, "mosquitto")))
                {
                    return Path.Combine(dir, "mosquitto");
                }
            }

            return null;
        }

        /// <summary>
        /// Starts mosquitto and waits until it accepts connections.
        /// </summary>
        /// <param name="binary">Path of the binary (see <see cref="FindBinary"/>).</param>
        /// <param name="port">Port, or 0 for a free one.</param>
        /// <returns>The running broker.</returns>
        public static MosquittoBroker Start(string binary, int port = 0)
        {
            var broker = new MosquittoBroker(binary, port == 0 ? InProcessMqttBroker.FreeLoopbackPort() : port);
            try
            {
                broker.Launch();
            }
            catch
            {
                broker.Dispose();
                throw;
            }

            return broker;
        }

        /// <summary>Kills the process (clients see the connection drop).</summary>
        public void Stop()
        {
            Process? process = _process;
            _process = null;
            if (process == null)
            {
                return;
            }

            try
            {
                if (!process.HasExited)
                {
                    process.Kill();
                    process.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
                // already gone
            }

            process.Dispose();
        }

        /// <summary>Kills and starts again on the same port.</summary>
        public void Restart()
        {
            Stop();
            Launch();
        }

        /// <inheritdoc />
        public void Dispose()
        {
            Stop();
            try
            {
                Directory.Delete(_directory, true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        private void Launch()
        {
            for (int attempt = 0; attempt < 3; attempt++)
            {
                var info = new ProcessStartInfo("/bin/sh")
                {
                    RedirectStandardError = true,
                    RedirectStandardOutput = true,
                    UseShellExecute = false,
                };

                // a fleet needs more than the usual 1024 descriptors: raise the soft limit to the hard one
                info.ArgumentList.Add("-c");
                info.ArgumentList.Add("ulimit -n $(ulimit -Hn) 2>/dev/null; exec \"$0\" -c \"$1\"");
                info.ArgumentList.Add(Binary);
                info.ArgumentList.Add(_configPath);
                var process = Process.Start(info) ?? throw new InvalidOperationException("mosquitto did not start");
                process.ErrorDataReceived += (_, _) => { };
                process.OutputDataReceived += (_, _) => { };
                process.BeginErrorReadLine();
                process.BeginOutputReadLine();
                _process = process;
                if (WaitListening(TimeSpan.FromSeconds(5)))
                {
                    return;
                }

                Stop();
                Thread.Sleep(200);
            }

            throw new InvalidOperationException("mosquitto did not listen on port " + Port);
        }

        private bool WaitListening(TimeSpan timeout)
        {
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < timeout)
            {
                if (_process == null || _process.HasExited)
                {
                    return false;
                }

                try
                {
                    using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    socket.Connect(IPAddress.Loopback, Port);
                    return true;
                }
                catch (SocketException)
                {
                    Thread.Sleep(20);
                }
            }

            return false;
        }
    }
}
