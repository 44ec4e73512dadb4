using System;
using System.Collections.Generic;
using BatteryShift.Bms.Board;
using BatteryShift.Hal;
using BatteryShift.Hal.Simulation;
using BatteryShift.NanoEmulation.Native;

namespace BatteryShift.NanoEmulation.Board
{
    /// <summary>
    /// The emulated ESP32's pads, ADC1 and UARTs soldered to the virtual module's BMU-16 board: a pad's state (reset
    /// with the internal pull-up, an input with its pull, an output driving its level) becomes the module's pin
    /// state, ADC1 channels are the module's converter (raw 12-bit counts), COM2 on GPIO22/GPIO4 is the module's
    /// serial port. Time is the wall clock since the device started, the module advanced to it on every access.
    /// Every pad change is logged with the FET and bleed outputs that follow it.
    /// </summary>
    public sealed class VirtualEsp32Board : IEsp32Board
    {
        private const int Com2 = 1;

        private readonly VirtualModule _module;
        private readonly object _sync = new object();
        private readonly bool[] _output = new bool[40];
        private readonly bool[] _level = new bool[40];
        private readonly List<PadEvent> _events = new List<PadEvent>();
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private long _startUs;

        /// <summary>Wires the pads to a module.</summary>
        /// <param name="module">The virtual module.</param>
        public VirtualEsp32Board(VirtualModule module)
        {
            _module = module;
            _startUs = module.TimeMicroseconds;
        }

        /// <summary>The module.</summary>
        public VirtualModule Module => _module;

        /// <inheritdoc />
        public byte[] ReadWifiStationMac()
        {
            byte[]? mac = _module.Ports.MacAddress;
            return mac == null ? new byte[6] : (byte[])mac.Clone();
        }

        /// <summary>Whether the firmware's self-test has passed, asked at every pad change (null: never).</summary>
        public Func<bool>? SelfTestPassed { get; set; }

        /// <summary>ADC conversions made.</summary>
        public long Conversions { get; private set; }

        /// <summary>A copy of the pad log.</summary>
        public IReadOnlyList<PadEvent> Events
        {
            get
            {
                lock (_sync)
                {
                    return _events.ToArray();
                }
            }
        }

        /// <summary>Bytes the firmware sent on COM2 TX routed to a pad other than GPIO22 (lost on the board).</summary>
        public long MisroutedBytes { get; private set; }

        /// <summary>Restarts the pads' clock with the module (a board reset: every pad back to its reset state).</summary>
        public void PowerOn()
        {
            lock (_sync)
            {
                Array.Clear(_output);
                Array.Clear(_level);
                _events.Clear();
                _startUs = _module.TimeMicroseconds;
                _clock.Restart();
            }
        }

        /// <summary>Brings the module to now (wall clock since power-on).</summary>
        public void Sync()
        {
            lock (_sync)
            {
                _module.AdvanceToMicroseconds(_startUs + (_clock.ElapsedTicks * 1_000_000 / System.Diagnostics.Stopwatch.Frequency));
            }
        }

        /// <inheritdoc />
        public void ResetPad(int gpio)
        {
            lock (_sync)
            {
                Sync();
                _output[gpio] = false;
                _module.Gpio.OpenInput(gpio, PinPull.Up);
                Log(gpio, "reset");
            }
        }

        /// <inheritdoc />
        public void ConfigurePad(int gpio, int padMode)
        {
            lock (_sync)
            {
                Sync();
                if (padMode >= PadMode.Output)
                {
                    // the pad drives what its output register holds from this moment
                    _output[gpio] = true;
                    _module.Gpio.OpenOutput(gpio, _level[gpio]);
                }
                else
                {
                    _output[gpio] = false;
                    _module.Gpio.OpenInput(gpio, padMode == PadMode.InputPullUp ? PinPull.Up : (padMode == PadMode.InputPullDown ? PinPull.Down : PinPull.None));
                }

                Log(gpio, "mode " + padMode);
            }
        }

        /// <inheritdoc />
        public void SetPadLevel(int gpio, bool high)
        {
            lock (_sync)
            {
                Sync();
                _level[gpio] = high;
                if (_output[gpio])
                {
                    _module.Gpio.Write(gpio, high);
                }

                Log(gpio, high ? "level 1" : "level 0");
            }
        }

        /// <inheritdoc />
        public bool GetPadLevel(int gpio)
        {
            lock (_sync)
            {
                Sync();

                // nanoFramework configures outputs as GPIO_MODE_OUTPUT: the input buffer is off and the pad reads 0
                return !_output[gpio] && _module.Gpio.Level(gpio);
            }
        }

        /// <inheritdoc />
        public int ConvertAdc1(int channel)
        {
            lock (_sync)
            {
                Sync();
                _module.Adc.OpenChannel(channel);
                Conversions++;
                return _module.Adc.Read(channel);
            }
        }

        /// <inheritdoc />
        public void UartTransmit(int uart, int txGpio, byte[] data, int offset, int count)
        {
            lock (_sync)
            {
                Sync();
                if (uart == Com2 && txGpio == Bmu16.PinSerialTx)
                {
                    _module.Serial.Write(data, offset, count);
                }
                else
                {
                    MisroutedBytes += count;
                }
            }
        }

        /// <inheritdoc />
        public int UartAvailable(int uart, int rxGpio)
        {
            return uart == Com2 && rxGpio == Bmu16.PinSerialRx ? _module.Serial.BytesToRead : 0;
        }

        /// <inheritdoc />
        public int UartReceive(int uart, int rxGpio, byte[] buffer, int offset, int count)
        {
            return uart == Com2 && rxGpio == Bmu16.PinSerialRx ? _module.Serial.Read(buffer, offset, count) : 0;
        }

        private void Log(int gpio, string what)
        {
            bool oeLow = !_module.Gpio.Level(Bmu16.PinBleedOutputEnable);
            Func<bool>? passed = SelfTestPassed;
            _events.Add(new PadEvent(_module.TimeMicroseconds, gpio, what, _module.Truth.ChargeFetOn, _module.Truth.DischargeFetOn, oeLow, _module.Truth.BleedMask, passed != null && passed()));
        }
    }
}
