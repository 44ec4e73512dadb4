namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// Two chained 74HC595s. On a rising SRCLK edge every stage takes its predecessor's bit and stage 0
    /// (register 1 QA) takes DS; register 1 QH' feeds register 2 QA. On a rising RCLK edge the storage register
    /// takes the shift register. Outputs follow the storage register while OE is low. Stage s drives the bleeder of
    /// cell s+1 (register 1 QA..QH = cells 1..8, register 2 QA..QH = cells 9..16), so the first bit shifted in ends
    /// at register 2 QH = cell 16 after 16 clocks. At power-up both registers hold an undefined pattern.
    /// </summary>
    public sealed class ShiftRegisterChain
    {
        private bool _data;
        private bool _clock;
        private bool _latch;

        /// <summary>Makes the chain with a power-up pattern.</summary>
        /// <param name="powerUpPattern">Undefined content after power-up.</param>
        public ShiftRegisterChain(int powerUpPattern)
        {
            PowerUp(powerUpPattern);
        }

        /// <summary>Shift register content; bit s = stage s.</summary>
        public int ShiftRegister { get; private set; }

        /// <summary>Storage (output) register content; bit s = cell s+1.</summary>
        public int Storage { get; private set; }

        /// <summary>True while OE is high (outputs off).</summary>
        public bool OutputDisabled { get; private set; } = true;

        /// <summary>Outputs as driven onto the MOSFET gates (0 while OE is high).</summary>
        public int Outputs => OutputDisabled ? 0 : Storage;

        /// <summary>Rising SRCLK edges seen.</summary>
        public long ClockEdges { get; private set; }

        /// <summary>Rising RCLK edges seen.</summary>
        public long LatchEdges { get; private set; }

        /// <summary>Power-up (or brown-out): registers undefined, pins released (OE pulled up).</summary>
        /// <param name="pattern">Undefined content.</param>
        public void PowerUp(int pattern)
        {
            ShiftRegister = pattern & 0xFFFF;
            Storage = (pattern >> 16) & 0xFFFF;
            _data = false;
            _clock = false;
            _latch = false;
            OutputDisabled = true;
        }

        /// <summary>DS level.</summary>
        /// <param name="high">Level.</param>
        public void SetData(bool high)
        {
            _data = high;
        }

        /// <summary>SRCLK level; shifts on the rising edge.</summary>
        /// <param name="high">Level.</param>
        public void SetClock(bool high)
        {
            if (high && !_clock)
            {
                ShiftRegister = ((ShiftRegister << 1) | (_data ? 1 : 0)) & 0xFFFF;
                ClockEdges++;
            }

            _clock = high;
        }

        /// <summary>RCLK level; latches on the rising edge.</summary>
        /// <param name="high">Level.</param>
        /// <returns>True when a latch happened.</returns>
        public bool SetLatch(bool high)
        {
            bool latched = high && !_latch;
            if (latched)
            {
                Storage = ShiftRegister;
                LatchEdges++;
            }

            _latch = high;
            return latched;
        }

        /// <summary>OE level (active low).</summary>
        /// <param name="high">Level.</param>
        public void SetOutputEnable(bool high)
        {
            OutputDisabled = high;
        }
    }
}
