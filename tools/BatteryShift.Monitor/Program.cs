using System;
using System.CommandLine;
using System.IO;
using System.Text;
using BatteryShift.Monitor.Plot;
using BatteryShift.Monitor.Sources;

namespace BatteryShift.Monitor
{
    /// <summary>
    /// The BatteryShift monitor: watches a module's serial monitor output (a serial port, a pseudo-terminal
    /// or standard input), shows a live module view, records to CSV, and plots a recorded CSV.
    /// </summary>
    internal static class Program
    {
        private static int Main(string[] args)
        {
            var csv = new Option<string?>("--csv") { Description = "Record every complete snapshot to this CSV file" };
            var plain = new Option<bool>("--plain") { Description = "One text line per snapshot instead of the live view" };
            var duration = new Option<double?>("--duration") { Description = "Stop after this many seconds" };

            var port = new Argument<string>("port") { Description = "Serial device or pseudo-terminal (/dev/ttyUSB0, /dev/pts/3, COM5)" };
            var noSwitch = new Option<bool>("--no-switch") { Description = "Do not send 'mode line' to the board on connect" };
            var send = new Option<string[]>("--send") { Description = "Command line to send after connecting (repeatable)", AllowMultipleArgumentsPerToken = false };
            var serial = new Command("serial", "Watch a board (or the simulator) on a serial port or pseudo-terminal") { port, csv, plain, duration, noSwitch, send };
            serial.SetAction(r => RunSerial(r.GetValue(port)!, r.GetValue(csv), r.GetValue(plain) || Console.IsOutputRedirected, r.GetValue(duration), !r.GetValue(noSwitch), r.GetValue(send) ?? Array.Empty<string>()));

            var stdin = new Command("stdin", "Watch line-mode records piped in on standard input (for example from the simulator with --line-mode)") { csv, plain, duration };
            stdin.SetAction(r => RunStdin(r.GetValue(csv), r.GetValue(plain) || Console.IsOutputRedirected, r.GetValue(duration)));

            var broker = new Option<string>("--broker") { Description = "Broker host:port", DefaultValueFactory = _ => "127.0.0.1:1883" };
            var topic = new Option<string>("--topic") { Description = "Module topic base (prefix/id)", DefaultValueFactory = _ => "batteryshift/module1" };
            var mqtt = new Command("mqtt", "Watch a module's MQTT telemetry") { broker, topic, csv, plain, duration };
            mqtt.SetAction(r => RunMqtt(r.GetValue(broker)!, r.GetValue(topic)!, r.GetValue(csv), r.GetValue(plain) || Console.IsOutputRedirected, r.GetValue(duration)));

            var input = new Argument<string>("csv") { Description = "CSV recorded with --csv" };
            var output = new Option<string>("--output", "-o") { Description = "Output file: .svg or .png", Required = true };
            var plot = new Command("plot", "Plot a recorded CSV to SVG or PNG") { input, output };
            plot.SetAction(r =>
            {
                try
                {
                    Console.WriteLine(CsvPlotter.Plot(r.GetValue(input)!, r.GetValue(output)!));
                    return 0;
                }
                catch (Exception e) when (e is InvalidDataException or ArgumentException or IOException or UnauthorizedAccessException)
                {
                    Console.Error.WriteLine($"plot: {e.Message}");
                    return 2;
                }
            });

            var root = new RootCommand("BatteryShift monitor: live module view from a serial port, pseudo-terminal or pipe; CSV recording; plots")
            {
                serial,
                stdin,
                mqtt,
                plot,
            };
            return root.Parse(args).Invoke();
        }

        private static int RunSerial(string portName, string? csvPath, bool plain, double? durationS, bool switchToLineMode, string[] commands)
        {
            using var session = new MonitorSession(csvPath, plain);
            using var source = new SerialLineSource(portName, session.OnLine);
            if (switchToLineMode)
            {
                source.SendLine("mode line");
            }

            foreach (string command in commands)
            {
                source.SendLine(command);
            }

            return session.Run(portName, durationS.HasValue ? TimeSpan.FromSeconds(durationS.Value) : null);
        }

        private static int RunMqtt(string broker, string topic, string? csvPath, bool plain, double? durationS)
        {
            int colon = broker.LastIndexOf(':');
            string host = colon > 0 ? broker[..colon] : broker;
            int port = colon > 0 ? int.Parse(broker[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture) : 1883;
            using var session = new MonitorSession(csvPath, plain);
            using var source = new MqttSource(host, port, topic);
            source.SnapshotCompleted += session.OnSnapshot;
            source.EventReceived += session.OnEvent;
            session.ExtraFooter = () => $"mqtt messages {source.Messages}, unreadable {source.InvalidMessages}";
            return session.Run($"mqtt {broker} {topic}", durationS.HasValue ? TimeSpan.FromSeconds(durationS.Value) : null);
        }

        private static int RunStdin(string? csvPath, bool plain, double? durationS)
        {
            using var session = new MonitorSession(csvPath, plain);
            var reader = new System.Threading.Thread(() =>
            {
                using Stream stdin = Console.OpenStandardInput();
                var splitter = new LineSplitter();
                byte[] buffer = new byte[4096];
                int n;
                while ((n = stdin.Read(buffer, 0, buffer.Length)) > 0)
                {
                    splitter.Feed(buffer, n, session.OnLine);
                }

                session.Ended.Set();
            })
            { IsBackground = true };
            reader.Start();
            return session.Run("stdin", durationS.HasValue ? TimeSpan.FromSeconds(durationS.Value) : null);
        }
    }
}
