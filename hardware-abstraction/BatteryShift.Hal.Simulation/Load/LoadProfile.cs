namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// Equipment outside the module (load, inverter, charger): asks for a current at each step. Positive = into the
    /// module (charging). The module's FETs decide whether the current flows: charging needs the charge FET,
    /// discharging the discharge FET (the other FET conducts through its body diode).
    /// </summary>
    public abstract class LoadProfile
    {
        /// <summary>Current asked for at this step, A (positive = charging).</summary>
        /// <param name="pack">The module as the equipment sees it.</param>
        /// <returns>Amperes.</returns>
        public abstract double CurrentA(in PackView pack);

        /// <summary>This profile plus another (for example a load and a charger on the same bus).</summary>
        /// <param name="a">First.</param>
        /// <param name="b">Second.</param>
        /// <returns>The sum.</returns>
        public static LoadProfile operator +(LoadProfile a, LoadProfile b)
        {
            return new SumProfile(a, b);
        }

        /// <summary>Named alternative to the + operator.</summary>
        /// <param name="other">Second profile.</param>
        /// <returns>The sum.</returns>
        public LoadProfile Add(LoadProfile other)
        {
            return new SumProfile(this, other);
        }
    }
}
