using System;

namespace BatteryShift.Monitor.Records
{
    /// <summary>
    /// One module as the serial line records or the MQTT state describe it, in engineering units.
    /// Filled record by record; complete when a period's records have all arrived.
    /// </summary>
    public sealed class ModuleSnapshot
    {
        /// <summary>Board uptime of the data, ms.</summary>
        public long TimeMs { get; set; }

        /// <summary>State machine state name.</summary>
        public string State { get; set; } = "unknown";

        /// <summary>True once the board had a complete, plausible scan.</summary>
        public bool Valid { get; set; }

        /// <summary>Module SOC, %.</summary>
        public double SocPct { get; set; }

        /// <summary>Standard uncertainty of <see cref="SocPct"/>, percentage points; NaN when the board does not send it.</summary>
        public double SocUncPct { get; set; } = double.NaN;

        /// <summary>Module voltage, V.</summary>
        public double ModuleV { get; set; }

        /// <summary>Current, A, positive into the module.</summary>
        public double CurrentA { get; set; }

        /// <summary>Lowest cell, mV.</summary>
        public int MinCellMv { get; set; }

        /// <summary>Number (1-based) of the lowest cell.</summary>
        public int MinCell { get; set; }

        /// <summary>Highest cell, mV.</summary>
        public int MaxCellMv { get; set; }

        /// <summary>Number (1-based) of the highest cell.</summary>
        public int MaxCell { get; set; }

        /// <summary>Lowest cell-group temperature, C.</summary>
        public double MinTempC { get; set; }

        /// <summary>Highest cell-group temperature, C.</summary>
        public double MaxTempC { get; set; }

        /// <summary>Bleeding cells, bit n = cell n+1.</summary>
        public int BleedMask { get; set; }

        /// <summary>Charge FET on.</summary>
        public bool ChargeFet { get; set; }

        /// <summary>Discharge FET on.</summary>
        public bool DischargeFet { get; set; }

        /// <summary>Warning mask.</summary>
        public int WarningMask { get; set; }

        /// <summary>Alarm mask.</summary>
        public int AlarmMask { get; set; }

        /// <summary>Latched fault mask.</summary>
        public int FaultMask { get; set; }

        /// <summary>Sensor fault mask.</summary>
        public int SensorFaultMask { get; set; }

        /// <summary>Charge voltage limit, V.</summary>
        public double CvlV { get; set; }

        /// <summary>Charge current limit, A.</summary>
        public double CclA { get; set; }

        /// <summary>Discharge current limit, A.</summary>
        public double DclA { get; set; }

        /// <summary>State of health, %.</summary>
        public double SohPct { get; set; }

        /// <summary>Serial lines the board dropped so far.</summary>
        public long DroppedLines { get; set; }

        /// <summary>Cell voltages, mV (length = cell count).</summary>
        public int[] CellMv { get; set; } = Array.Empty<int>();

        /// <summary>Cell SOC, %.</summary>
        public double[] CellSocPct { get; set; } = Array.Empty<double>();

        /// <summary>Temperatures, C: groups 1..8, shunt, board.</summary>
        public double[] TempC { get; set; } = Array.Empty<double>();

        /// <summary>Cell count.</summary>
        public int CellCount => CellMv.Length;

        /// <summary>Delta between highest and lowest cell, mV.</summary>
        public int DeltaMv => MaxCellMv - MinCellMv;

        /// <summary>True when a cell bleeds.</summary>
        /// <param name="index">Cell index (0-based).</param>
        /// <returns>True when its bleed resistor is on.</returns>
        public bool IsBleeding(int index) => (BleedMask & (1 << index)) != 0;

        /// <summary>Copies the snapshot (the live view and recorder keep their own).</summary>
        /// <returns>A copy.</returns>
        public ModuleSnapshot Clone()
        {
            var copy = (ModuleSnapshot)MemberwiseClone();
            copy.CellMv = (int[])CellMv.Clone();
            copy.CellSocPct = (double[])CellSocPct.Clone();
            copy.TempC = (double[])TempC.Clone();
            return copy;
        }
    }
}
