using BatteryShift.Bms.Board;

namespace BatteryShift.Bms.Config
{
    /// <summary>
    /// Configuration keys of the module as a whole (keys 0..9).
    /// </summary>
    public static class ModuleKeys
    {
        /// <summary>Cells in series.</summary>
        public const int CellCount = 0;

        /// <summary>Rated cell capacity, mAh (EVE LF280K: 280 Ah, docs/references.md).</summary>
        public const int CellCapacityMah = 1;

        /// <summary>Control tick period, ms.</summary>
        public const int TickPeriodMs = 2;

        internal static void Define()
        {
            ConfigSchema.Define(CellCount, "module.cells", "n", Bmu16.MaxCells, Bmu16.MinCells, Bmu16.MaxCells);
            ConfigSchema.Define(CellCapacityMah, "module.capacity", "mAh", 280000, 1000, 1000000);
            ConfigSchema.Define(TickPeriodMs, "module.tick", "ms", 200, 100, 1000);
        }
    }
}
