namespace BatteryShift.Harness.Campaign
{
    /// <summary>The store and command faults of the driver.</summary>
    internal sealed partial class FirmwareFaultDriver
    {
        private void StepOther(long now)
        {
        }

        private void RestartOther()
        {
        }
    }
}
