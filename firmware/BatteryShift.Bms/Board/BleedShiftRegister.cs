using BatteryShift.Hal;

namespace BatteryShift.Bms.Board
{
    /// <summary>
    /// The bleed driver: the one owner of the two chained 74HC595s that switch the bleed MOSFETs. Every write to
    /// the register goes through this class: the balancer's mask (<see cref="Apply"/>, from the outputs stage), the
    /// pause for each cell scan (<see cref="PauseForScan"/>, <see cref="ResumeAfterScan"/>) and the open-wire test
    /// pattern (<see cref="BeginOpenWireTest"/>, <see cref="EndOpenWireTest"/>), both from the measurement stage.
    /// Whether bleeding is allowed at all is not decided here but by <see cref="Balancing.BleedPermission"/>.
    /// <para>
    /// Register 1 (nearest the ESP32) QA..QH switch cells 1..8, register 2 QA..QH cells 9..16. A bit shifted in
    /// first travels furthest, so the mask is shifted out from cell 16 down to cell 1, then latched. Output enable
    /// is active low and pulled up on the board: bleeders are off from reset until <see cref="Enable"/>
    /// (docs/hardware.md; TI SN74HC595 datasheet, https://www.ti.com/lit/ds/symlink/sn74hc595.pdf).
    /// </para>
    /// </summary>
    public sealed class BleedShiftRegister
    {
        private const int EvenCellsPattern = 0x5555;
        private const int OddCellsPattern = 0xAAAA;

        private readonly IGpio _gpio;
        private readonly IClock _clock;
        private int _latchedMask;
        private bool _enabled;
        private bool _paused;
        private int _savedMask;

        // the level last written to the data line (opened low)
        private bool _dataHigh;
        private bool _savedEnabled;

        /// <summary>
        /// Opens the pins with every output off and the register outputs disabled, then clears the
        /// shift register so that enabling later cannot expose a stale pattern. Without a clock the driver
        /// cannot pause for a scan or run the open-wire test (register-level use only).
        /// </summary>
        /// <param name="gpio">Digital pins.</param>
        public BleedShiftRegister(IGpio gpio)
            : this(gpio, null)
        {
        }

        /// <summary>
        /// Opens the pins with every output off and the register outputs disabled, then clears the
        /// shift register so that enabling later cannot expose a stale pattern.
        /// </summary>
        /// <param name="gpio">Digital pins.</param>
        /// <param name="clock">Clock, for the settling waits of the scan pause and the open-wire test.</param>
        public BleedShiftRegister(IGpio gpio, IClock clock)
        {
            _gpio = gpio;
            _clock = clock;
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

        /// <summary>The mask that is driving the bleeders now: the latched mask while the outputs are enabled, else 0.</summary>
        public int ActiveMask
        {
            get { return _enabled ? _latchedMask : 0; }
        }

        /// <summary>
        /// The open-wire test pattern of a phase: every other bleeder, even cells (1, 3, 5, ... counted from 1) in
        /// phase 0 and the others in phase 1, limited to the cells in series.
        /// </summary>
        /// <param name="phase">0 or 1.</param>
        /// <param name="cellCount">Cells in series.</param>
        /// <returns>Bleed mask, bit n is cell n+1.</returns>
        public static int OpenWirePattern(int phase, int cellCount)
        {
            return (phase == 0 ? EvenCellsPattern : OddCellsPattern) & ((1 << cellCount) - 1);
        }

        /// <summary>
        /// Applies a bleed mask: shifts only when the mask changed, enables the outputs only while some bleeder is
        /// on and disables them (every bleeder off at once) otherwise.
        /// </summary>
        /// <param name="mask">Bleed mask, bit n is cell n+1.</param>
        public void Apply(int mask)
        {
            if (mask == 0)
            {
                if (_enabled)
                {
                    Disable();
                }

                if (_latchedMask != 0)
                {
                    ShiftOut(0);
                }

                return;
            }

            if (_latchedMask != mask)
            {
                ShiftOut(mask);
            }

            if (!_enabled)
            {
                Enable();
            }
        }

        /// <summary>
        /// The pause for a cell scan: when bleeders are on, disables the outputs (every bleeder off at once, the
        /// latched mask kept) and waits for the sense lines to settle. Bleed current flows in the sense wires
        /// (docs/hardware.md), so cells are read only unloaded.
        /// </summary>
        /// <param name="settleUs">Wait after switching the bleeders off, microseconds (meas.bleed_settle).</param>
        /// <returns>True when bleeders were on and are now paused.</returns>
        public bool PauseForScan(int settleUs)
        {
            _paused = _enabled && _latchedMask != 0;
            if (_paused)
            {
                Disable();
                _clock.DelayMicroseconds(settleUs);
            }

            return _paused;
        }

        /// <summary>
        /// Ends the pause of <see cref="PauseForScan"/>: the bleeders it switched off run again.
        /// </summary>
        public void ResumeAfterScan()
        {
            if (_paused)
            {
                Enable();
                _paused = false;
            }
        }

        /// <summary>
        /// Starts an open-wire test: drives the pattern of a phase (<see cref="OpenWirePattern"/>) and waits for the
        /// sense lines to settle; the bleeders' own mask is kept to be restored by <see cref="EndOpenWireTest"/>.
        /// </summary>
        /// <param name="pattern">Test pattern.</param>
        /// <param name="settleUs">Wait after switching, microseconds.</param>
        public void BeginOpenWireTest(int pattern, int settleUs)
        {
            _savedMask = _latchedMask;
            _savedEnabled = _paused || _enabled;
            ShiftOut(pattern);
            Enable();
            _clock.DelayMicroseconds(settleUs);
        }

        /// <summary>
        /// Ends an open-wire test: every bleeder off, the balancer's mask latched again and enabled when it was
        /// running (this also ends a pause for the scan).
        /// </summary>
        public void EndOpenWireTest()
        {
            Disable();
            ShiftOut(_savedMask);
            if (_savedEnabled && _savedMask != 0)
            {
                Enable();
            }

            _paused = false;
        }

        /// <summary>
        /// Shifts a 16-bit mask out and latches it. Bit n-1 switches the bleeder of cell n.
        /// </summary>
        /// <param name="mask">Bleed mask.</param>
        public void ShiftOut(int mask)
        {
            for (int bit = Bmu16.MaxCells - 1; bit >= 0; bit--)
            {
                SetData(((mask >> bit) & 1) != 0);
                _gpio.Write(Bmu16.PinBleedClock, true);
                _gpio.Write(Bmu16.PinBleedClock, false);
            }

            SetData(false);
            _gpio.Write(Bmu16.PinBleedLatch, true);
            _gpio.Write(Bmu16.PinBleedLatch, false);
            _latchedMask = mask & 0xFFFF;
        }

        // the data line is written only when its level changes: the 74HC595 samples it on the clock's rising edge,
        // so a repeated write of the level it already has changes nothing on the board and costs a pin write
        private void SetData(bool high)
        {
            if (high != _dataHigh)
            {
                _gpio.Write(Bmu16.PinBleedData, high);
                _dataHigh = high;
            }
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
