namespace BatteryShift.Differential.Trace
{
    /// <summary>Receives the scenario's trace, one line at a time.</summary>
    public interface ITraceSink
    {
        /// <summary>One trace line (no line end).</summary>
        void Line(string text);
    }
}
