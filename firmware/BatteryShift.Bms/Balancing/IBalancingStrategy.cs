using BatteryShift.Bms.Config;

namespace BatteryShift.Bms.Balancing
{
    /// <summary>
    /// A rule that says which cells carry surplus charge and how much, from a clean measurement (taken
    /// with every bleeder off). The strategy only ranks cells; <see cref="BalancingController"/> applies
    /// the safety rules (faults, lowest cell, floor voltage, thermal budget, adjacency) and the interleave
    /// with measurement. Implementations allocate nothing in <see cref="Evaluate"/>.
    /// </summary>
    public interface IBalancingStrategy
    {
        /// <summary>Value of <see cref="BalancingKeys.Mode"/> that selects this strategy.</summary>
        int Mode { get; }

        /// <summary>
        /// Reads the strategy's settings. Called at start-up and whenever the configuration changes.
        /// </summary>
        /// <param name="config">Configuration in force.</param>
        void Configure(BmsConfig config);

        /// <summary>
        /// Ranks the cells for bleeding. A cell with priority 0 must not be bled; a larger priority is
        /// bled first when the thermal budget does not allow every candidate.
        /// </summary>
        /// <param name="status">Module status whose cell voltages come from a clean scan.</param>
        /// <param name="cellCount">Cells in series.</param>
        /// <param name="plannedMask">Cells in the bleed plan so far (bit n is cell n+1), for hysteresis.</param>
        /// <param name="priority">Filled per cell: 0 = do not bleed, otherwise the surplus in the
        /// strategy's unit (mV or mAh).</param>
        void Evaluate(ModuleStatus status, int cellCount, int plannedMask, int[] priority);
    }
}
