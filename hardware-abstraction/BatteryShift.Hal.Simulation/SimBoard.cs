namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// The BMU-16 board facts the simulation wires up (shared/design/hardware.md). These restate the firmware's
    /// board definition (firmware/BatteryShift.Bms/Board/Bmu16.cs) so that the simulation needs nothing from the
    /// BMS; a test checks that both agree.
    /// </summary>
    public static class SimBoard
    {
        /// <summary>Most cells in series.</summary>
        public const int MaxCells = 16;

        /// <summary>Fewest cells in series.</summary>
        public const int MinCells = 4;

        /// <summary>ADC1 channel of mux A (cells), GPIO36.</summary>
        public const int AdcMuxCells = 0;

        /// <summary>ADC1 channel of mux B (aux), GPIO39.</summary>
        public const int AdcMuxAux = 3;

        /// <summary>ADC1 channel of the current amplifier output, GPIO34.</summary>
        public const int AdcCurrent = 6;

        /// <summary>ADC1 channel of the current amplifier reference, GPIO35.</summary>
        public const int AdcCurrentReference = 7;

        /// <summary>GPIO of mux A's ADC channel.</summary>
        public const int PinMuxCellsAnalog = 36;

        /// <summary>GPIO of mux B's ADC channel.</summary>
        public const int PinMuxAuxAnalog = 39;

        /// <summary>GPIO of the current amplifier output.</summary>
        public const int PinCurrentAnalog = 34;

        /// <summary>GPIO of the current amplifier reference.</summary>
        public const int PinCurrentReferenceAnalog = 35;

        /// <summary>COM2 TX.</summary>
        public const int PinSerialTx = 22;

        /// <summary>COM2 RX.</summary>
        public const int PinSerialRx = 4;

        /// <summary>Mux select S0.</summary>
        public const int PinMuxS0 = 25;

        /// <summary>Mux select S1.</summary>
        public const int PinMuxS1 = 26;

        /// <summary>Mux select S2.</summary>
        public const int PinMuxS2 = 27;

        /// <summary>Mux select S3.</summary>
        public const int PinMuxS3 = 14;

        /// <summary>74HC595 DS.</summary>
        public const int PinBleedData = 23;

        /// <summary>74HC595 SRCLK.</summary>
        public const int PinBleedClock = 18;

        /// <summary>74HC595 RCLK.</summary>
        public const int PinBleedLatch = 19;

        /// <summary>74HC595 OE (active low, pulled up).</summary>
        public const int PinBleedOutputEnable = 21;

        /// <summary>Charge FET enable (active high, pulled down).</summary>
        public const int PinChargeFet = 32;

        /// <summary>Discharge FET enable (active high, pulled down).</summary>
        public const int PinDischargeFet = 33;

        /// <summary>External stop input (active low, pulled up).</summary>
        public const int PinExternalStop = 13;

        /// <summary>Status LED.</summary>
        public const int PinStatusLed = 2;

        /// <summary>First cell-group NTC on mux B.</summary>
        public const int AuxNtcFirst = 0;

        /// <summary>Cell-group NTCs.</summary>
        public const int CellNtcCount = 8;

        /// <summary>Shunt NTC on mux B.</summary>
        public const int AuxNtcShunt = 8;

        /// <summary>Board NTC on mux B.</summary>
        public const int AuxNtcBoard = 9;

        /// <summary>REF_HI on mux B.</summary>
        public const int AuxRefHigh = 10;

        /// <summary>REF_MID on mux B.</summary>
        public const int AuxRefMid = 11;

        /// <summary>REF_LO on mux B.</summary>
        public const int AuxRefLow = 12;

        /// <summary>Ground on mux B.</summary>
        public const int AuxGround = 13;

        /// <summary>Module divider on mux B.</summary>
        public const int AuxModuleDivider = 14;

        /// <summary>Rail / 2 on mux B.</summary>
        public const int AuxRailHalf = 15;

        /// <summary>Temperature channels (8 groups, shunt, board).</summary>
        public const int TemperatureCount = 10;

        /// <summary>Cell amplifier gain, 1/10000 V/V.</summary>
        public const int CellAmpGainE4 = 6000;

        /// <summary>REF_HI, mV.</summary>
        public const int RefHighMv = 2048;

        /// <summary>REF_MID, mV.</summary>
        public const int RefMidMv = 1250;

        /// <summary>REF_LO, mV.</summary>
        public const int RefLowMv = 500;

        /// <summary>Module divider ratio.</summary>
        public const int ModuleDividerRatio = 30;

        /// <summary>Rail divider ratio.</summary>
        public const int RailDividerRatio = 2;

        /// <summary>Shunt, micro-ohm.</summary>
        public const int ShuntMicroOhm = 100;

        /// <summary>Current amplifier gain (INA240A1).</summary>
        public const int CurrentAmpGain = 20;

        /// <summary>Current amplifier reference, mV.</summary>
        public const int CurrentAmpReferenceMv = 1250;

        /// <summary>NTC R25, ohm.</summary>
        public const int NtcR25Ohm = 10000;

        /// <summary>NTC beta, K.</summary>
        public const int NtcBetaK = 3950;

        /// <summary>NTC pull-up, ohm.</summary>
        public const int NtcPullUpOhm = 10000;

        /// <summary>Bleed resistor, ohm.</summary>
        public const int BleedResistorOhm = 33;

        /// <summary>Bleed resistor rating, mW.</summary>
        public const int BleedResistorRatingMw = 1000;

        /// <summary>Serial baud rate.</summary>
        public const int SerialBaud = 115200;

        /// <summary>Largest ADC count (12 bit).</summary>
        public const int AdcMaxCount = 4095;
    }
}
