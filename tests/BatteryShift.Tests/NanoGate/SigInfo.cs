namespace BatteryShift.Tests.NanoGate
{
    /// <summary>A decoded type in a signature: its readable name and what it contains.</summary>
    public readonly record struct SigInfo(string Name, SigFlags Flags);
}
