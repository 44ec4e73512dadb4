namespace BatteryShift.Site.Aggregation
{
    /// <summary>How the modules of a rack are connected on the DC bus (docs/site.md).</summary>
    public enum Topology
    {
        /// <summary>In series: one current through every module; CCL and DCL the smallest, CVL the module count times the smallest.</summary>
        Series,

        /// <summary>In parallel: one voltage across every module; CCL and DCL the module count times the smallest, CVL the smallest.</summary>
        Parallel,
    }
}
