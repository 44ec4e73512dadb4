namespace BatteryShift.NanoEmulation.Board
{
    /// <summary>One change the firmware made to a pad, with the board's safety outputs right after it.</summary>
    /// <param name="TimeUs">Module time, microseconds.</param>
    /// <param name="Gpio">Pad.</param>
    /// <param name="What">"reset", "mode N" or "level 0/1".</param>
    /// <param name="ChargeFet">Charge FET enabled after the change.</param>
    /// <param name="DischargeFet">Discharge FET enabled after the change.</param>
    /// <param name="BleedEnabled">Bleed register outputs enabled (OE low) after the change.</param>
    /// <param name="BleedMask">Bleeders conducting after the change.</param>
    /// <param name="SelfTestPassed">The firmware's self-test had passed when the change was made.</param>
    public sealed record PadEvent(long TimeUs, int Gpio, string What, bool ChargeFet, bool DischargeFet, bool BleedEnabled, int BleedMask, bool SelfTestPassed)
    {
        /// <summary>A FET enabled, the bleed register's outputs enabled or a bleeder conducting.</summary>
        public bool AnyOutputOn => ChargeFet || DischargeFet || BleedEnabled || BleedMask != 0;
    }
}
