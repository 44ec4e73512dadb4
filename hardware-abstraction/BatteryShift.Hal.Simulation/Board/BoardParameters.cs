using BatteryShift.Bms.Board;
namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// Physical values of the simulated BMU-16 board beyond the design constants of <see cref="Bmu16"/>:
    /// tolerances, parasitic resistances, thermal values and the ESP32 ADC error ranges (docs/hardware.md).
    /// Per-board and per-chip values are drawn from these ranges with the simulation seed.
    /// </summary>
    public sealed class BoardParameters
    {
        /// <summary>Resistance of one sense wire (cell tap to board), ohm; bleed current drops across it.</summary>
        public double SenseWireOhm { get; set; } = 0.02;

        /// <summary>Bleed resistor, ohm (docs/hardware.md: 33 Ohm 1 W).</summary>
        public double BleedResistorOhm { get; set; } = Bmu16.BleedResistorOhm;

        /// <summary>Bleed MOSFET on-resistance, ohm.</summary>
        public double BleedFetOhm { get; set; } = 0.1;

        /// <summary>Cell difference-amplifier gain tolerance, +- % (uniform). Brief: 1 %.</summary>
        public double CellAmpGainTolerancePct { get; set; } = 1.0;

        /// <summary>Mux/buffer offset, +- V (uniform, one per mux).</summary>
        public double BufferOffsetV { get; set; } = 0.001;

        /// <summary>Reference tolerance, +- % (uniform, per reference).</summary>
        public double ReferenceTolerancePct { get; set; } = 0.1;

        /// <summary>Module divider tolerance, +- %.</summary>
        public double DividerTolerancePct { get; set; } = 0.5;

        /// <summary>3.3 V rail tolerance, +- %.</summary>
        public double RailTolerancePct { get; set; } = 2.0;

        /// <summary>NTC R25 tolerance, +- %.</summary>
        public double NtcTolerancePct { get; set; } = 1.0;

        /// <summary>Current amplifier input offset, +- V (INA240: +-25 uV max).</summary>
        public double CurrentAmpOffsetV { get; set; } = 25e-6;

        /// <summary>Current amplifier gain error plus shunt tolerance, +- %.</summary>
        public double CurrentAmpGainErrorPct { get; set; } = 0.5;

        /// <summary>Mux output settling time constant, us (buffer and ADC sample capacitor).</summary>
        public double MuxSettleTauUs { get; set; } = 3.0;

        /// <summary>ESP32 Vref lower bound, mV (docs/hardware.md: 1000-1200 mV between chips).</summary>
        public double AdcVrefMinMv { get; set; } = 1000;

        /// <summary>ESP32 Vref upper bound, mV.</summary>
        public double AdcVrefMaxMv { get; set; } = 1200;

        /// <summary>Full scale at 12 dB for Vref = 1100 mV, V.</summary>
        public double AdcFullScaleAtNominalV { get; set; } = 3.1;

        /// <summary>ADC zero offset range, V (input below which the converter reads 0), drawn uniformly.</summary>
        public double AdcOffsetMinV { get; set; } = 0.02;

        /// <summary>ADC zero offset range upper bound, V.</summary>
        public double AdcOffsetMaxV { get; set; } = 0.09;

        /// <summary>Largest INL bow, LSB (docs/hardware.md: +-12 LSB).</summary>
        public double AdcInlMaxLsb { get; set; } = 12;

        /// <summary>Per-code DNL, +- LSB (uniform per code).</summary>
        public double AdcDnlLsb { get; set; } = 0.7;

        /// <summary>Conversion noise, LSB rms.</summary>
        public double AdcNoiseLsb { get; set; } = 2.0;

        /// <summary>Largest ADC gain temperature coefficient, ppm/K (drawn +-, per chip; die at board temperature).</summary>
        public double AdcGainTempcoPpmPerK { get; set; } = 100;

        /// <summary>Largest ADC offset temperature coefficient, uV/K (drawn +-, per chip).</summary>
        public double AdcOffsetTempcoUvPerK { get; set; } = 50;

        /// <summary>Above this input the 12 dB range compresses (docs/hardware.md: usable to about 2.45 V), V.</summary>
        public double AdcLinearTopV { get; set; } = 2.45;

        /// <summary>Slope above <see cref="AdcLinearTopV"/> relative to the linear range.</summary>
        public double AdcCompressionSlope { get; set; } = 0.8;

        /// <summary>Board heat capacity, J/K (PCB, bleed resistors and heat spreader).</summary>
        public double BoardHeatCapacityJPerK { get; set; } = 250;

        /// <summary>Board conductance to ambient, W/K.</summary>
        public double BoardAmbientConductanceWPerK { get; set; } = 0.6;

        /// <summary>Shunt heat capacity, J/K (busbar and shunt).</summary>
        public double ShuntHeatCapacityJPerK { get; set; } = 150;

        /// <summary>Shunt conductance to ambient, W/K.</summary>
        public double ShuntAmbientConductanceWPerK { get; set; } = 0.5;

        /// <summary>Current the board draws from the whole stack (returns to B- ahead of the shunt), A.</summary>
        public double BoardSupplyCurrentA { get; set; } = 0.006;

        /// <summary>Resistance of the external circuit seen by a charger in CV, ohm (cables, FETs, shunt).</summary>
        public double ExternalCircuitOhm { get; set; } = 0.002;

        /// <summary>Shortest watchdog timeout of the fitted supervisor, ms (docs/hardware.md).</summary>
        public double SupervisorTimeoutMinMs { get; set; } = Bmu16.SupervisorTimeoutMinMs;

        /// <summary>Longest watchdog timeout of the fitted supervisor, ms.</summary>
        public double SupervisorTimeoutMaxMs { get; set; } = Bmu16.SupervisorTimeoutMaxMs;

        /// <summary>Secondary protector overvoltage threshold, nominal, V.</summary>
        public double ProtectorOvV { get; set; } = Bmu16.ProtectorOvMv / 1000.0;

        /// <summary>Secondary protector overvoltage threshold tolerance, +- V (datasheet, 0 C to 60 C).</summary>
        public double ProtectorOvToleranceV { get; set; } = Bmu16.ProtectorOvToleranceMv / 1000.0;

        /// <summary>Secondary protector undervoltage threshold, nominal, V.</summary>
        public double ProtectorUvV { get; set; } = Bmu16.ProtectorUvMv / 1000.0;

        /// <summary>Secondary protector undervoltage tolerance, +- V (a budget: docs/hardware.md says why).</summary>
        public double ProtectorUvToleranceV { get; set; } = 0.05;

        /// <summary>Secondary protector delay, nominal, ms.</summary>
        public double ProtectorDelayMs { get; set; } = Bmu16.ProtectorDelayMs;

        /// <summary>Secondary protector delay tolerance, +- fraction (a budget: docs/hardware.md says why).</summary>
        public double ProtectorDelayTolerance { get; set; } = 0.2;

        /// <summary>Secondary protector release hysteresis, V (a budget: docs/hardware.md).</summary>
        public double ProtectorHysteresisV { get; set; } = 0.1;

        /// <summary>A copy.</summary>
        /// <returns>The copy.</returns>
        public BoardParameters Clone()
        {
            return (BoardParameters)MemberwiseClone();
        }
    }
}
