namespace BatteryShift.Bms.Board
{
    /// <summary>
    /// The BMU-16 reference board (docs/hardware.md): the one definition of its topology (how many cells it
    /// measures, which NTC sits by which cells, the multiplexer and reference channels), its pins, ADC channels
    /// and front-end values. The firmware, the simulated board (hardware-abstraction/BatteryShift.Hal.Simulation),
    /// telemetry and the wiring generator (tools/BatteryShift.Wiring) all read this class; nothing restates it.
    /// </summary>
    public static class Bmu16
    {
        /// <summary>Most cells in series the board measures.</summary>
        public const int MaxCells = 16;

        /// <summary>Fewest cells in series the firmware accepts as a configuration.</summary>
        public const int MinCells = 4;

        // ---- ADC1 channels (nanoFramework numbering; ADC2 is unusable while Wi-Fi runs) ----

        /// <summary>ADC channel of mux A (cell difference amplifiers), GPIO36.</summary>
        public const int AdcMuxCells = 0;

        /// <summary>ADC channel of mux B (temperatures, references, housekeeping), GPIO39.</summary>
        public const int AdcMuxAux = 3;

        /// <summary>ADC channel of the current-sense amplifier output, GPIO34.</summary>
        public const int AdcCurrent = 6;

        /// <summary>ADC channel of the current-sense amplifier's reference, GPIO35.</summary>
        public const int AdcCurrentReference = 7;

        /// <summary>Largest raw count of ADC1 (12-bit converter).</summary>
        public const int MaxAdcCount = 4095;

        // ---- GPIO ----

        /// <summary>GPIO of the ADC1 channel <see cref="AdcMuxCells"/>.</summary>
        public const int PinMuxCellsAnalog = 36;

        /// <summary>GPIO of the ADC1 channel <see cref="AdcMuxAux"/>.</summary>
        public const int PinMuxAuxAnalog = 39;

        /// <summary>GPIO of the ADC1 channel <see cref="AdcCurrent"/>.</summary>
        public const int PinCurrentAnalog = 34;

        /// <summary>GPIO of the ADC1 channel <see cref="AdcCurrentReference"/>.</summary>
        public const int PinCurrentReferenceAnalog = 35;

        /// <summary>Mux select S0 (both muxes), GPIO25.</summary>
        public const int PinMuxS0 = 25;

        /// <summary>Mux select S1, GPIO26.</summary>
        public const int PinMuxS1 = 26;

        /// <summary>Mux select S2, GPIO27.</summary>
        public const int PinMuxS2 = 27;

        /// <summary>Mux select S3, GPIO14.</summary>
        public const int PinMuxS3 = 14;

        /// <summary>74HC595 serial data (DS), GPIO23.</summary>
        public const int PinBleedData = 23;

        /// <summary>74HC595 shift clock (SRCLK), GPIO18.</summary>
        public const int PinBleedClock = 18;

        /// <summary>74HC595 latch clock (RCLK), GPIO19.</summary>
        public const int PinBleedLatch = 19;

        /// <summary>74HC595 output enable (OE, active low, pulled up: bleeders off at reset), GPIO21.</summary>
        public const int PinBleedOutputEnable = 21;

        /// <summary>Charge FET gate-driver enable (active high, pulled down: off at reset), GPIO32.</summary>
        public const int PinChargeFet = 32;

        /// <summary>Discharge FET gate-driver enable (active high, pulled down: off at reset), GPIO33.</summary>
        public const int PinDischargeFet = 33;

        /// <summary>External stop input (active low, pulled up), GPIO13.</summary>
        public const int PinExternalStop = 13;

        /// <summary>COM2 transmit to the USB-serial adapter's RX, GPIO22.</summary>
        public const int PinSerialTx = 22;

        /// <summary>COM2 receive from the USB-serial adapter's TX, GPIO4.</summary>
        public const int PinSerialRx = 4;

        /// <summary>Status LED, GPIO2 (a strapping pin: only an LED, low at boot).</summary>
        public const int PinStatusLed = 2;

        /// <summary>
        /// Watchdog service (WDI of the TPS3431 supervisor and clock of the two 74LVC74 flip-flops), GPIO16, pulled down:
        /// one pulse (rising then falling edge) after each complete, healthy control tick. The first rising edge after a
        /// reset arms the supervisor (its SET1 from the arm flip-flop); from then a missing pulse for longer than its
        /// timeout opens both FETs by hardware and resets the ESP32 (docs/hardware.md, "Protection the firmware cannot
        /// loosen").
        /// </summary>
        public const int PinWatchdogKick = 16;

        /// <summary>
        /// Watchdog-reset flag (Q of the flag flip-flop), GPIO17, input: high when the supervisor's timeout pulled the
        /// ESP32 into reset, until the first watchdog pulse clears it. Read once at start-up, before the first pulse.
        /// </summary>
        public const int PinWatchdogFlag = 17;

        // ---- hardware protection the firmware cannot change (docs/hardware.md) ----

        /// <summary>
        /// Shortest watchdog timeout of the supervisor as fitted, ms: TPS3431 with 22 nF C0G (5 %) on CWD and SET1 high,
        /// tWD = 77.4 ms/nF x C + 55 ms, times 0.905 (datasheet SNVSB66A, CWD equation and table), at 20.9 nF.
        /// </summary>
        public const int SupervisorTimeoutMinMs = 1513;

        /// <summary>
        /// Longest watchdog timeout of the supervisor as fitted, ms: the same at 23.1 nF, times 1.095. A control thread
        /// that stops servicing the watchdog has both FETs opened by hardware at most this long after its last pulse.
        /// </summary>
        public const int SupervisorTimeoutMaxMs = 2018;

        /// <summary>
        /// Secondary protector (BQ77216, factory-set per ordering option) overvoltage threshold, mV: above the firmware's
        /// hard envelope (3800 mV) so it never acts before the firmware's own fault, below what damages an LFP cell.
        /// </summary>
        public const int ProtectorOvMv = 3850;

        /// <summary>Secondary protector undervoltage threshold, mV (factory-set, below the firmware's 2500 mV floor).</summary>
        public const int ProtectorUvMv = 2200;

        /// <summary>Tolerance of the protector's overvoltage threshold, mV (+-20 mV from 0 C to 60 C, BQ77216 datasheet).</summary>
        public const int ProtectorOvToleranceMv = 20;

        /// <summary>Protector overvoltage (and undervoltage) delay, ms (fixed internal timer of the ordering option).</summary>
        public const int ProtectorDelayMs = 1000;

        // ---- mux B channels ----

        /// <summary>First of the eight cell-group NTC channels (0..7).</summary>
        public const int AuxNtcFirst = 0;

        /// <summary>Number of cell-group NTCs; which cells each sits by is <see cref="NtcOfCell"/>.</summary>
        public const int CellNtcCount = 8;

        /// <summary>Shunt / busbar NTC.</summary>
        public const int AuxNtcShunt = 8;

        /// <summary>Board NTC (near the bleed resistors).</summary>
        public const int AuxNtcBoard = 9;

        /// <summary>REF_HI, 2.048 V precision reference.</summary>
        public const int AuxRefHigh = 10;

        /// <summary>REF_MID, 1.250 V precision reference.</summary>
        public const int AuxRefMid = 11;

        /// <summary>REF_LO, 0.500 V precision reference.</summary>
        public const int AuxRefLow = 12;

        /// <summary>Ground.</summary>
        public const int AuxGround = 13;

        /// <summary>Module voltage through a 1/30 divider.</summary>
        public const int AuxModuleDivider = 14;

        /// <summary>3.3 V rail through a 1/2 divider.</summary>
        public const int AuxRailHalf = 15;

        /// <summary>Total temperature channels: eight cell groups, shunt, board.</summary>
        public const int TemperatureCount = 10;

        // ---- front-end values ----

        /// <summary>
        /// Cell difference-amplifier gain, in 1/10000 V/V (0.5 V/V: 0-3.8 V cell to 0-1.9 V). Below 0.55 so that a cell
        /// at the 3.8 V envelope stays under raw 2880 on every ESP32 (Vref 1000 mV), where the 11/12 dB range starts to
        /// compress (docs/adc-model.md, "Error budget"); the first board had 0.6.
        /// </summary>
        public const int CellAmpGainE4 = 5000;

        /// <summary>REF_HI in millivolts.</summary>
        public const int RefHighMv = 2048;

        /// <summary>REF_MID in millivolts.</summary>
        public const int RefMidMv = 1250;

        /// <summary>REF_LO in millivolts.</summary>
        public const int RefLowMv = 500;

        /// <summary>Module voltage divider ratio (input / output).</summary>
        public const int ModuleDividerRatio = 30;

        /// <summary>Rail divider ratio.</summary>
        public const int RailDividerRatio = 2;

        /// <summary>
        /// Current shunt in micro-ohms. the first design had 100 uOhm with an INA240A2 (gain 50) at mid-rail;
        /// +-300 A then swings the output +-1.5 V, more than the ADC's 0.15-2.45 V window holds. The board
        /// uses the INA240A1 (gain 20) referenced to REF_MID 1.25 V instead: +-300 A is 0.65-1.85 V.
        /// </summary>
        public const int ShuntMicroOhm = 100;

        /// <summary>Current-sense amplifier gain, V/V (INA240A1).</summary>
        public const int CurrentAmpGain = 20;

        /// <summary>Current-sense amplifier reference, millivolts (REF_MID, read back on GPIO35).</summary>
        public const int CurrentAmpReferenceMv = 1250;

        /// <summary>NTC resistance at 25 C, ohms (10 kOhm B3950).</summary>
        public const int NtcR25Ohm = 10000;

        /// <summary>NTC beta, kelvin.</summary>
        public const int NtcBetaK = 3950;

        /// <summary>NTC pull-up to REF_HI, ohms (0.1 %).</summary>
        public const int NtcPullUpOhm = 10000;

        /// <summary>Bleed resistor per cell, ohms (1 W).</summary>
        public const int BleedResistorOhm = 33;

        /// <summary>Bleed resistor power rating, milliwatts.</summary>
        public const int BleedResistorRatingMw = 1000;

        /// <summary>Serial monitor baud rate (COM2, 8N1).</summary>
        public const int SerialBaud = 115200;

        // ---- topology: which cell-group NTC sits by which cells ----

        /// <summary>
        /// The cell-group NTC that sits by a cell: the eight sensors are spread evenly over the cells in series,
        /// cell i by NTC i * 8 / cells (two cells per NTC on 16 cells, one on 8; on 12 cells NTCs 0, 2, 4, 6 sit by
        /// two cells and the others by one). Every use of a cell's temperature (estimation, telemetry, the
        /// simulated module, the wiring) takes it from here. See docs/hardware.md.
        /// </summary>
        /// <param name="cellIndex">Cell index, 0-based.</param>
        /// <param name="cellCount">Cells in series, <see cref="MinCells"/>..<see cref="MaxCells"/>.</param>
        /// <returns>NTC (mux B channel <see cref="AuxNtcFirst"/> + the result), 0..<see cref="CellNtcCount"/>-1.</returns>
        public static int NtcOfCell(int cellIndex, int cellCount)
        {
            return cellIndex * CellNtcCount / cellCount;
        }

        /// <summary>
        /// The first cell a cell-group NTC sits by: the lowest cell whose <see cref="NtcOfCell"/> is this NTC. On
        /// fewer than eight cells some NTCs are the NTC of no cell; such an NTC is fitted on the cell below it (the
        /// same cell as the NTC before it) so that every NTC reads a cell.
        /// </summary>
        /// <param name="ntc">NTC 0..<see cref="CellNtcCount"/>-1.</param>
        /// <param name="cellCount">Cells in series.</param>
        /// <returns>Cell index, 0-based.</returns>
        public static int FirstCellOfNtc(int ntc, int cellCount)
        {
            int first = ((ntc * cellCount) + CellNtcCount - 1) / CellNtcCount;
            return first <= LastCellOfNtc(ntc, cellCount) ? first : ntc * cellCount / CellNtcCount;
        }

        /// <summary>
        /// The last cell a cell-group NTC sits by (see <see cref="FirstCellOfNtc"/>).
        /// </summary>
        /// <param name="ntc">NTC 0..<see cref="CellNtcCount"/>-1.</param>
        /// <param name="cellCount">Cells in series.</param>
        /// <returns>Cell index, 0-based.</returns>
        public static int LastCellOfNtc(int ntc, int cellCount)
        {
            int last = ((((ntc + 1) * cellCount) + CellNtcCount - 1) / CellNtcCount) - 1;
            int below = ntc * cellCount / CellNtcCount;
            return last >= below ? last : below;
        }
}
}
