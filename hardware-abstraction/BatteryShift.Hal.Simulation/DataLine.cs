using System;

namespace BatteryShift.Hal.Simulation
{
    /// <summary>The lines of the simulation's text data files (cell parameters, load profiles): '#' starts a comment.</summary>
    internal static class DataLine
    {
        /// <summary>A line without its comment and surrounding white space (empty when nothing is left).</summary>
        /// <param name="line">The line as read.</param>
        /// <returns>Its content.</returns>
        internal static string Content(string line)
        {
            int hash = line.IndexOf('#', StringComparison.Ordinal);
            return (hash >= 0 ? line.Substring(0, hash) : line).Trim();
        }
    }
}
