using System;
using BatteryShift.Hal.Simulation;

namespace BatteryShift.Simulator.Scenarios
{
    /// <summary>Built-in scenarios by name.</summary>
    public static class ScenarioCatalog
    {
        /// <summary>Names accepted by <see cref="Create"/>.</summary>
        public static readonly string[] Names = { "daily", "idle", "charge", "discharge" };

        /// <summary>Makes a scenario's load.</summary>
        /// <param name="name">daily (peak shaving), idle (nothing connected), charge (CC/CV 0.5 C), discharge (0.5 C).</param>
        /// <param name="startHour">Time of day at start, for the daily cycle.</param>
        /// <returns>The load, or null for idle.</returns>
        public static LoadProfile? Create(string name, double startHour)
        {
            return name.ToLowerInvariant() switch
            {
                "daily" => new DailyEssCycle(startHour),
                "idle" => null,
                "charge" => new CcCvCharger(140, 3.45, 5, 3.30),
                "discharge" => new ConstantCurrentProfile(-140),
                _ => throw new ArgumentException($"unknown scenario '{name}' (known: {string.Join(", ", Names)})"),
            };
        }
    }
}
