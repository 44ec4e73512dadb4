using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using BatteryShift.Bms;
using BatteryShift.Bms.Events;
using BatteryShift.Bms.Protection;
using BatteryShift.Harness;
using BatteryShift.Simulator;

namespace BatteryShift.Bench.Simulator
{
    /// <summary>
    /// The simulator's default run (<c>dotnet run --project tools/BatteryShift.Simulator</c>: peak shaving on the 16S
    /// 280 Ah module, seed 1, the start-up bring-up calibration) as fast as it goes, with the MQTT link off and the
    /// serial output thrown away, for a number of simulated days with the converter following or ignoring the
    /// limits; it tallies what the firmware raised and what the cells truly went through.
    /// </summary>
    public sealed class DefaultScenarioRun
    {
        private readonly Dictionary<string, int> _alarms = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _faults = new(StringComparer.Ordinal);
        private BmsCore? _core;
        private long _eventSeen;
        private bool _chargeFetWasOn;

        private DefaultScenarioRun()
        {
        }

        /// <summary>Simulated days run.</summary>
        public double Days { get; private set; }

        /// <summary>Alarm events raised, all limits.</summary>
        public int Alarms => _alarms.Values.Sum();

        /// <summary>Fault latches.</summary>
        public int Faults => _faults.Values.Sum();

        /// <summary>Alarms by limit name.</summary>
        public IReadOnlyDictionary<string, int> AlarmsByName => _alarms;

        /// <summary>Faults by limit name.</summary>
        public IReadOnlyDictionary<string, int> FaultsByName => _faults;

        /// <summary>Highest true cell voltage seen at any control tick, mV.</summary>
        public double MaxCellMv { get; private set; }

        /// <summary>Lowest true cell voltage seen at any control tick after the first minute, mV.</summary>
        public double MinCellMv { get; private set; } = double.MaxValue;

        /// <summary>Times the charge FET opened while a fault was latched (protection stopping the charge by hardware).</summary>
        public int ChargeFetOpenedByFault { get; private set; }

        /// <summary>Board restarts.</summary>
        public int Restarts { get; private set; }

        /// <summary>Energy out of the module (served to the site), kWh, truth.</summary>
        public double EnergyOutKwh { get; private set; }

        /// <summary>Energy into the module, kWh, truth.</summary>
        public double EnergyInKwh { get; private set; }

        /// <summary>Largest true cell spread at the end of a charge window (06:00), mV, over the last simulated day.</summary>
        public double LastDaySpreadMv { get; private set; }

        /// <summary>Limits messages delivered to the converter (0 when it ignores them).</summary>
        public long LimitsMessages { get; private set; }

        /// <summary>Ticks the converter spent below its duty's request, by what held it (empty when it ignores the limits).</summary>
        public Dictionary<string, long> ConverterLimitedTicks { get; } = new(StringComparer.Ordinal);

        /// <summary>Wall time of the run, s.</summary>
        public double WallSeconds { get; private set; }

        /// <summary>
        /// Runs the default scenario.
        /// </summary>
        /// <param name="mode">What the converter does with the limits.</param>
        /// <param name="days">Simulated days.</param>
        /// <returns>The tally.</returns>
        public static DefaultScenarioRun Run(ConverterMode mode, double days)
        {
            var settings = new SimulatorSettings
            {
                Speed = 0,
                DurationSeconds = days * 86400.0,
                Broker = "off",
                ReadStdin = false,
                Converter = mode,
            };
            var run = new DefaultScenarioRun { Days = days };
            using var host = new SimulatorHost(settings, Stream.Null);
            host.Runner.AfterTick.Add(r => run.Observe(r, host.Converter));
            var watch = System.Diagnostics.Stopwatch.StartNew();
            host.Run(CancellationToken.None);
            run.WallSeconds = watch.Elapsed.TotalSeconds;
            run.Restarts = host.Runner.RestartCount;
            run.EnergyOutKwh = host.Runner.Truth.EnergyOutWh / 1000.0;
            run.EnergyInKwh = host.Runner.Truth.EnergyInWh / 1000.0;
            run.LimitsMessages = host.Converter?.Delivered ?? 0;
            return run;
        }

        /// <summary>The alarms and faults by name, for notes: "cell_ov 1, ..." or "none".</summary>
        /// <param name="counts">Counts by name.</param>
        /// <returns>Text.</returns>
        public static string Names(IReadOnlyDictionary<string, int> counts)
        {
            return counts.Count == 0 ? "none" : string.Join(", ", counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}"));
        }

        private void Observe(VirtualModuleRunner r, ConverterLink? converter)
        {
            CountEvents(r.Core);
            double max = 0;
            double min = double.MaxValue;
            var v = r.Truth.CellVoltageV;
            for (int i = 0; i < v.Count; i++)
            {
                max = Math.Max(max, v[i]);
                min = Math.Min(min, v[i]);
            }

            MaxCellMv = Math.Max(MaxCellMv, max * 1000.0);
            if (r.Module.TimeSeconds > 60)
            {
                MinCellMv = Math.Min(MinCellMv, min * 1000.0);
            }

            double secondOfDay = r.Module.TimeSeconds % 86400.0;
            if (r.Module.TimeSeconds > (Days - 1) * 86400.0 && secondOfDay >= 6 * 3600 && secondOfDay < (6 * 3600) + 0.2)
            {
                LastDaySpreadMv = (max - min) * 1000.0;
            }

            bool chargeFet = r.Truth.ChargeFetOn;
            if (_chargeFetWasOn && !chargeFet && r.Core.Status.FaultMask != 0)
            {
                ChargeFetOpenedByFault++;
            }

            _chargeFetWasOn = chargeFet;
            if (converter != null && converter.Converter.Limiting != Hal.Simulation.ConverterLimit.None)
            {
                string key = converter.Converter.Limiting.ToString();
                ConverterLimitedTicks[key] = ConverterLimitedTicks.GetValueOrDefault(key) + 1;
            }
        }

        private void CountEvents(BmsCore core)
        {
            if (!ReferenceEquals(core, _core))
            {
                _core = core;
                _eventSeen = 0;
            }

            EventLog events = core.Events;
            if (_eventSeen < events.OldestSequence)
            {
                _eventSeen = events.OldestSequence;
            }

            for (; _eventSeen < events.NextSequence; _eventSeen++)
            {
                int kind = events.Kind(_eventSeen);
                if (kind == EventKind.AlarmRaised || kind == EventKind.FaultLatched)
                {
                    var counts = kind == EventKind.AlarmRaised ? _alarms : _faults;
                    string name = DiagnosisTable.LimitName(events.Code(_eventSeen));
                    counts[name] = counts.GetValueOrDefault(name) + 1;
                }
            }
        }
    }
}
