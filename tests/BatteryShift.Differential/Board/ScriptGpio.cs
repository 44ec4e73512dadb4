using BatteryShift.Bms.Board;
using BatteryShift.Hal;

namespace BatteryShift.Differential.Board
{
    /// <summary>GPIO of the scripted board: outputs drive its mux, FETs and bleed chain; the stop input is read from it.</summary>
    public sealed class ScriptGpio : IGpio
    {
        private readonly ScriptBoard _board;
        private bool _data;
        private bool _clock;
        private bool _latch;

        /// <summary>Binds the pins to a board.</summary>
        public ScriptGpio(ScriptBoard board)
        {
            _board = board;
        }

        /// <summary>Pin writes made so far.</summary>
        public int Writes { get; private set; }

        /// <summary>True to ignore writes (for timing the core without the board's bookkeeping).</summary>
        public bool Detached { get; set; }

        /// <inheritdoc/>
        public void OpenOutput(int pin, bool initialHigh)
        {
            Write(pin, initialHigh);
        }

        /// <inheritdoc/>
        public void OpenInput(int pin, PinPull pull)
        {
        }

        /// <inheritdoc/>
        public void Write(int pin, bool high)
        {
            Writes++;
            if (Detached)
            {
                return;
            }

            switch (pin)
            {
                case Bmu16.PinMuxS0:
                    SetAddressBit(1, high);
                    break;
                case Bmu16.PinMuxS1:
                    SetAddressBit(2, high);
                    break;
                case Bmu16.PinMuxS2:
                    SetAddressBit(4, high);
                    break;
                case Bmu16.PinMuxS3:
                    SetAddressBit(8, high);
                    break;
                case Bmu16.PinChargeFet:
                    _board.ChargeFet = high;
                    break;
                case Bmu16.PinDischargeFet:
                    _board.DischargeFet = high;
                    break;
                case Bmu16.PinStatusLed:
                    _board.Led = high;
                    break;
                case Bmu16.PinBleedOutputEnable:
                    _board.OutputEnableHigh = high;
                    break;
                case Bmu16.PinBleedData:
                    _data = high;
                    break;
                case Bmu16.PinBleedClock:
                    if (high && !_clock)
                    {
                        _board.ShiftClock(_data);
                    }

                    _clock = high;
                    break;
                case Bmu16.PinBleedLatch:
                    if (high && !_latch)
                    {
                        _board.Latch();
                    }

                    _latch = high;
                    break;
            }
        }

        /// <inheritdoc/>
        public bool Read(int pin)
        {
            // the stop input has a pull-up and is asserted low
            return pin == Bmu16.PinExternalStop ? !_board.ExternalStop : false;
        }

        private void SetAddressBit(int bit, bool high)
        {
            _board.MuxAddress = high ? _board.MuxAddress | bit : _board.MuxAddress & ~bit;
        }
    }
}
