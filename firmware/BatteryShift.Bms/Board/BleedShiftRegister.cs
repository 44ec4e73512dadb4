using BatteryShift.Hal;

namespace BatteryShift.Bms.Board
{
    /// <summary>
    /// Drives the two chained 74HC595s that switch the bleed MOSFETs. Register 1 (nearest the ESP32)
    /// QA..QH switch cells 1..8, register 2 QA..QH cells 9..16. A bit shifted in first travels furthest,
    /// so the mask is shifted out from cell 16 down to cell 1, then latched. Output enable is active low
    /// and pulled up on the board: bleeders are off from reset until <see cref="Enable"/>.
    /// </summary>
    public sealed class BleedShiftRegister
    {
        private readonly IGpio _gpio;
        private int _latchedMask;
        private bool _enabled;

        /// <summary>
        /// Opens the pins with every output off and the register outputs disabled, then clears the
        /// shift register so that enabling later cannot expose a stale pattern.
        /// </summary>
        /// <param name="gpio">Digital pins.</param>
        public BleedShiftRegister(IGpio gpio)
        {
            _gpio = gpio;
            _gpio.OpenOutput(Bmu16.PinBleedOutputEnable, true);
            _gpio.OpenOutput(Bmu16.PinBleedData, false);
            _gpio.OpenOutput(Bmu16.PinBleedClock, false);
            _gpio.OpenOutput(Bmu16.PinBleedLatch, false);
            _enabled = false;
            ShiftOut(0);
        }

        /// <summary>The mask last latched to the outputs; bit n-1 is cell n.</summary>
        public int LatchedMask
        {
            get { return _latchedMask; }
        }

        /// <summary>True when the register outputs are enabled (OE low).</summary>
        public bool Enabled
        {
            get { return _enabled; }
        }

        /// <summary>
        /// Shifts a 16-bit mask out and latches it. Bit n-1 switches the bleeder of cell n.
        /// </summary>
        /// <param name="mask">Bleed mask.</param>
        public void ShiftOut(int mask)
        {
            for (int bit = Bmu16.MaxCells - 1; bit >= 0; bit--)
            {
                _gpio.Write(Bmu16.PinBleedData, ((mask >> bit) & 1) != 0);
                _gpio.Write(Bmu16.PinBleedClock, true);
                _gpio.Write(Bmu16.PinBleedClock, false);
            }

            _gpio.Write(Bmu16.PinBleedData, false);
            _gpio.Write(Bmu16.PinBleedLatch, true);
            _gpio.Write(Bmu16.PinBleedLatch, false);
            _latchedMask = mask & 0xFFFF;
        }

        /// <summary>
        /// Enables the register outputs (OE low); the latched mask then drives the bleeders.
        /// </summary>
        public void Enable()
        {
            _gpio.Write(Bmu16.PinBleedOutputEnable, false);
            _enabled = true;
        }

        /// <summary>
        /// Disables the register outputs (OE high): every bleeder off at once, whatever is latched.
        /// </summary>
        public void Disable()
        {
            _gpio.Write(Bmu16.PinBleedOutputEnable, true);
            _enabled = false;
        }
    }
}
