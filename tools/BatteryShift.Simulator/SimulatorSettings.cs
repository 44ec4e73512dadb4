using System.Collections.Generic;

namespace BatteryShift.Simulator
{
    /// <summary>What one simulator run does (from the command line).</summary>
    public sealed class SimulatorSettings
    {
        /// <summary>Simulated seconds per wall-clock second; 0 or less: as fast as possible.</summary>
        public double Speed { get; set; } = 60;

        /// <summary>Simulated time to run, s; null: until stopped.</summary>
        public double? DurationSeconds { get; set; }

        /// <summary>Built-in load profile by name (EssProfiles: peak-shaving, backup, frequency-regulation, ...).</summary>
        public string Scenario { get; set; } = "peak-shaving";

        /// <summary>Load profile CSV (replaces the scenario), or null.</summary>
        public string? ProfileCsv { get; set; }

        /// <summary>Time of day at start, hours.</summary>
        public double StartHour { get; set; }

        /// <summary>Seed of the module's random draws.</summary>
        public ulong Seed { get; set; } = 1;

        /// <summary>Which ESP32 ADC the virtual board carries (default typical).</summary>
        public BatteryShift.Hal.Simulation.AdcGrade Adc { get; set; } = BatteryShift.Hal.Simulation.AdcGrade.Typical;

        /// <summary>Cells in series.</summary>
        public int Cells { get; set; } = 16;

        /// <summary>Initial mean SOC, %.</summary>
        public double InitialSocPct { get; set; } = 50;

        /// <summary>Faults to inject.</summary>
        public List<FaultSpec> Faults { get; } = new();

        /// <summary>Serial device or pseudo-terminal for the COM2 bytes instead of stdout, or null.</summary>
        public string? SerialPath { get; set; }

        /// <summary>Start in line mode (machine-readable records).</summary>
        public bool LineMode { get; set; }

        /// <summary>Serial status period, ms (null: the simulator default of 60 s).</summary>
        public int? PeriodMs { get; set; }

        /// <summary>Settings applied to the boot configuration: name and value.</summary>
        public List<KeyValuePair<string, string>> ConfigSets { get; } = new();

        /// <summary>MQTT broker: "inproc", "off" or host:port.</summary>
        public string Broker { get; set; } = "inproc";

        /// <summary>Read console input from standard input.</summary>
        public bool ReadStdin { get; set; } = true;

        /// <summary>
        /// True (default): at start the simulator does the bring-up calibration a user does with a multimeter
        /// (service on, two cal points per cell at the true cell voltage, service off); false shows the
        /// uncalibrated module (balancing held off unless bal.uncal is 1).
        /// </summary>
        public bool Calibrate { get; set; } = true;

        /// <summary>
        /// The power converter on the terminals: Follow (default) follows the module's limits message (CCL, DCL, CVL,
        /// allowed flags, staleness; <see cref="BatteryShift.Hal.Simulation.LimitFollowingConverter"/>); Ignore runs the
        /// duty profile alone, stopped only by the module's FETs.
        /// </summary>
        public BatteryShift.Harness.ConverterMode Converter { get; set; } = BatteryShift.Harness.ConverterMode.Follow;
    }
}
