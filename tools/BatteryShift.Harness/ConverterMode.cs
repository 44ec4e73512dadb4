namespace BatteryShift.Harness
{
    /// <summary>What the power converter on the module's terminals does with the module's limits.</summary>
    public enum ConverterMode
    {
        /// <summary>It follows them (<see cref="BatteryShift.Hal.Simulation.LimitFollowingConverter"/>).</summary>
        Follow,

        /// <summary>It ignores them: the duty profile alone, stopped only by the module's FETs.</summary>
        Ignore,
    }
}
