using BatteryShift.Bms.Board;

namespace BatteryShift.Bms.Measurement
{
    /// <summary>
    /// The open-wire test of the cell sense wires, every <see cref="PeriodTicks"/> scans: the bleed driver switches
    /// on every other bleeder (<see cref="BleedShiftRegister.OpenWirePattern"/>, the two phases alternating) and the
    /// cells are read again. A bleeder pulls a floating tap onto its own cell's other terminal, so with an open tap
    /// the bleeding cell reads near 0 V and its neighbour across the tap reads both cells; with healthy wires only
    /// the sense-wire drop (millivolts) shows. Allocates nothing.
    /// </summary>
    public sealed class OpenWireTest
    {
        /// <summary>Scans between open-wire tests (the two bleed patterns alternate).</summary>
        public const int PeriodTicks = 10;

        /// <summary>
        /// Most scans a test due in a busy tick waits for a free one: the SOC filter's step runs in four consecutive
        /// ticks of every five (<see cref="Estimation.SocEstimator.StepDue"/>), so the fifth is free.
        /// </summary>
        public const int MaxWaitScans = 4;

        /// <summary>
        /// Conversions per cell of the test reading. The test only tells a cell near 0 V (a bleeder pulling an open
        /// tap onto its cell's other terminal) from one above <see cref="CellChannels.OpenWireLowMv"/>, and a neighbour
        /// reading both cells from one reading its own: a volt of margin at least. The ESP32's worst spike (400 LSB,
        /// docs/adc-model.md) moves a mean of 4 conversions by about 160 mV at the cell (channel gain 0.5), so 4
        /// conversions decide it as 16 do, at a quarter of the conversions (each a lock block on the device).
        /// </summary>
        public const int Conversions = 4;

        private readonly int[] _testSums = new int[Bmu16.MaxCells];
        private readonly int[] _openTap = new int[] { -1, -1 };
        private int _countdown = 1;
        private int _phase;

        /// <summary>
        /// The open tap the last test of either phase found (tap n between cell n and n+1, counted from 1), or -1.
        /// </summary>
        public int OpenTap
        {
            get { return _openTap[0] >= 0 ? _openTap[0] : _openTap[1]; }
        }

        /// <summary>
        /// Counts a scan; true when this scan runs the test.
        /// </summary>
        /// <param name="cells">Cells in series (no test on one cell).</param>
        /// <returns>True when due.</returns>
        public bool Due(int cells)
        {
            return Due(cells, false);
        }

        /// <summary>
        /// Counts a scan; true when this scan runs the test. A test that falls due in a busy tick waits for the next
        /// free one, at most <see cref="MaxWaitScans"/> scans: the next scan after that runs it whatever it carries.
        /// </summary>
        /// <param name="cells">Cells in series (no test on one cell).</param>
        /// <param name="busyTick">True when the tick carries other heavy work (a part of the SOC filter's step).</param>
        /// <returns>True when due.</returns>
        public bool Due(int cells, bool busyTick)
        {
            --_countdown;
            if (busyTick && _countdown <= 0 && _countdown > -MaxWaitScans)
            {
                return false;
            }

            if (_countdown <= 0 && cells > 1)
            {
                _countdown = PeriodTicks;
                return true;
            }

            return false;
        }

        /// <summary>
        /// Reads the cells with this phase's pattern driven; the bleed driver restores the balancer's mask after.
        /// </summary>
        /// <param name="mux">Mux scanner.</param>
        /// <param name="bleed">The bleed driver.</param>
        /// <param name="cells">Cells in series.</param>
        /// <param name="settleUs">Wait after switching the pattern on, microseconds.</param>
        public void Scan(MuxScanner mux, BleedShiftRegister bleed, int cells, int settleUs)
        {
            bleed.BeginOpenWireTest(BleedShiftRegister.OpenWirePattern(_phase, cells), settleUs);
            for (int ch = 0; ch < cells; ch++)
            {
                _testSums[ch] = mux.ReadSum(Bmu16.AdcMuxCells, ch, Conversions);
            }

            bleed.EndOpenWireTest();
        }

        /// <summary>
        /// Compares the test readings with the scan's unloaded ones and records the open tap of this phase; the
        /// next test runs the other phase.
        /// </summary>
        /// <param name="cells">Cells in series.</param>
        /// <param name="adc">ADC correction.</param>
        /// <param name="unloaded">The scan's cell readings (bleeders off).</param>
        public void Evaluate(int cells, AdcCorrection adc, CellChannels unloaded)
        {
            float n = Conversions;
            int phase = _phase;
            _phase ^= 1;
            int found = -1;
            int mask = BleedShiftRegister.OpenWirePattern(phase, cells);
            for (int k = 0; k < cells && found < 0; k++)
            {
                if (((mask >> k) & 1) == 0)
                {
                    continue;
                }

                float test = TestMv(k, n, adc);
                if (test > CellChannels.OpenWireLowMv || unloaded.RawMv(k) < 2 * CellChannels.OpenWireLowMv)
                {
                    continue;
                }

                // which tap: the neighbour across it reads both cells
                if (k + 1 < cells && TestMv(k + 1, n, adc) > unloaded.RawMv(k + 1) + CellChannels.OpenWireLowMv)
                {
                    found = k + 1;
                }
                else if (k > 0 && TestMv(k - 1, n, adc) > unloaded.RawMv(k - 1) + CellChannels.OpenWireLowMv)
                {
                    found = k;
                }
                else
                {
                    found = k + 1;
                }
            }

            _openTap[phase] = found;
        }

        private float TestMv(int cell, float n, AdcCorrection adc)
        {
            return adc.Convert(_testSums[cell] / n) / CellChannels.AmpGain;
        }
    }
}
