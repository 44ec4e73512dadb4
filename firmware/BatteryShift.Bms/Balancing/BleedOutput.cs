using BatteryShift.Bms.Board;

namespace BatteryShift.Bms.Balancing
{
    /// <summary>
    /// Drives the bleed shift register from a mask: shifts only when the mask changed, enables the
    /// outputs only while some bleeder is on and disables them (every bleeder off at once) otherwise.
    /// </summary>
    public static class BleedOutput
    {
        /// <summary>
        /// Applies a bleed mask to the register.
        /// </summary>
        /// <param name="bleed">The bleed shift-register driver.</param>
        /// <param name="mask">Bleed mask, bit n is cell n+1.</param>
        public static void Apply(BleedShiftRegister bleed, int mask)
        {
            if (mask == 0)
            {
                if (bleed.Enabled)
                {
                    bleed.Disable();
                }

                if (bleed.LatchedMask != 0)
                {
                    bleed.ShiftOut(0);
                }

                return;
            }

            if (bleed.LatchedMask != mask)
            {
                bleed.ShiftOut(mask);
            }

            if (!bleed.Enabled)
            {
                bleed.Enable();
            }
        }

        /// <summary>
        /// The mask that is driving the bleeders now: the latched mask while the outputs are enabled, else 0.
        /// </summary>
        /// <param name="bleed">The bleed shift-register driver.</param>
        /// <returns>Bleed mask, bit n is cell n+1.</returns>
        public static int Active(BleedShiftRegister bleed)
        {
            return bleed.Enabled ? bleed.LatchedMask : 0;
        }
    }
}
