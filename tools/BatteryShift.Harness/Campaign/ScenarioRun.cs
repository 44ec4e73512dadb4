using System;
using System.Collections.Generic;
using System.Globalization;
using BatteryShift.Bms;
using BatteryShift.Bms.Board;
using BatteryShift.Bms.Config;
using BatteryShift.Bms.Events;
using BatteryShift.Bms.Protection;
using BatteryShift.Hal.Simulation;

namespace BatteryShift.Harness.Campaign
{
    /// <summary>
    /// Runs one campaign scenario on the virtual module with the unmodified firmware and judges it with oracles
    /// computed from the simulation's truth (never from the firmware's own measurements):
    /// every hazard (a true cell voltage, NTC-location temperature, module voltage, board temperature or current
    /// beyond the firmware's configured fault limit, by more than the measurement band) while the FET of its
    /// direction conducted must see that FET open within the limit's configured delay plus one tick (the external stop
    /// input low: both FETs within one tick); no FET
    /// conducts while a fault of its direction is latched; no cell is bled below the bleed floor; every latched
    /// fault has a true cause or an injected sensor fault; every alarm and fault event reaches the MQTT subscriber;
    /// every control tick starts one period after the previous one.
    /// </summary>
    public sealed partial class ScenarioRun
    {
        /// <summary>Voltage band, mV: twice the cell-voltage accuracy target of the measurement chain (5 mV).</summary>
        public const int VoltageBandMv = 10;

        /// <summary>Temperature band, 0.1 C: the temperature accuracy target (1 C).</summary>
        public const int TemperatureBandDeciC = 10;

        /// <summary>Current band: the current accuracy target, 0.5 % plus 0.2 A (as a fraction and mA).</summary>
        public const double CurrentBandFraction = 0.005;

        /// <summary>Current band offset, mA.</summary>
        public const int CurrentBandMa = 200;

        /// <summary>Simulated seconds after the scenario with the network up, so the store-and-forward queue drains.</summary>
        public const double DrainSeconds = 90;

        private static readonly int[] s_hazardIds =
        {
            LimitIds.CellOvervoltage, LimitIds.CellUndervoltage, LimitIds.ChargeOvertemperature, LimitIds.ChargeUndertemperature,
            LimitIds.DischargeOvertemperature, LimitIds.DischargeUndertemperature, LimitIds.ChargeOvercurrent,
            LimitIds.DischargeOvercurrent, LimitIds.ShortCircuit, LimitIds.ModuleOvervoltage, LimitIds.ModuleUndervoltage,
            LimitIds.BoardOvertemperature,
        };

        private static readonly int[] s_finalIds = BuildFinalIds();

        private readonly CampaignScenario _scenario;
        private readonly VirtualModuleRunner _runner;
        private readonly CampaignBrokerSession _broker;
        private readonly ScenarioResult _result;
        private readonly long[] _exposureStartMs = new long[LimitIds.Count];
        private readonly bool[] _overdue = new bool[LimitIds.Count];
        private readonly long[] _lastNearMs = new long[LimitIds.Count];
        private readonly bool[] _bleedLow = new bool[16];
        private readonly EventDeliveryAudit _audit = new EventDeliveryAudit();
        private readonly bool[] _unobservable = new bool[16];
        private BmsCore _core;
        private long _nextEventSeq;
        private long _lastTickUptimeMs = -1;
        private long _sensorFaultSinceMs = long.MaxValue;
        private long _currentFaultSinceMs = long.MaxValue;
        private long _externalStopSinceMs = long.MaxValue;
        private bool _draining;
        private long _lastRunnerTicks = -1;
        private bool _commissioned;
        private readonly BoardParameters _board;
        private bool _beyondProtector;
        private long _protectorExposedSinceMs = -1;
        private System.IO.TextWriter? _trace;
        private double _traceFromS;
        private double _traceToS;

        private ScenarioRun(CampaignScenario scenario)
        {
            _scenario = scenario;
            _result = new ScenarioResult { Scenario = scenario };
            var options = new SimulationOptions
            {
                Seed = scenario.Seed,
                InitialSocPct = scenario.InitialSocPct,
                InitialSocSpreadPct = scenario.SocSpreadPct,
                AmbientC = scenario.AmbientC,
                Errors = scenario.RealisticErrors ? FrontEndErrors.Realistic : ScenarioLoads.IdealFrontEnd(),
                Load = ScenarioLoads.Build(scenario),
            };
            if (scenario.RealisticErrors)
            {
                options.Adc = scenario.Adc;
                options.AdcCorner = scenario.AdcCorner;
            }

            var config = new BmsConfig();
            Check(config.TrySetText(CommsKeys.MqttHost, "campaign-broker"));
            Check(config.TrySet(CommsKeys.MqttDiscovery, 0));

            _broker = new CampaignBrokerSession();
            options.Mqtt = _broker;
            _runner = new VirtualModuleRunner(options, config);

            // a module in service: its bring-up calibration is in the store before the firmware first starts; a board
            // whose calibration the firmware refuses runs uncalibrated, as it would leave the bench, and fails the scenario
            try
            {
                CommissionedBoard.Calibrate(options, _runner.Module.Store);
            }
            catch (InvalidOperationException e)
            {
                _result.BringUpRefused = 1;
                _result.Fail("bring-up calibration refused: " + e.Message);
            }

            _board = options.Board;

            _core = _runner.Core;
            _audit.NewIncarnation();
            Array.Fill(_exposureStartMs, -1);
            Array.Fill(_lastNearMs, long.MinValue / 2);
            ScenarioLoads.ScheduleFaults(_scenario, _runner, () => _draining);
            if (scenario.Firmware != null)
            {
                _driver = new FirmwareFaultDriver(scenario.Firmware, _runner, _broker, _result, () => _draining);
            }

            _runner.AfterTick.Add(_ => AfterTick());
            _runner.AfterRestart.Add(_ => AfterRestart());
        }

        /// <summary>Draws the scenario of a seed, runs it and judges it.</summary>
        /// <param name="seed">Seed.</param>
        /// <returns>The oracles' findings.</returns>
        public static ScenarioResult Run(ulong seed)
        {
            return Run(ScenarioGenerator.Draw(seed));
        }

        /// <summary>Runs a scenario and judges it.</summary>
        /// <param name="scenario">Scenario.</param>
        /// <returns>The oracles' findings.</returns>
        public static ScenarioResult Run(CampaignScenario scenario)
        {
            var run = new ScenarioRun(scenario);
            return run.Execute();
        }

        /// <summary>
        /// Runs a scenario with a deliberate defect injected after every control tick, before the oracles look (for
        /// the oracles' own tests: a defect the oracles must report).
        /// </summary>
        /// <param name="scenario">Scenario.</param>
        /// <param name="defect">Called after each tick with the runner, e.g. to force a FET on or empty the queue.</param>
        /// <returns>The oracles' findings.</returns>
        public static ScenarioResult RunWithDefect(CampaignScenario scenario, Action<VirtualModuleRunner> defect)
        {
            return RunWithDefect(scenario, defect, null);
        }

        /// <summary>
        /// Runs a scenario with deliberate defects: one after every control tick and one after every reset, before the
        /// new firmware starts (for example a store that forgets what it held).
        /// </summary>
        /// <param name="scenario">Scenario.</param>
        /// <param name="defect">Called after each tick (null: none).</param>
        /// <param name="restartDefect">Called after each reset, before the firmware's start (null: none).</param>
        /// <returns>The oracles' findings.</returns>
        public static ScenarioResult RunWithDefect(CampaignScenario scenario, Action<VirtualModuleRunner>? defect, Action<VirtualModuleRunner>? restartDefect)
        {
            var run = new ScenarioRun(scenario);
            if (defect != null)
            {
                run._runner.AfterTick.Insert(0, defect);
            }

            if (restartDefect != null)
            {
                run._runner.AfterRestart.Add(restartDefect);
            }

            return run.Execute();
        }

        /// <summary>Replays a scenario and writes a per-tick trace of truth against the firmware's view in a time window.</summary>
        /// <param name="scenario">Scenario.</param>
        /// <param name="trace">Writer.</param>
        /// <param name="fromSeconds">Window start, s of simulated time.</param>
        /// <param name="toSeconds">Window end, s.</param>
        /// <returns>The oracles' findings.</returns>
        public static ScenarioResult Trace(CampaignScenario scenario, System.IO.TextWriter trace, double fromSeconds, double toSeconds)
        {
            var run = new ScenarioRun(scenario) { _trace = trace, _traceFromS = fromSeconds, _traceToS = toSeconds };
            return run.Execute();
        }

        private ScenarioResult Execute()
        {
            _runner.RunSeconds(_scenario.DurationSeconds);

            // end of the scenario: the network comes back and the telemetry gets time to deliver what it holds
            _draining = true;
            _runner.Module.Faults.ClearAll(FaultKind.NetworkLoss);
            _runner.RunSeconds(DrainSeconds);
            Finish();
            _result.Resets = _runner.RestartCount;
            _result.Ticks = _runner.TickCount;
            _result.SimulatedSeconds = _runner.Module.TimeSeconds;
            return _result;
        }

        private static int[] BuildFinalIds()
        {
            var ids = new int[s_hazardIds.Length + 1];
            s_hazardIds.CopyTo(ids, 0);
            ids[^1] = LimitIds.ExternalStop;
            return ids;
        }

        private void AfterRestart()
        {
            // what the injected-fault trackers knew up to the reset (a reset inside a tick comes before its AfterTick),
            // then the old firmware's last events, then the new incarnation
            long nowMs = _runner.Module.TimeMs;
            TrackInjectedSensorFaults(nowMs);
            if (_runner.Module.ExternalStopAsserted && _externalStopSinceMs == long.MaxValue)
            {
                _externalStopSinceMs = nowMs;
            }

            MarkNear(_core, _runner.Truth, nowMs);
            Harvest();
            FirmwareAfterRestart();
            _core = _runner.Core;
            _nextEventSeq = 0;
            _lastTickUptimeMs = -1;
            _audit.NewIncarnation();
            _broker.BoardRestarted();
        }

        private void AfterTick()
        {
            BmsCore core = _runner.Core;
            if (!_commissioned)
            {
                // a commissioned board keeps its configuration (broker, names) on flash, as `config save` at the console
                // left it after the first pass (which wrote the fault log)
                _commissioned = true;
                Check(new Bms.Persistence.ConfigStore(_runner.Module.Store).Save(core.Config));
            }

            if (!ReferenceEquals(core, _core))
            {
                AfterRestart();
            }

            long now = _runner.Module.TimeMs;
            int period = core.Config.Get(ModuleKeys.TickPeriodMs);
            long uptime = core.Status.TimeMs;
            bool ticked = _runner.TickCount != _lastRunnerTicks;
            _lastRunnerTicks = _runner.TickCount;
            bool hung = FirmwareBeforeOracles(core, now, period);
            if (!ticked || hung)
            {
                // no tick ran since the last look (a hung control thread): the next tick is compared with nothing
                _lastTickUptimeMs = -1;
            }
            else if (_lastTickUptimeMs >= 0 && uptime - _lastTickUptimeMs != period)
            {
                _result.MissedPeriods++;
                Fail(string.Create(CultureInfo.InvariantCulture, $"tick at uptime {uptime} ms came {uptime - _lastTickUptimeMs} ms after the previous one (period {period} ms)"));
            }

            if (ticked && !hung)
            {
                _lastTickUptimeMs = uptime;
            }

            TrackInjectedSensorFaults(now);
            ModuleTruth truth = _runner.Truth;
            if (_trace != null && now >= _traceFromS * 1000 && now <= _traceToS * 1000)
            {
                WriteTrace(truth, core.Status, now);
            }
            bool chargeOn = truth.ChargeFetOn;
            bool dischargeOn = truth.DischargeFetOn;
            CheckProtectorEnvelope(truth, now, chargeOn, dischargeOn);

            // hazards from truth against the firmware's configured fault limits and delays (not while the control thread
            // is hung: the supervisor's deadline covers that time, judged by the watchdog oracle)
            if (!hung)
            {
                CheckHazards(core, truth, now, period);
                CheckExternalStop(now, period, chargeOn || dischargeOn);
            }

            CheckUnobservable(truth, core);

            // no FET conducts while a fault of its direction is latched
            int latched = core.Status.FaultMask;
            if (((latched & DiagnosisTable.ChargeFaultBits) != 0 && chargeOn) || ((latched & DiagnosisTable.DischargeFaultBits) != 0 && dischargeOn))
            {
                _result.FetClosedWhileLatched++;
                Fail(string.Create(CultureInfo.InvariantCulture, $"FET closed while fault mask 0x{latched:x} latched at t={now} ms (charge {chargeOn}, discharge {dischargeOn})"));
            }

            CheckBleedFloor(core, truth, now);
            Harvest();
        }

        // whatever the firmware does, no cell stays beyond what the secondary protector allows (its threshold plus its
        // tolerance) with the FET that drives it further conducting for longer than the protector's longest delay plus
        // one look: a cell that starts beyond it, or a current pulse's IR step shorter than the delay, is not a failure
        private void CheckProtectorEnvelope(ModuleTruth truth, long now, bool chargeOn, bool dischargeOn)
        {
            BoardParameters board = _board;
            double ovLimitV = board.ProtectorOvV + board.ProtectorOvToleranceV;
            double uvLimitV = board.ProtectorUvV - board.ProtectorUvToleranceV;
            bool exposed = false;
            int cell = 0;
            double worstV = 0;
            for (int k = 0; k < truth.CellVoltageV.Count; k++)
            {
                double v = truth.CellVoltageV[k];
                if ((v > ovLimitV && chargeOn) || (v < uvLimitV && dischargeOn))
                {
                    exposed = true;
                    cell = k + 1;
                    worstV = v;
                }
            }

            if (!exposed)
            {
                _protectorExposedSinceMs = -1;
                return;
            }

            if (_protectorExposedSinceMs < 0)
            {
                _protectorExposedSinceMs = now;
            }

            double allowedMs = (board.ProtectorDelayMs * (1 + board.ProtectorDelayTolerance)) + _runner.TickPeriodMs;
            if (now - _protectorExposedSinceMs > allowedMs && !_beyondProtector)
            {
                _beyondProtector = true;
                _result.CellsBeyondProtector++;
                Fail(string.Create(CultureInfo.InvariantCulture, $"cell {cell} at {worstV * 1000:0} mV beyond the secondary protector's envelope {uvLimitV * 1000:0}..{ovLimitV * 1000:0} mV from t={_protectorExposedSinceMs} ms to t={now} ms with its FET conducting (allowed {allowedMs:0} ms)"));
            }
        }

        // hazards from truth against the firmware's configured fault limits and delays
        private void CheckHazards(BmsCore core, ModuleTruth truth, long now, int period)
        {
            bool chargeOn = truth.ChargeFetOn;
            bool dischargeOn = truth.DischargeFetOn;
            foreach (int id in s_hazardIds)
            {
                int value = HazardTruth.TrueValue(id, truth);
                int threshold = core.Config.Get(ProtectionKeys.Key(id, ProtectionKeys.FaultOffset));
                int band = HazardTruth.Band(id, threshold);
                bool high = DiagnosisTable.IsHighSide(id);
                bool beyond = high ? value >= threshold + band : value <= threshold - band;
                bool near = high ? value >= threshold - band : value <= threshold + band;
                if (near)
                {
                    _lastNearMs[id] = now;
                }

                bool exposed = beyond && HazardTruth.FetExposed(id, truth, chargeOn, dischargeOn);
                int allowedMs = core.Config.Get(ProtectionKeys.Key(id, ProtectionKeys.DelayOffset)) + period;
                long overdueFromMs = TrackExposure(id, exposed, allowedMs, now);
                if (overdueFromMs >= 0 && beyond)
                {
                    _result.LateTrips++;
                    Fail(string.Create(CultureInfo.InvariantCulture, $"late trip: {DiagnosisTable.LimitName(id)} true {value} beyond {threshold} from t={overdueFromMs} ms, FET opened at t={now} ms (allowed {allowedMs} ms)"));
                }
                else if (overdueFromMs >= 0)
                {
                    _result.MissedTrips++;
                    Fail(string.Create(CultureInfo.InvariantCulture, $"missed trip: {DiagnosisTable.LimitName(id)} beyond {threshold} from t={overdueFromMs} ms to t={now} ms with the FET closed (allowed {allowedMs} ms)"));
                }
            }
        }

        // which true values are near their fault limit now (for the trip judging of latches harvested at a reset)
        private void MarkNear(BmsCore core, ModuleTruth truth, long now)
        {
            foreach (int id in s_hazardIds)
            {
                int value = HazardTruth.TrueValue(id, truth);
                int threshold = core.Config.Get(ProtectionKeys.Key(id, ProtectionKeys.FaultOffset));
                int band = HazardTruth.Band(id, threshold);
                if (DiagnosisTable.IsHighSide(id) ? value >= threshold - band : value <= threshold + band)
                {
                    _lastNearMs[id] = now;
                }
            }
        }

        // no cell bled below the floor (by its open-circuit and its terminal voltage)
        private void CheckBleedFloor(BmsCore core, ModuleTruth truth, long now)
        {
            int floor = core.Config.Get(BalancingKeys.FloorMv);
            for (int k = 0; k < truth.CellCount; k++)
            {
                bool low = truth.BleedCurrentA[k] > 0.005 && truth.OcvV[k] * 1000 < floor - VoltageBandMv && truth.CellVoltageV[k] * 1000 < floor - VoltageBandMv;
                if (low && !_bleedLow[k])
                {
                    _result.BledBelowFloor++;
                    Fail(string.Create(CultureInfo.InvariantCulture, $"cell {k + 1} bled at {truth.OcvV[k] * 1000:0} mV OCV, below the {floor} mV floor, t={now} ms"));
                }

                _bleedLow[k] = low;
            }
        }

        private void WriteTrace(ModuleTruth truth, ModuleStatus st, long now)
        {
            var sb = new System.Text.StringBuilder();
            sb.Append(CultureInfo.InvariantCulture, $"t={now} up={st.TimeMs} I={truth.PackCurrentA:0.0}/{st.PackCurrentMa / 1000.0:0.0}A ");
            sb.Append(CultureInfo.InvariantCulture, $"max={HazardTruth.TrueValue(LimitIds.CellOvervoltage, truth)}/{st.MaxCellMv} min={HazardTruth.TrueValue(LimitIds.CellUndervoltage, truth)}/{st.MinCellMv} ");
            sb.Append(CultureInfo.InvariantCulture, $"T={HazardTruth.TrueValue(LimitIds.ChargeOvertemperature, truth)}/{st.MaxTemperatureDeciC} fets={(truth.ChargeFetOn ? 'C' : '-')}{(truth.DischargeFetOn ? 'D' : '-')} ");
            sb.Append(CultureInfo.InvariantCulture, $"w={st.WarningMask:x} a={st.AlarmMask:x} f={st.FaultMask:x} s={st.SensorFaultMask:x} bleed={truth.BleedMask:x}/{st.BleedMask:x} valid={st.MeasurementValid} state={(int)st.State}");
            sb.Append(" cells");
            for (int k = 0; k < truth.CellCount; k++)
            {
                sb.Append(CultureInfo.InvariantCulture, $" {truth.CellVoltageV[k] * 1000:0}/{st.CellVoltageMv[k]}");
            }

            _trace!.WriteLine(sb.ToString());
        }

        private void TrackInjectedSensorFaults(long nowMs)
        {
            foreach (Fault f in _runner.Module.Faults.All)
            {
                if (!f.IsActive && !f.HasEnded)
                {
                    continue;
                }

                if (f.Kind is FaultKind.OpenSenseWire or FaultKind.NtcOpen or FaultKind.NtcShort or FaultKind.AdcStuck)
                {
                    _sensorFaultSinceMs = Math.Min(_sensorFaultSinceMs, (long)(f.StartSeconds * 1000));
                }
                else if (f.Kind == FaultKind.CurrentOffsetDrift)
                {
                    // a drifting current sensor is a sensor fault too: the firmware's drift check may name it
                    _currentFaultSinceMs = Math.Min(_currentFaultSinceMs, (long)(f.StartSeconds * 1000));
                    _sensorFaultSinceMs = Math.Min(_sensorFaultSinceMs, (long)(f.StartSeconds * 1000));
                }
            }
        }

        // the external stop input low is a hazard by definition: both FETs open within one tick (ext_stop has no delay)
        private void CheckExternalStop(long nowMs, int periodMs, bool anyFetOn)
        {
            bool asserted = _runner.Module.ExternalStopAsserted;
            if (asserted && _externalStopSinceMs == long.MaxValue)
            {
                _externalStopSinceMs = nowMs;
            }

            long overdueFromMs = TrackExposure(LimitIds.ExternalStop, asserted && anyFetOn, periodMs, nowMs);
            if (overdueFromMs >= 0 && asserted)
            {
                _result.LateTrips++;
                Fail(string.Create(CultureInfo.InvariantCulture, $"late trip: ext_stop low from t={overdueFromMs} ms, FETs opened at t={nowMs} ms (allowed {periodMs} ms)"));
            }
            else if (overdueFromMs >= 0)
            {
                _result.MissedTrips++;
                Fail(string.Create(CultureInfo.InvariantCulture, $"missed trip: ext_stop low from t={overdueFromMs} ms to t={nowMs} ms with a FET closed"));
            }
        }

        // One hazard's exposure (beyond its limit with a FET of its direction conducting): counts a new one, marks it
        // overdue once it outlasts its allowance, and when it ends returns the time it began if it was overdue by
        // then (late if the value is still beyond, missed if it went away with the FET never opened), otherwise -1.
        private long TrackExposure(int id, bool exposed, long allowedMs, long nowMs)
        {
            long startMs = _exposureStartMs[id];
            if (exposed)
            {
                if (startMs < 0)
                {
                    _exposureStartMs[id] = nowMs;
                    _overdue[id] = false;
                    _result.Hazards++;
                }
                else if (!_overdue[id] && nowMs - startMs > allowedMs)
                {
                    _overdue[id] = true;
                }

                return -1;
            }

            if (startMs < 0)
            {
                return -1;
            }

            _exposureStartMs[id] = -1;
            return _overdue[id] ? startMs : -1;
        }

        private void CheckUnobservable(ModuleTruth truth, BmsCore core)
        {
            int limit = core.Config.Get(ProtectionKeys.Key(LimitIds.ChargeOvertemperature, ProtectionKeys.FaultOffset));
            for (int k = 0; k < truth.CellCount; k++)
            {
                int cellDeciC = (int)Math.Round(truth.CellTemperatureC[k] * 10);
                int ntc = Bmu16.NtcOfCell(k, truth.CellCount);
                int ntcDeciC = (int)Math.Round(truth.NtcTemperatureC(ntc) * 10);
                if (cellDeciC >= limit + TemperatureBandDeciC && ntcDeciC < limit && !_unobservable[k])
                {
                    _unobservable[k] = true;
                    _result.UnobservableHazards++;
                }
            }
        }

        private void Finish()
        {
            Harvest();
            long now = _runner.Module.TimeMs;
            foreach (int id in s_finalIds)
            {
                if (_exposureStartMs[id] >= 0 && _overdue[id])
                {
                    _result.MissedTrips++;
                    Fail(string.Create(CultureInfo.InvariantCulture, $"missed trip: {DiagnosisTable.LimitName(id)} exposed from t={_exposureStartMs[id]} ms to the end t={now} ms"));
                }
            }

            _audit.Judge(_broker, _result, _core);
            FirmwareFinish();
        }

        private void Fail(string what)
        {
            _result.Fail(what);
        }

        private static void Check(int result)
        {
            if (result != ResultCode.Ok)
            {
                throw new InvalidOperationException("campaign configuration rejected: " + result.ToString(CultureInfo.InvariantCulture));
            }
        }
    }
}
