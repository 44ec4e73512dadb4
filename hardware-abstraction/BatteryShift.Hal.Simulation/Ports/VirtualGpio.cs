using System;
using BatteryShift.Bms.Board;

namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// The ESP32's GPIO as wired on the BMU-16: writes to the mux select pins switch both muxes, the bleed pins
    /// drive the 74HC595 chain, the FET pins switch the gate drivers. A pin that is not an output floats to its
    /// board pull (OE and external stop pulled up, FET enables and the watchdog line pulled down, the watchdog flag driven by its flip-flop, the rest low). After a reset every pin
    /// is released until the firmware opens it again.
    /// </summary>
    public sealed class VirtualGpio : IGpio
    {
        private const int PinCount = 40;
        private readonly VirtualModule _module;
        private readonly bool[] _isOutput = new bool[PinCount];
        private readonly bool[] _isInput = new bool[PinCount];
        private readonly bool[] _driven = new bool[PinCount];
        private readonly PinPull[] _pull = new PinPull[PinCount];

        internal VirtualGpio(VirtualModule module)
        {
            _module = module;
        }

        /// <summary>Writes since start-up (all pins).</summary>
        public long WriteCount { get; private set; }

        /// <summary>True when a pin is an output.</summary>
        /// <param name="pin">GPIO.</param>
        /// <returns>Output or not.</returns>
        public bool IsOutput(int pin)
        {
            return _isOutput[pin];
        }

        /// <summary>Level on the pin as the board sees it (driven level, or the pull).</summary>
        /// <param name="pin">GPIO.</param>
        /// <returns>Level.</returns>
        public bool Level(int pin)
        {
            if (_isOutput[pin])
            {
                return _driven[pin];
            }

            return External(pin);
        }

        /// <inheritdoc />
        public void OpenOutput(int pin, bool initialHigh)
        {
            Check(pin);
            if (_module.RestartPending)
            {
                return;
            }

            _isOutput[pin] = true;
            _isInput[pin] = false;
            _driven[pin] = initialHigh;
            WriteCount++;
            _module.OnPinChanged(pin, initialHigh);
        }

        /// <inheritdoc />
        public void OpenInput(int pin, PinPull pull)
        {
            Check(pin);
            if (_module.RestartPending)
            {
                return;
            }

            bool before = Level(pin);
            _isOutput[pin] = false;
            _isInput[pin] = true;
            _pull[pin] = pull;
            bool after = Level(pin);
            if (before != after)
            {
                _module.OnPinChanged(pin, after);
            }
        }

        /// <inheritdoc />
        public void Write(int pin, bool high)
        {
            Check(pin);
            if (_module.RestartPending)
            {
                return;
            }

            if (!_isOutput[pin])
            {
                throw new InvalidOperationException("GPIO " + pin + " is not an output");
            }

            WriteCount++;
            if (_driven[pin] == high)
            {
                return;
            }

            _driven[pin] = high;
            _module.OnPinChanged(pin, high);
        }

        /// <inheritdoc />
        public bool Read(int pin)
        {
            Check(pin);
            return Level(pin);
        }

        internal void Release()
        {
            for (int i = 0; i < PinCount; i++)
            {
                _isOutput[i] = false;
                _isInput[i] = false;
                _driven[i] = false;
                _pull[i] = PinPull.None;
            }
        }

        private bool External(int pin)
        {
            switch (pin)
            {
                case Bmu16.PinBleedOutputEnable:
                    return true;
                case Bmu16.PinExternalStop:
                    return !_module.ExternalStopAsserted;
                case Bmu16.PinChargeFet:
                case Bmu16.PinDischargeFet:
                case Bmu16.PinWatchdogKick:
                    return false;
                case Bmu16.PinWatchdogFlag:
                    return _module.Supervisor.ResetFlag;
                default:
                    return _isInput[pin] && _pull[pin] == PinPull.Up;
            }
        }

        private static void Check(int pin)
        {
            if (pin < 0 || pin >= PinCount)
            {
                throw new ArgumentOutOfRangeException(nameof(pin));
            }
        }
    }
}
