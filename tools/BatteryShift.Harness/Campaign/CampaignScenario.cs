using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace BatteryShift.Harness.Campaign
{
    /// <summary>Duty cycle on the module terminals during a campaign scenario.</summary>
    public enum CampaignDuty
    {
        /// <summary>Nothing connected.</summary>
        Rest = 0,

        /// <summary>CC-CV charger.</summary>
        Charge = 1,

        /// <summary>Constant-current discharge.</summary>
        Discharge = 2,

        /// <summary>Data-centre backup: float charge, then a backup discharge event.</summary>
        Backup = 3,

        /// <summary>Daily peak shaving.</summary>
        PeakShaving = 4,

        /// <summary>Frequency regulation (random signed current).</summary>
        FrequencyRegulation = 5,
    }

    /// <summary>What starts a scheduled fault.</summary>
    public enum FaultTrigger
    {
        /// <summary>At <see cref="ScenarioFault.StartSeconds"/>.</summary>
        Time = 0,

        /// <summary>When the module first bleeds a cell (a sensor fault during balancing), plus the delay.</summary>
        WhileBleeding = 1,

        /// <summary>When a fault is first latched by the firmware, plus the delay (a brown-out while latched).</summary>
        WhileLatched = 2,

        /// <summary>When an alarm is first raised, plus the delay (the broker gone while an alarm rises).</summary>
        WhileAlarm = 3,
    }

    /// <summary>One fault of a scenario: a simulation catalogue fault, or an over-current event of the load.</summary>
    public sealed class ScenarioFault
    {
        /// <summary>Catalogue kind, or null for a load over-current event.</summary>
        public BatteryShift.Hal.Simulation.FaultKind? Kind { get; set; }

        /// <summary>Target (cell, wire, channel).</summary>
        public int Target { get; set; }

        /// <summary>Value (magnitude; for a load event: the current, A, negative = discharge).</summary>
        public double Value { get; set; } = double.NaN;

        /// <summary>Start, s (time trigger).</summary>
        public double StartSeconds { get; set; }

        /// <summary>Duration, s.</summary>
        public double DurationSeconds { get; set; } = double.PositiveInfinity;

        /// <summary>Trigger.</summary>
        public FaultTrigger Trigger { get; set; }

        /// <summary>Delay after a conditional trigger, s.</summary>
        public double TriggerDelaySeconds { get; set; }

        /// <summary>True for a sensor-side fault (the firmware sees wrong values, the cells are fine).</summary>
        public bool IsSensorFault => Kind is BatteryShift.Hal.Simulation.FaultKind.OpenSenseWire or BatteryShift.Hal.Simulation.FaultKind.NtcOpen
            or BatteryShift.Hal.Simulation.FaultKind.NtcShort or BatteryShift.Hal.Simulation.FaultKind.AdcStuck or BatteryShift.Hal.Simulation.FaultKind.CurrentOffsetDrift;

        /// <inheritdoc />
        public override string ToString()
        {
            string what = Kind.HasValue ? Kind.Value.ToString() : "LoadCurrent";
            string when = Trigger == FaultTrigger.Time
                ? string.Create(CultureInfo.InvariantCulture, $"t={StartSeconds:0.#}s")
                : string.Create(CultureInfo.InvariantCulture, $"{Trigger}+{TriggerDelaySeconds:0.#}s");
            return string.Create(CultureInfo.InvariantCulture, $"{what}(target {Target}, value {Value:0.###}, {when}, for {DurationSeconds:0.#}s)");
        }
    }

    /// <summary>One drawn scenario. The same seed always gives the same scenario and the same trace.</summary>
    public sealed class CampaignScenario
    {
        /// <summary>Seed the scenario was drawn from (also the simulation seed).</summary>
        public ulong Seed { get; set; }

        /// <summary>Longest duration the scenario was drawn with, s (part of its identity with the seed).</summary>
        public double MaxSeconds { get; set; } = ScenarioGenerator.MaxSeconds;

        /// <summary>Named combination the generator aimed at (for the report).</summary>
        public string Template { get; set; } = "single";

        /// <summary>Simulated duration, s (before the final drain of telemetry).</summary>
        public double DurationSeconds { get; set; }

        /// <summary>Duty cycle.</summary>
        public CampaignDuty Duty { get; set; }

        /// <summary>Duty magnitude, A (charge or discharge current, backup current, regulation amplitude).</summary>
        public double DutyCurrentA { get; set; }

        /// <summary>Backup event start, s (backup duty).</summary>
        public double BackupStartSeconds { get; set; }

        /// <summary>Backup event length, s.</summary>
        public double BackupSeconds { get; set; }

        /// <summary>Initial mean SOC, %.</summary>
        public double InitialSocPct { get; set; }

        /// <summary>Initial SOC spread, 1-sigma, % points.</summary>
        public double SocSpreadPct { get; set; }

        /// <summary>Ambient, C.</summary>
        public double AmbientC { get; set; }

        /// <summary>True for the realistic front-end and ADC error draw, false for an ideal front end.</summary>
        public bool RealisticErrors { get; set; }

        /// <summary>The ESP32 ADC of a realistic front end (<see cref="CampaignRunner.Run"/> sets it for a whole run).</summary>
        public BatteryShift.Hal.Simulation.AdcGrade Adc { get; set; } = BatteryShift.Hal.Simulation.AdcGrade.Typical;

        /// <summary>With the worst-case ADC: the corner chip 0..15, or -1 for a chip drawn from the seed.</summary>
        public int AdcCorner { get; set; } = -1;

        /// <summary>Faults (empty: a fault-free scenario).</summary>
        public List<ScenarioFault> Faults { get; } = new List<ScenarioFault>();

        /// <summary>Firmware, memory or command fault (null: none).</summary>
        public FirmwareFaultPlan? Firmware { get; set; }

        /// <summary>True when nothing is injected (no catalogue fault, no load event, no firmware fault).</summary>
        public bool FaultFree => Faults.Count == 0 && Firmware == null;

        /// <inheritdoc />
        public override string ToString()
        {
            var sb = new StringBuilder();
            sb.Append(CultureInfo.InvariantCulture, $"seed {Seed}{(MaxSeconds != ScenarioGenerator.MaxSeconds ? $" (max {MaxSeconds:0} s)" : string.Empty)} [{Template}] {DurationSeconds:0}s {Duty} {DutyCurrentA:0.#}A");
            if (Duty == CampaignDuty.Backup)
            {
                sb.Append(CultureInfo.InvariantCulture, $" (event at {BackupStartSeconds:0}s for {BackupSeconds:0}s)");
            }

            sb.Append(CultureInfo.InvariantCulture, $", soc {InitialSocPct:0.#}% +-{SocSpreadPct:0.##}, ambient {AmbientC:0.#}C, {(RealisticErrors ? "realistic" : "ideal")} front end");
            if (RealisticErrors && Adc != BatteryShift.Hal.Simulation.AdcGrade.Typical)
            {
                sb.Append(CultureInfo.InvariantCulture, $" ({Adc.ToString().ToLowerInvariant()} ADC{(AdcCorner >= 0 ? $", corner {AdcCorner}" : string.Empty)})");
            }

            foreach (ScenarioFault f in Faults)
            {
                sb.Append("; ").Append(f);
            }

            if (Firmware != null)
            {
                sb.Append("; ").Append(Firmware);
            }

            return sb.ToString();
        }
    }
}
