using BatteryShift.Bms.Board;
namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// Everything that defines one simulated module. The same options and seed give the same trace.
    /// </summary>
    public sealed class SimulationOptions
    {
        /// <summary>Seed of every random draw (cell spread, per-board tolerances, per-chip ADC errors, noise).</summary>
        public ulong Seed { get; set; } = 1;

        /// <summary>
        /// The chip's 6-byte Wi-Fi MAC address; null (the default) gives each seed its own locally administered
        /// address (<see cref="SimulatedMacAddress.FromSeed"/>). Two modules given the same address model a cloned
        /// or mis-programmed chip.
        /// </summary>
        public byte[]? MacAddress { get; set; }

        /// <summary>Cells in series, 4..16.</summary>
        public int CellCount { get; set; } = Bmu16.MaxCells;

        /// <summary>Physics step, s.</summary>
        public double StepSeconds { get; set; } = 0.1;

        /// <summary>Mean initial state of charge, %.</summary>
        public double InitialSocPct { get; set; } = 50.0;

        /// <summary>Initial SOC spread between cells, 1-sigma, % points.</summary>
        public double InitialSocSpreadPct { get; set; } = 1.0;

        /// <summary>Initial hysteresis state of every cell, -1 (after discharge) .. +1 (after charge).</summary>
        public double InitialHysteresis { get; set; }

        /// <summary>Ambient temperature, C (also the initial temperature of everything).</summary>
        public double AmbientC { get; set; } = 25.0;

        /// <summary>Cell parameters (defaults: LF280K class; load your own with <see cref="CellParameters.Load"/>).</summary>
        public CellParameters Cell { get; set; } = CellParameters.Lf280K();

        /// <summary>Board values and tolerance ranges.</summary>
        public BoardParameters Board { get; set; } = new BoardParameters();

        /// <summary>Which front-end and ADC errors are modelled (<see cref="FrontEndErrors.Ideal"/> for none).</summary>
        public FrontEndErrors Errors { get; set; } = FrontEndErrors.Realistic;

        /// <summary>
        /// Which ESP32 ADC the board carries (default <see cref="AdcGrade.Typical"/>; docs/adc-model.md).
        /// <see cref="AdcGrade.Ideal"/> switches the ADC errors of <see cref="Errors"/> off; <see cref="AdcGrade.Worst"/>
        /// draws the chip and the front end's drifts from <see cref="WorstAdc"/>.
        /// </summary>
        public AdcGrade Adc { get; set; } = AdcGrade.Typical;

        /// <summary>With <see cref="AdcGrade.Worst"/>: a corner chip 0..15 (every magnitude at its limit, the index's bits pick the signs), or -1 for a chip drawn from the seed.</summary>
        public int AdcCorner { get; set; } = -1;

        /// <summary>Ranges of the worst-case ADC and front-end terms.</summary>
        public WorstAdcRanges WorstAdc { get; set; } = new WorstAdcRanges();

        /// <summary>Load and charger on the module terminals (null: nothing connected).</summary>
        public LoadProfile? Load { get; set; }

        /// <summary>MQTT session the firmware talks to (null: an <see cref="OfflineMqttSession"/>).</summary>
        public BatteryShift.Hal.IMqttSession? Mqtt { get; set; }

        /// <summary>Serial transmit buffer, bytes.</summary>
        public int SerialTransmitBufferBytes { get; set; } = 4096;

        /// <summary>Defaults with an ideal front end (no ADC or component errors, no noise).</summary>
        /// <returns>Options.</returns>
        public static SimulationOptions IdealFrontEnd()
        {
            return new SimulationOptions { Errors = FrontEndErrors.Ideal };
        }
    }
}
