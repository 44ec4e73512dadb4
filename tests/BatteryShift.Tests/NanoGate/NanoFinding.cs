namespace BatteryShift.Tests.NanoGate
{
    /// <summary>What the metadata check found, and where.</summary>
    public sealed record NanoFinding(string Rule, string Where, string What)
    {
        public override string ToString() => $"{Rule}: {Where}: {What}";
    }
}
