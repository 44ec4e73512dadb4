using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.IO.Ports;
using System.Threading;
using BatteryShift.Bms.Config;
using BatteryShift.Hal.Simulation;
using BatteryShift.Harness;
using BatteryShift.Harness.Mqtt;
using BatteryShift.Simulator.Scenarios;

namespace BatteryShift.Simulator
{
    /// <summary>
    /// Runs the unmodified firmware core on the virtual module at a chosen speed and passes COM2 through:
    /// what the board writes goes to standard output (or a serial device / pseudo-terminal) byte for byte,
    /// and lines typed on standard input (or received on that device) go to the board's console.
    /// </summary>
    public sealed class SimulatorHost : IDisposable
    {
        private const int SimulatorPeriodMs = 60000;
        private const double ConverterNoteSeconds = 30;

        private readonly SimulatorSettings _settings;
        private readonly Stream _output;
        private readonly SerialPort? _serial;
        private readonly InProcessMqttBroker? _broker;
        private readonly MqttNetSession? _mqtt;
        private Thread? _serialReader;
        private volatile bool _stopping;
        private long _eventSeen;
        private int _linkShown;
        private ConverterLimit _converterCandidate;
        private ConverterLimit _converterShown;
        private double _converterCandidateSince;

        /// <summary>Builds the module, the core and the I/O.</summary>
        /// <param name="settings">Run settings.</param>
        /// <param name="standardOutput">Where COM2 goes when no serial device is given.</param>
        public SimulatorHost(SimulatorSettings settings, Stream standardOutput)
        {
            _settings = settings;
            var options = new SimulationOptions
            {
                Seed = settings.Seed,
                Adc = settings.Adc,
                CellCount = settings.Cells,
                InitialSocPct = settings.InitialSocPct,
                Load = Load(settings),
            };

            BmsConfig config = BootConfig(settings);
            if (!settings.Broker.Equals("off", StringComparison.OrdinalIgnoreCase))
            {
                string host;
                int port;
                if (settings.Broker.Equals("inproc", StringComparison.OrdinalIgnoreCase))
                {
                    _broker = InProcessMqttBroker.Start();
                    host = InProcessMqttBroker.Host;
                    port = _broker.Port;
                }
                else
                {
                    int colon = settings.Broker.LastIndexOf(':');
                    host = colon > 0 ? settings.Broker[..colon] : settings.Broker;
                    port = colon > 0 ? int.Parse(settings.Broker[(colon + 1)..], CultureInfo.InvariantCulture) : 1883;
                }

                Set(config, ConfigSchema.TextName(CommsKeys.MqttHost), host);
                Set(config, ConfigSchema.Name(CommsKeys.MqttPort), port.ToString(CultureInfo.InvariantCulture));
                _mqtt = new MqttNetSession();
                options.Mqtt = _broker == null ? new WallPacedMqttSession(_mqtt, WallPacedMqttSession.DefaultPeriodicIntervalMs) : _mqtt;
                BrokerEndpoint = host + ":" + port.ToString(CultureInfo.InvariantCulture);
            }

            Runner = new VirtualModuleRunner(options, config);
            Converter = ConverterLink.Apply(Runner, settings.Converter);
            foreach (FaultSpec f in settings.Faults)
            {
                Runner.Module.Faults.At(f.AtSeconds, f.Kind, f.Target, f.Value, f.DurationSeconds);
            }

            if (settings.SerialPath != null)
            {
                _serial = new SerialPort(settings.SerialPath, 115200, Parity.None, 8, StopBits.One) { ReadTimeout = 200, WriteTimeout = 2000 };
                _serial.Open();
                _output = _serial.BaseStream;
            }
            else
            {
                _output = standardOutput;
            }
        }

        /// <summary>MQTT broker the module publishes to (host:port), or null when MQTT is off.</summary>
        public string? BrokerEndpoint { get; }

        /// <summary>The module and core.</summary>
        public VirtualModuleRunner Runner { get; }

        /// <summary>The link to the converter that follows the limits, or null when it ignores them.</summary>
        public ConverterLink? Converter { get; }

        /// <summary>Sees every block of COM2 bytes passed out (tests, recorders).</summary>
        public event Action<byte[]>? OutputTap;

        /// <summary>COM2 bytes passed out.</summary>
        public long BytesOut { get; private set; }

        /// <summary>True once the module's MQTT link has been up during the run.</summary>
        public bool LinkEverUp { get; private set; }

        /// <summary>Why the last connection attempt failed, or null.</summary>
        public string? LinkError => _mqtt?.LastError;

        /// <summary>Alarm events the module raised during the run.</summary>
        public int AlarmsRaised { get; private set; }

        /// <summary>Fault events (latches) of the run.</summary>
        public int FaultsLatched { get; private set; }

        /// <summary>Wall time of the run so far.</summary>
        public TimeSpan WallTime { get; private set; }

        /// <summary>Simulated time of the run so far, s.</summary>
        public double SimulatedSeconds { get; private set; }

        /// <summary>Makes the configuration the board boots with.</summary>
        /// <param name="settings">Run settings.</param>
        /// <returns>The configuration.</returns>
        /// <exception cref="ArgumentException">When a setting is unknown or out of range.</exception>
        public static BmsConfig BootConfig(SimulatorSettings settings)
        {
            var config = new BmsConfig();
            Set(config, ConfigSchema.Name(ModuleKeys.CellCount), settings.Cells.ToString(CultureInfo.InvariantCulture));
            Set(config, ConfigSchema.Name(ConsoleKeys.SerialPeriodMs), (settings.PeriodMs ?? SimulatorPeriodMs).ToString(CultureInfo.InvariantCulture));
            if (settings.LineMode)
            {
                Set(config, ConfigSchema.Name(ConsoleKeys.SerialMode), "1");
            }

            foreach (var kv in settings.ConfigSets)
            {
                Set(config, kv.Key, kv.Value);
            }

            return config;
        }

        /// <summary>Types a line on the board's console (any thread).</summary>
        /// <param name="line">Command line without line end.</param>
        public void Type(string line)
        {
            Runner.Module.Serial.TypeText(line + "\r\n");
        }

        /// <summary>Where the simulator's own notes go (e.g. the start-up calibration), null for none.</summary>
        public TextWriter? Log { get; set; }

        /// <summary>Runs until the duration has passed or the token is cancelled.</summary>
        /// <param name="cancel">Stops the run.</param>
        public void Run(CancellationToken cancel)
        {
            if (_serial != null)
            {
                _serialReader = new Thread(ReadSerial) { IsBackground = true, Name = "serial-in" };
                _serialReader.Start();
            }

            var wall = Stopwatch.StartNew();
            if (_settings.Calibrate)
            {
                Commission();
            }

            Runner.Start();
            double start = Runner.Module.TimeSeconds;
            double end = _settings.DurationSeconds.HasValue ? start + _settings.DurationSeconds.Value : double.PositiveInfinity;
            long lastFlushMs = 0;
            // the module clock runs a few ms past each tick time (the core's settling waits inside the tick);
            // ticks themselves are scheduled on whole periods, so half a period of slack decides the last one
            while (!cancel.IsCancellationRequested && Runner.Module.TimeSeconds + (Runner.TickPeriodMs / 1000.0) <= end + (Runner.TickPeriodMs / 2000.0))
            {
                Runner.Step();
                CountEvents();
                WatchLink();
                WatchConverter();
                double simulated = Runner.Module.TimeSeconds - start;
                if (_settings.Speed > 0)
                {
                    double aheadMs = (simulated / _settings.Speed * 1000.0) - wall.Elapsed.TotalMilliseconds;
                    if (aheadMs > 1)
                    {
                        Flush();
                        lastFlushMs = wall.ElapsedMilliseconds;
                        cancel.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(Math.Min(aheadMs, 100)));
                    }
                }

                if (wall.ElapsedMilliseconds - lastFlushMs >= 20)
                {
                    Flush();
                    lastFlushMs = wall.ElapsedMilliseconds;
                }
            }

            Flush();
            CountEvents();
            WallTime = wall.Elapsed;
            SimulatedSeconds = Runner.Module.TimeSeconds - start;
        }

        /// <inheritdoc />
        public void Dispose()
        {
            _stopping = true;
            _serialReader?.Join(1000);
            _serial?.Dispose();
            _mqtt?.Dispose();
            _broker?.Dispose();
        }

        /// <summary>The load of a run: the CSV profile or the named scenario, shifted to the start hour.</summary>
        /// <param name="settings">Run settings.</param>
        /// <returns>The load, or null for none.</returns>
        public static LoadProfile? Load(SimulatorSettings settings)
        {
            LoadProfile? load;
            if (settings.ProfileCsv != null)
            {
                CsvLoadProfile csv = CsvLoadProfile.Load(settings.ProfileCsv);
                csv.Repeat = true;
                load = csv;
            }
            else
            {
                string name = settings.Scenario.Equals("daily", StringComparison.OrdinalIgnoreCase) ? "peak-shaving" : settings.Scenario;
                try
                {
                    load = EssProfiles.ByName(name, settings.Seed);
                }
                catch (ArgumentException)
                {
                    throw new FormatException($"--scenario {settings.Scenario}: unknown scenario; known: {string.Join(", ", EssProfiles.Names)}");
                }
                catch (FormatException)
                {
                    throw new FormatException($"--scenario {settings.Scenario}: expected a number after the colon, e.g. cc:50 or power:-5000");
                }
            }

            return load != null && settings.StartHour != 0 ? new TimeShiftedProfile(load, settings.StartHour * 3600.0) : load;
        }

        private static void Set(BmsConfig config, string name, string value)
        {
            int key = ConfigSchema.Find(name);
            if (key >= 0)
            {
                if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v))
                {
                    throw new ArgumentException($"setting {name}: '{value}' is not an integer");
                }

                int result = config.TrySet(key, v);
                if (result != Bms.ResultCode.Ok)
                {
                    throw new ArgumentException($"setting {name} {value}: {Bms.ResultCode.Text(result)} ({ConfigSchema.Min(key)}..{ConfigSchema.Max(key)})");
                }

                return;
            }

            int textKey = ConfigSchema.FindText(name);
            if (textKey < 0)
            {
                throw new ArgumentException($"unknown setting {name}");
            }

            int textResult = config.TrySetText(textKey, value);
            if (textResult != Bms.ResultCode.Ok)
            {
                throw new ArgumentException($"setting {name}: {Bms.ResultCode.Text(textResult)}");
            }
        }

        // the bring-up calibration a module has before it goes to its site, done on the bench before the firmware's first
        // start (on a twin of the board: Harness.Campaign.CommissionedBoard), so the first screen is the module and the
        // estimator never sees the cells moved to the calibration's two points and back
        private void Commission()
        {
            try
            {
                int cells = Harness.Campaign.CommissionedBoard.Calibrate(Runner.Module.Options, Runner.Module.Store);
                Log?.WriteLine($"bring-up calibration on the bench before the first start: service on, cal <cell> <mV> at {BringUpCalibration.LowPointV:0.00} V and {BringUpCalibration.HighPointV:0.00} V for each of {cells} cells (the simulated voltage as the multimeter reading), service off; the board starts with that calibration stored");
            }
            catch (InvalidOperationException e)
            {
                // a chip whose readings the firmware will not calibrate (possible with --adc worst): say so and run on,
                // as a real board would stay, uncalibrated
                Log?.WriteLine($"bring-up calibration refused, running uncalibrated: {e.Message}");
            }
        }

        private void CountEvents()
        {
            var events = Runner.Core.Events;
            long next = events.NextSequence;
            if (_eventSeen < events.OldestSequence)
            {
                _eventSeen = events.OldestSequence;
            }

            for (; _eventSeen < next; _eventSeen++)
            {
                int kind = events.Kind(_eventSeen);
                if (kind == Bms.Events.EventKind.AlarmRaised)
                {
                    AlarmsRaised++;
                }
                else if (kind == Bms.Events.EventKind.FaultLatched)
                {
                    FaultsLatched++;
                }
            }
        }

        // the simulator's own note on stderr when the module's MQTT link comes up or goes down
        private void WatchLink()
        {
            Bms.Telemetry.MqttTelemetry? telemetry = Runner.Core.Mqtt;
            if (telemetry == null || BrokerEndpoint == null)
            {
                return;
            }

            long failures = telemetry.Counters.ConnectFailures;
            if (telemetry.Online && _linkShown != 1)
            {
                _linkShown = 1;
                LinkEverUp = true;
                Log?.WriteLine($"mqtt: link up, {BrokerEndpoint}");
            }
            else if (!telemetry.Online && (_linkShown == 1 || (_linkShown == 0 && failures > 0)))
            {
                _linkShown = 2;
                Log?.WriteLine($"mqtt: link down, {BrokerEndpoint} not reachable ({LinkError ?? "connection lost"}); the module keeps retrying and queues telemetry");
            }
        }

        // the simulator's own note on stderr when what holds the converter below its duty changes and stays so for
        // ConverterNoteSeconds of simulated time (a taper flickering between CCL and CVL makes no lines)
        private void WatchConverter()
        {
            if (Converter == null)
            {
                return;
            }

            ConverterLimit kind = NoteKind(Converter.Converter.Limiting);
            double now = Runner.Module.TimeSeconds;
            if (kind != _converterCandidate)
            {
                _converterCandidate = kind;
                _converterCandidateSince = now;
                return;
            }

            if (kind != _converterShown && now - _converterCandidateSince >= ConverterNoteSeconds)
            {
                _converterShown = kind;
                double clock = _converterCandidateSince + (_settings.StartHour * 3600.0);
                var t = TimeSpan.FromSeconds(clock);
                Log?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"converter day {t.Days + 1} {t.Hours:00}:{t.Minutes:00}: {ConverterNote(Converter.Converter)}"));
            }
        }

        // one kind per line of note: a ramp is following, CCL and CVL are both the module limiting the charge
        private static ConverterLimit NoteKind(ConverterLimit limiting)
        {
            switch (limiting)
            {
                case ConverterLimit.Ramp:
                    return ConverterLimit.None;
                case ConverterLimit.ChargeVoltage:
                    return ConverterLimit.ChargeCurrent;
                default:
                    return limiting;
            }
        }

        private static string ConverterNote(LimitFollowingConverter c)
        {
            ConverterLimits l = c.Limits;
            switch (c.Limiting)
            {
                case ConverterLimit.ChargeCurrent:
                case ConverterLimit.ChargeVoltage:
                    return string.Create(CultureInfo.InvariantCulture, $"charge limited by the module (CCL {l.ChargeCurrentLimitA:0.0} A, CVL {l.ChargeVoltageLimitV:0.000} V)");
                case ConverterLimit.ChargeNotAllowed:
                    return $"charge stopped by the module ({l.Reason})";
                case ConverterLimit.DischargeCurrent:
                    return string.Create(CultureInfo.InvariantCulture, $"discharge limited by the module (DCL {l.DischargeCurrentLimitA:0.0} A)");
                case ConverterLimit.DischargeNotAllowed:
                    return $"discharge stopped by the module ({l.Reason})";
                case ConverterLimit.Invalid:
                    return $"stopped: the module's limits are not valid ({l.Reason})";
                case ConverterLimit.Stale:
                    return "stopped: no limits message from the module for more than 5 s";
                default:
                    return "following the duty again (within the module's limits)";
            }
        }

        private void Flush()
        {
            byte[] bytes = Runner.Module.Serial.TakeOutput();
            if (bytes.Length == 0)
            {
                return;
            }

            OutputTap?.Invoke(bytes);
            _output.Write(bytes, 0, bytes.Length);
            _output.Flush();
            BytesOut += bytes.Length;
        }

        private void ReadSerial()
        {
            byte[] buffer = new byte[256];
            while (!_stopping)
            {
                try
                {
                    int n = _serial!.BaseStream.Read(buffer, 0, buffer.Length);
                    if (n > 0)
                    {
                        byte[] copy = new byte[n];
                        Array.Copy(buffer, copy, n);
                        Runner.Module.Serial.Type(copy);
                    }
                }
                catch (TimeoutException)
                {
                }
                catch (Exception) when (_stopping)
                {
                    return;
                }
                catch (IOException)
                {
                    Thread.Sleep(100);
                }
            }
        }
    }
}
