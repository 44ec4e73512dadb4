using BatteryShift.Bms.Board;

namespace BatteryShift.Bms
{
    /// <summary>
    /// The module's state as the core knows it: read by every stage, telemetry and the console, and each field
    /// written only by the stage that owns it, named in each group below (docs/architecture.md has the table).
    /// One instance, made at start-up; arrays are sized for <see cref="Bmu16.MaxCells"/> and only the
    /// first <see cref="CellCount"/> entries are meaningful. Current is positive into the module (charge).
    /// </summary>
    public sealed class ModuleStatus
    {
        // ---- BmsCore (configuration, clock, tick health, reset cause); State: StateMachine/ModuleStateMachine ----

        /// <summary>Cells in series (4..16).</summary>
        public int CellCount = Bmu16.MaxCells;

        /// <summary>Uptime of the last completed control tick, ms.</summary>
        public long TimeMs;

        /// <summary>Control ticks completed.</summary>
        public long TickCount;

        /// <summary>Control ticks that threw (each latches <see cref="Protection.LimitIds.FirmwareFault"/>).</summary>
        public long FailedTickCount;

        /// <summary>Control ticks that began more than half a period later than the period after the one before.</summary>
        public long LateTickCount;

        /// <summary>The last reset was the external watchdog's (the board's flag, read at start-up).</summary>
        public bool WatchdogReset;

        /// <summary>State machine state.</summary>
        public ModuleState State = ModuleState.Boot;

        // ---- measurement: Measurement/CellChannels (cells, extremes, MeasurementValid), TemperatureChannels
        // (temperatures), CurrentChannel (PackCurrentMa, CurrentZeroed), Acquisition (module voltage, CellScanBleedersOff,
        // AuxGroundMv, RailMv), SensorFaultDebounce (SensorFaultMask); ExternalStopAsserted: Protection/ExternalStopInput ----

        /// <summary>Calibrated cell voltages, mV, measured with the bleeders off.</summary>
        public readonly int[] CellVoltageMv = new int[Bmu16.MaxCells];

        /// <summary>Temperatures, 0.1 C: cell groups 0..7, shunt 8, board 9.</summary>
        public readonly int[] TemperatureDeciC = new int[Bmu16.TemperatureCount];

        /// <summary>Module current, mA, positive into the module.</summary>
        public int PackCurrentMa;

        /// <summary>The current sensor's offset has been learned from enough scans at zero current to be used.</summary>
        public bool CurrentZeroed;

        /// <summary>Module voltage from the divider, mV.</summary>
        public int ModuleVoltageMv;

        /// <summary>Sum of the cell voltages, mV.</summary>
        public int SumOfCellsMv;

        /// <summary>Lowest cell voltage, mV.</summary>
        public int MinCellMv;

        /// <summary>Highest cell voltage, mV.</summary>
        public int MaxCellMv;

        /// <summary>Index (0-based) of the lowest cell.</summary>
        public int MinCellIndex;

        /// <summary>Index (0-based) of the highest cell.</summary>
        public int MaxCellIndex;

        /// <summary>Lowest cell temperature of the eight groups, 0.1 C.</summary>
        public int MinTemperatureDeciC;

        /// <summary>Highest cell temperature of the eight groups, 0.1 C.</summary>
        public int MaxTemperatureDeciC;

        /// <summary>True once a complete, plausible scan has been taken.</summary>
        public bool MeasurementValid;

        /// <summary>
        /// True when this tick's cell scan was taken with every bleeder switched off by the measurement
        /// stage (a bleed-off measurement phase). Bleed current flows in the sense wires, so the balancer
        /// decides only on such a scan or on one taken after a tick without bleeding.
        /// </summary>
        public bool CellScanBleedersOff;

        /// <summary>Temperature channels with a plausible reading: bit n is channel n (an open or shorted NTC keeps its last value and clears its bit).</summary>
        public int TemperatureValidMask;

        // ---- protection: Protection/ProtectionMonitor (the level masks); the FETs and the inverter limits are
        // written by Outputs/OutputStage and Outputs/CurrentLimits ----

        /// <summary>Limits at warning level: bit n is limit id n.</summary>
        public int WarningMask;

        /// <summary>Limits at alarm level (current derated): bit n is limit id n.</summary>
        public int AlarmMask;

        /// <summary>Latched faults (FETs open): bit n is limit id n.</summary>
        public int FaultMask;

        /// <summary>Active sensor faults: bit n is sensor fault id n.</summary>
        public int SensorFaultMask;

        /// <summary>Stored records rejected at start-up, running on a fallback (<see cref="Persistence.StoreFallback"/> bits).</summary>
        public int FallbackMask;

        /// <summary>Corrected reading of the mux B ground channel in the last scan with valid references, mV (about 0).</summary>
        public int AuxGroundMv;

        /// <summary>The 3.3 V rail from the last scan with valid references, mV.</summary>
        public int RailMv;

        /// <summary>True while the external stop input (GPIO13) reads low in this tick.</summary>
        public bool ExternalStopAsserted;

        /// <summary>Charge FET commanded on.</summary>
        public bool ChargeFetOn;

        /// <summary>Discharge FET commanded on.</summary>
        public bool DischargeFetOn;

        /// <summary>Charge voltage limit for the inverter, mV (never 0).</summary>
        public int ChargeVoltageLimitMv;

        /// <summary>Charge current limit for the inverter, mA.</summary>
        public int ChargeCurrentLimitMa;

        /// <summary>Discharge current limit for the inverter, mA.</summary>
        public int DischargeCurrentLimitMa;

        // ---- estimation: Estimation/SocEstimator ----

        /// <summary>Module state of charge, percent.</summary>
        public float SocPct;

        /// <summary>Standard uncertainty of <see cref="SocPct"/>, percent: how far to trust it.</summary>
        public float SocUncertaintyPct;

        /// <summary>
        /// The cells' open-circuit voltage off the estimator's OCV table as learned at rests, mV (cells minus table,
        /// on the plateau; 0 until learned).
        /// </summary>
        public int OcvTableOffsetMv;

        /// <summary>True while the cells do not fit the estimator's OCV table (see EventKind.TableFit).</summary>
        public bool OcvTableMisfit;

        /// <summary>Module state of health (capacity vs rated), percent.</summary>
        public float SohPct = 100f;

        /// <summary>Per-cell state of charge, percent.</summary>
        public readonly float[] CellSocPct = new float[Bmu16.MaxCells];

        /// <summary>
        /// Per-cell charge still to be charged before the cell is full, mAh. Counts the charge bled out of
        /// each cell (<see cref="CellBledMas"/>): charge-based balancing bleeds until these agree.
        /// </summary>
        public readonly int[] CellChargeToFullMah = new int[Bmu16.MaxCells];

        /// <summary>
        /// Per-cell least charge to full the cell's last model-corrected voltage allows, mAh: the estimator's
        /// interval of SOC consistent with the voltage (its bounded model bias and hysteresis included), upper
        /// edge. 0 when the voltage cannot exclude a full cell (anywhere above the flat plateau's end).
        /// </summary>
        public readonly int[] CellChargeToFullMinMah = new int[Bmu16.MaxCells];

        /// <summary>
        /// Per-cell most charge to full the cell's last model-corrected voltage allows, mAh (the lower edge of
        /// the same interval); the capacity when the voltage cannot exclude an empty cell.
        /// </summary>
        public readonly int[] CellChargeToFullMaxMah = new int[Bmu16.MaxCells];

        /// <summary>Remaining dischargeable charge of the module, mAh.</summary>
        public int RemainingMah;

        /// <summary>Estimated usable capacity of the module, mAh.</summary>
        public int CapacityMah;

        /// <summary>Full-equivalent cycles.</summary>
        public int CycleCount;

        /// <summary>Charge counted into the module, mAs (counted only while the charge FET is on).</summary>
        public long ChargeInMas;

        /// <summary>Charge counted out of the module, mAs (counted only while the discharge FET is on).</summary>
        public long ChargeOutMas;

        /// <summary>Energy into the module, Wh.</summary>
        public long EnergyInWh;

        /// <summary>Energy out of the module, Wh.</summary>
        public long EnergyOutWh;

        // ---- balancing: Balancing/BalancingController (BleedPermitted: Outputs/OutputStage, by BleedPermission) ----

        /// <summary>Bleeders switched on: bit n is cell n+1.</summary>
        public int BleedMask;

        /// <summary>
        /// True when the safety core lets the bleeders run at all (not in boot, self-test, fault or service, no
        /// sensor fault, board not at alarm level). The outputs stage drives no bleeder while false.
        /// </summary>
        public bool BleedPermitted;

        /// <summary>True when balancing is enabled by configuration or command.</summary>
        public bool BalancingEnabled;

        /// <summary>Why balancing holds every bleeder off now (Balancing.BalancingInhibit bits), 0 when it may run.</summary>
        public int BalancingInhibitMask;

        /// <summary>Charge bled per cell since start-up, mAs.</summary>
        public readonly long[] CellBledMas = new long[Bmu16.MaxCells];

        /// <summary>
        /// A cell's temperature: the reading of the cell-group NTC that sits by it on the board
        /// (<see cref="Bmu16.NtcOfCell"/>), 0.1 C.
        /// </summary>
        /// <param name="cellIndex">Cell index, 0-based.</param>
        /// <returns>0.1 C.</returns>
        public int CellTemperatureDeciC(int cellIndex)
        {
            return TemperatureDeciC[Bmu16.AuxNtcFirst + Bmu16.NtcOfCell(cellIndex, CellCount)];
        }
    }
}
