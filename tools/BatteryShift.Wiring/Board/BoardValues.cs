using BatteryShift.Bms.Board;

namespace BatteryShift.Wiring.Board
{
    /// <summary>
    /// Component values and tolerances of the BMU-16 that only the diagrams, the bill of materials and
    /// the design checks need. Everything the firmware also uses (pins, channels, gains, references,
    /// shunt, NTC, bleed resistor) is taken from <see cref="Bmu16"/>, never repeated here. Tolerances
    /// are fractions (0.01 = 1 %).
    /// </summary>
    public static class BoardValues
    {
        // ---- what the checks demand (docs/hardware.md, "Design checks") ----

        /// <summary>Every toleranced value is checked at its own tolerance or this, whichever is worse.</summary>
        public const double ToleranceFloor = 0.01;

        /// <summary>Lowest usable ADC input at 12 dB attenuation (ESP32 datasheet v4.9 table 4-3), volts.</summary>
        public const double AdcMinV = 0.15;

        /// <summary>Highest usable ADC input at 12 dB attenuation, volts.</summary>
        public const double AdcMaxV = 2.45;

        /// <summary>Lowest cell voltage the front end must read (design envelope), volts.</summary>
        public const double CellMinV = 2.0;

        /// <summary>Highest cell voltage the front end must read, volts (OV anchor 3.80 V, docs/references.md).</summary>
        public const double CellMaxV = 3.8;

        /// <summary>Lowest temperature the NTC channels must read, degrees C.</summary>
        public const double NtcMinC = -30.0;

        /// <summary>Highest temperature the NTC channels must read, degrees C.</summary>
        public const double NtcMaxC = 80.0;

        /// <summary>Largest current either way the current channel must read, amperes.</summary>
        public const double CurrentMaxA = 300.0;

        /// <summary>Lowest module voltage the divider must read, volts.</summary>
        public const double ModuleMinV = 32.0;

        /// <summary>Highest module voltage the divider (and every high-voltage part) must take, volts.</summary>
        public const double ModuleMaxV = 64.0;

        /// <summary>Cell voltage for the bleed rating check: the LF280K charge cut-off (docs/references.md), volts.</summary>
        public const double BleedCheckCellV = 3.65;

        // ---- cell difference amplifier: INA149 (TI SBOS579) then a 0.6 divider ----

        /// <summary>INA149 input resistor (internal, laser trimmed), ohms.</summary>
        public const double CellAmpInputOhm = 380e3;

        /// <summary>INA149 internal divider to REF, ohms: the internal op-amp sees Vin x 20k / 400k.</summary>
        public const double CellAmpInternalDividerOhm = 20e3;

        /// <summary>INA149 positive supply, volts.</summary>
        public const double CellAmpSupplyPositiveV = 5.0;

        /// <summary>INA149 negative supply (charge pump), volts.</summary>
        public const double CellAmpSupplyNegativeV = -5.0;

        /// <summary>Internal op-amp inputs must stay this far inside each rail (SBOS579, common-mode range), volts.</summary>
        public const double CellAmpInputHeadroomV = 1.5;

        /// <summary>Gain error budget of the INA149, fraction (checked at the 1 % floor anyway).</summary>
        public const double CellAmpGainError = 0.001;

        /// <summary>Common-mode rejection budget of the INA149, dB.</summary>
        public const double CellAmpCmrrDb = 86.0;

        /// <summary>Offset budget of the INA149, volts.</summary>
        public const double CellAmpOffsetV = 0.001;

        /// <summary>Cell output divider, upper resistor (amp output to mux input), ohms.</summary>
        public const double CellDividerTopOhm = 10.0e3;

        /// <summary>Cell output divider, lower resistor (mux input to ground), ohms.</summary>
        public const double CellDividerBottomOhm = 10.0e3;

        /// <summary>Tolerance of the precision resistors (cell divider, NTC pull-up, REF_LO divider).</summary>
        public const double PrecisionTolerance = 0.001;

        /// <summary>Tolerance of the ordinary resistors.</summary>
        public const double StandardTolerance = 0.01;

        // ---- multiplexers, buffers, ADC pins ----

        /// <summary>Supply of the muxes, buffers, shift registers and current amplifier, volts (DevKitC 3V3).</summary>
        public const double LogicSupplyV = 3.3;

        /// <summary>3V3 rail tolerance (AMS1117-3.3 over load and temperature), fraction.</summary>
        public const double LogicSupplyTolerance = 0.03;

        /// <summary>CD74HC4067 input clamp-diode current, absolute maximum, amperes.</summary>
        public const double MuxClampCurrentMaxA = 0.020;

        /// <summary>Forward drop of the mux input clamp diode taken for the injection check, volts.</summary>
        public const double MuxClampDropV = 0.5;

        /// <summary>MCP6002 buffer offset, maximum, volts.</summary>
        public const double BufferOffsetV = 0.0045;

        /// <summary>Series resistor at each ADC pin, ohms.</summary>
        public const double AdcPinSeriesOhm = 220.0;

        /// <summary>Capacitor at each ADC pin (C0G), nanofarads.</summary>
        public const double AdcPinCapacitorNf = 10.0;

        // ---- references ----

        /// <summary>Initial accuracy of REF3020 (REF_HI) and REF3012 (REF_MID), fraction.</summary>
        public const double ReferenceTolerance = 0.002;

        /// <summary>REF_LO divider from REF_MID, upper resistor, ohms.</summary>
        public const double RefLowTopOhm = 15.0e3;

        /// <summary>REF_LO divider from REF_MID, lower resistor, ohms.</summary>
        public const double RefLowBottomOhm = 10.0e3;

        // ---- NTC ----

        /// <summary>NTC resistance tolerance at 25 C, fraction.</summary>
        public const double NtcR25Tolerance = 0.01;

        /// <summary>NTC beta tolerance, fraction.</summary>
        public const double NtcBetaTolerance = 0.01;

        // ---- module and rail dividers ----

        /// <summary>Module divider, upper resistor (B+ side; 1206, 200 V rated), ohms.</summary>
        public const double ModuleDividerTopOhm = 290e3;

        /// <summary>Module divider, lower resistor, ohms.</summary>
        public const double ModuleDividerBottomOhm = 10.0e3;

        /// <summary>Rail divider, upper resistor, ohms.</summary>
        public const double RailDividerTopOhm = 10.0e3;

        /// <summary>Rail divider, lower resistor, ohms.</summary>
        public const double RailDividerBottomOhm = 10.0e3;

        // ---- current ----

        /// <summary>Shunt tolerance (500 A / 50 mV panel shunt, class 0.5, checked at 1 %), fraction.</summary>
        public const double ShuntTolerance = 0.005;

        /// <summary>INA240 gain error, maximum, fraction.</summary>
        public const double CurrentAmpGainError = 0.002;

        /// <summary>INA240 input offset, maximum, volts.</summary>
        public const double CurrentAmpOffsetV = 25e-6;

        /// <summary>The first design (docs/hardware.md): INA240A2 gain, V/V.</summary>
        public const double OriginalCurrentAmpGain = 50.0;

        /// <summary>The first design (docs/hardware.md): mid-rail reference (3.3 V / 2), volts.</summary>
        public const double OriginalCurrentAmpReferenceV = 1.65;

        // ---- bleed ----

        /// <summary>Bleed resistor tolerance, fraction.</summary>
        public const double BleedResistorTolerance = 0.01;

        /// <summary>Largest share of a bleed resistor's rating it may dissipate (derating for 16 on one board).</summary>
        public const double BleedPowerDerating = 0.5;

        /// <summary>Sense-wire fuse rating, amperes.</summary>
        public const double SenseFuseA = 0.5;

        /// <summary>AO3400A on-resistance at Vgs 2.5 V, maximum, ohms.</summary>
        public const double BleedMosfetRdsOnOhm = 0.048;

        /// <summary>Gate-source voltage at which the AO3400A on-resistance is specified, volts.</summary>
        public const double BleedMosfetVgsSpecV = 2.5;

        /// <summary>Lowest cell voltage at which the firmware may bleed (Libre Solar: Vmax above 3.30 V, docs/references.md), volts.</summary>
        public const double BleedMinCellV = 3.3;

        /// <summary>PC817 collector-emitter saturation, maximum, volts.</summary>
        public const double OptoVceSatV = 0.2;

        /// <summary>PC817 LED forward voltage, minimum (most current), volts.</summary>
        public const double OptoLedVfMinV = 1.0;

        /// <summary>Series resistor of each bleed optocoupler LED, ohms.</summary>
        public const double OptoLedSeriesOhm = 1000.0;

        /// <summary>Bleed MOSFET gate-source pull-down, ohms.</summary>
        public const double BleedGatePullDownOhm = 100e3;

        /// <summary>74HC595 VCC/GND current, absolute maximum, amperes.</summary>
        public const double ShiftRegisterPackageMaxA = 0.070;

        // ---- FET drive and pulls ----

        /// <summary>Gate-drive supply of both power-FET drivers, volts.</summary>
        public const double GateDriveV = 12.0;

        /// <summary>Gate-source Zener clamp on the power FETs, volts.</summary>
        public const double GateZenerV = 15.0;

        /// <summary>Power FET gate-source absolute maximum, volts.</summary>
        public const double PowerFetVgsMaxV = 20.0;

        /// <summary>Series gate resistor per power FET, ohms.</summary>
        public const double GateSeriesOhm = 10.0;

        /// <summary>Gate-source resistor on each FET group, ohms.</summary>
        public const double GateSourceOhm = 10e3;

        /// <summary>Pull-down on each FET enable (GPIO32, GPIO33), ohms.</summary>
        public const double FetEnablePullDownOhm = 100e3;

        /// <summary>Pull-up on bleed output-enable, external stop and COM2 RX, ohms.</summary>
        public const double PullUpOhm = 10e3;

        /// <summary>Status LED series resistor, ohms.</summary>
        public const double StatusLedSeriesOhm = 1000.0;

        /// <summary>Charge-FET opto driver LED series resistor, ohms.</summary>
        public const double ChargeDriverLedSeriesOhm = 150.0;

        /// <summary>Power MOSFETs in parallel per direction.</summary>
        public const int PowerFetsPerDirection = 4;

        /// <summary>Main fuse on the module supply of the board, amperes.</summary>
        public const double SupplyFuseA = 1.0;

        /// <summary>Gate-drive rail converter output, volts.</summary>
        public const double GateRailV = 12.0;

        /// <summary>Converter output for the dev board and the cell amplifiers, volts.</summary>
        public const double FiveVoltRailV = 5.0;
    }
}
