namespace BatteryShift.Wiring.Checks
{
    /// <summary>One design check: a worst-case range of a quantity against its allowed range.</summary>
    /// <param name="Id">Stable identifier (tests name it).</param>
    /// <param name="What">What is checked, for people.</param>
    /// <param name="Conditions">Over which inputs and tolerances.</param>
    /// <param name="Min">Worst-case smallest value.</param>
    /// <param name="Max">Worst-case largest value.</param>
    /// <param name="LimitLow">Smallest allowed value.</param>
    /// <param name="LimitHigh">Largest allowed value.</param>
    /// <param name="Unit">Unit of the four values.</param>
    public sealed record CheckResult(string Id, string What, string Conditions, double Min, double Max, double LimitLow, double LimitHigh, string Unit)
    {
        /// <summary>True when the worst case stays inside the allowed range.</summary>
        public bool Pass => Min >= LimitLow && Max <= LimitHigh;
    }
}
