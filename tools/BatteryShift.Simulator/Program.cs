using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Threading;
using BatteryShift.Hal.Simulation;

namespace BatteryShift.Simulator
{
    /// <summary>
    /// The BatteryShift simulator: the firmware core on a virtual 16S 280 Ah module, printing what the
    /// board's serial monitor (COM2) prints and reading console commands typed on standard input.
    /// </summary>
    internal static class Program
    {
        private static int Main(string[] args)
        {
            var speed = new Option<string>("--speed") { Description = "Simulated seconds per wall second (1 = real time), or 'max'", DefaultValueFactory = _ => "60" };
            var duration = new Option<string?>("--duration") { Description = "Simulated time to run: seconds or 30m, 12h, 7d (default: until Ctrl+C)" };
            var scenario = new Option<string>("--scenario") { Description = $"Built-in load: {string.Join(", ", EssProfiles.Names)}", DefaultValueFactory = _ => "peak-shaving" };
            var profile = new Option<string?>("--profile") { Description = "Load profile CSV (time_s,current_a or time_s,power_w; + = charging), repeated; replaces --scenario" };
            var startHour = new Option<double>("--start-hour") { Description = "Time of day at start, hours (daily profiles begin at midnight)", DefaultValueFactory = _ => 0 };
            var seed = new Option<ulong>("--seed") { Description = "Seed of the module's random draws (cell spread, ADC errors, noise)", DefaultValueFactory = _ => 1 };
            var adc = new Option<string>("--adc") { Description = "The board's ESP32 ADC: ideal, typical or worst (every error term drawn across its published range; docs/adc-model.md)", DefaultValueFactory = _ => "typical" };
            var cells = new Option<int>("--cells") { Description = "Cells in series, 4..16", DefaultValueFactory = _ => 16 };
            var soc = new Option<double>("--soc") { Description = "Initial SOC, %", DefaultValueFactory = _ => 50 };
            var fault = new Option<string[]>("--fault") { Description = "Inject a fault: kind@time[:target[:value[:duration]]], e.g. ntc-open@2h:3 (repeatable)" };
            var serial = new Option<string?>("--serial") { Description = "Write COM2 to this serial device or pseudo-terminal (and read commands from it) instead of stdout" };
            var lineMode = new Option<bool>("--line-mode") { Description = "Start in line mode (machine-readable records, docs/serial.md)" };
            var period = new Option<int?>("--period") { Description = "Status period in simulated ms (default 60000; the board's own default is 5000)" };
            var set = new Option<string[]>("--set") { Description = "Boot setting name=value, e.g. --set bal.mode=1 (repeatable)" };
            var broker = new Option<string>("--broker") { Description = "MQTT: inproc, off, or host:port", DefaultValueFactory = _ => "inproc" };
            var noInput = new Option<bool>("--no-input") { Description = "Do not read console commands from standard input" };
            var converter = new Option<string>("--converter") { Description = "The power converter: follow (it follows the module's limits message: CCL, DCL, CVL, stops when not allowed or stale) or ignore (the duty alone, stopped only by the FETs)", DefaultValueFactory = _ => "follow" };
            var noCal = new Option<bool>("--no-cal") { Description = "Skip the start-up bring-up calibration (service on, two cal points per cell, service off) to show the uncalibrated module" };

            var root = new RootCommand("BatteryShift simulator: the BMS firmware core on a virtual LFP module, with the board's serial monitor on stdout. Type commands (help, status, faults) and Enter.")
            {
                speed, duration, scenario, profile, startHour, seed, adc, cells, soc, fault, serial, lineMode, period, set, broker, noInput, noCal, converter,
            };
            root.SetAction(r =>
            {
                var settings = new SimulatorSettings
                {
                    Scenario = r.GetValue(scenario)!,
                    ProfileCsv = r.GetValue(profile),
                    StartHour = r.GetValue(startHour),
                    Seed = r.GetValue(seed),
                    Cells = r.GetValue(cells),
                    InitialSocPct = r.GetValue(soc),
                    SerialPath = r.GetValue(serial),
                    LineMode = r.GetValue(lineMode),
                    PeriodMs = r.GetValue(period),
                    Broker = r.GetValue(broker)!,
                    ReadStdin = !r.GetValue(noInput),
                    Calibrate = !r.GetValue(noCal),
                };
                try
                {
                    settings.Adc = ParseAdc(r.GetValue(adc)!);
                    settings.Converter = Harness.ConverterLink.ParseMode(r.GetValue(converter)!);
                    settings.Speed = OptionValues.ParseSpeed(r.GetValue(speed)!);
                    string? d = r.GetValue(duration);
                    settings.DurationSeconds = d == null ? null : OptionValues.ParseDuration(d);
                    if (settings.Cells < Bms.Board.Bmu16.MinCells || settings.Cells > Bms.Board.Bmu16.MaxCells)
                    {
                        throw new FormatException($"--cells {settings.Cells}: the board takes {Bms.Board.Bmu16.MinCells}..{Bms.Board.Bmu16.MaxCells} cells in series");
                    }

                    foreach (string f in r.GetValue(fault) ?? Array.Empty<string>())
                    {
                        settings.Faults.Add(FaultSpec.Parse(f, settings.Cells));
                    }

                    foreach (string kv in r.GetValue(set) ?? Array.Empty<string>())
                    {
                        int eq = kv.IndexOf('=', StringComparison.Ordinal);
                        if (eq <= 0)
                        {
                            throw new FormatException($"--set {kv}: expected name=value");
                        }

                        settings.ConfigSets.Add(new KeyValuePair<string, string>(kv[..eq], kv[(eq + 1)..]));
                    }

                    return Run(settings);
                }
                catch (Exception e) when (e is FormatException or ArgumentException or InvalidDataException or IOException or UnauthorizedAccessException)
                {
                    Console.Error.WriteLine($"error: {e.Message}");
                    return 2;
                }
            });
            return root.Parse(args).Invoke();
        }

        private static AdcGrade ParseAdc(string text)
        {
            return BatteryShift.Harness.AdcChoice.TryParse(text, out AdcGrade grade) ? grade : throw new FormatException($"--adc {text}: expected ideal, typical or worst");
        }

        private static int Run(SimulatorSettings settings)
        {
            using var cancel = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
            };

            using Stream stdout = Console.OpenStandardOutput();
            using var host = new SimulatorHost(settings, stdout) { Log = Console.Error };
            if (host.BrokerEndpoint != null)
            {
                string prefix = host.Runner.Core.Config.GetText(Bms.Config.CommsKeys.MqttTopicPrefix);
                string id = host.Runner.Core.Config.GetText(Bms.Config.CommsKeys.MqttModuleId);
                Console.Error.WriteLine($"MQTT broker {host.BrokerEndpoint}{(settings.Broker == "inproc" ? " (in-process)" : string.Empty)}: topics {prefix}/{id}/#");
            }

            if (settings.ReadStdin)
            {
                var input = new Thread(() =>
                {
                    string? line;
                    while ((line = Console.In.ReadLine()) != null)
                    {
                        host.Type(line);
                    }
                })
                { IsBackground = true, Name = "stdin" };
                input.Start();
            }

            host.Run(cancel.Token);
            double factor = host.WallTime.TotalSeconds > 0 ? host.SimulatedSeconds / host.WallTime.TotalSeconds : 0;
            var status = host.Runner.Core.Status;
            Console.Error.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"simulated {OptionValues.Readable(host.SimulatedSeconds)} in {OptionValues.Readable(host.WallTime.TotalSeconds)} of wall time ({factor:0}x real time): {host.AlarmsRaised} alarms, {host.FaultsLatched} faults, {host.Runner.RestartCount} restarts; ends {Bms.ModuleStateNames.Of(status.State)} at SOC {status.SocPct:0.0} %"));
            if (host.BrokerEndpoint != null && !host.LinkEverUp)
            {
                Console.Error.WriteLine($"error: the MQTT broker {host.BrokerEndpoint} was never reachable during the run ({host.LinkError ?? "no answer"}); use --broker off to run without MQTT");
                return 3;
            }

            return 0;
        }
    }
}
