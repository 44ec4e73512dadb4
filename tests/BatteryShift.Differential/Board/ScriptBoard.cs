using BatteryShift.Bms.Board;

namespace BatteryShift.Differential.Board
{
    /// <summary>
    /// The scripted BMU-16 board behind the fakes: what the scenario sets (cell voltages, sensor node voltages,
    /// current, the external stop input) and what the firmware drives (mux address, FETs, the 74HC595 bleed chain).
    /// Every conversion is integer arithmetic and the converter noise comes from a fixed xorshift sequence, so the
    /// desktop CLR and nanoFramework's interpreter read exactly the same counts.
    /// </summary>
    public sealed class ScriptBoard
    {
        /// <summary>Converter offset, mV (inside the 0..150 mV the core's reference check allows).</summary>
        public const int AdcOffsetMv = 40;

        /// <summary>Converter slope, micro-volts per count (3.19 V over 4095 counts).</summary>
        public const int AdcSlopeUvPerCount = 780;

        /// <summary>Full-scale count (12 bits).</summary>
        public const int MaxCount = 4095;

        private readonly int[] _cellMv = new int[Bmu16.MaxCells];
        private readonly int[] _auxMv = new int[16];
        private uint _noise = 2463534242u;
        private int _shift;
        private int _latched;

        /// <summary>Builds a board with healthy 3.300 V cells at 25 C and no current.</summary>
        public ScriptBoard()
        {
            for (int i = 0; i < Bmu16.MaxCells; i++)
            {
                _cellMv[i] = 3300;
            }

            for (int t = 0; t < Bmu16.TemperatureCount; t++)
            {
                _auxMv[Bmu16.AuxNtcFirst + t] = 1024;
            }

            _auxMv[Bmu16.AuxRefHigh] = Bmu16.RefHighMv;
            _auxMv[Bmu16.AuxRefMid] = Bmu16.RefMidMv;
            _auxMv[Bmu16.AuxRefLow] = Bmu16.RefLowMv;
            _auxMv[Bmu16.AuxGround] = 0;
            _auxMv[Bmu16.AuxRailHalf] = 3300 / Bmu16.RailDividerRatio;
            OutputEnableHigh = true;
        }

        /// <summary>Current the load or charger would drive, mA (+ = charge); flows only through closed FETs.</summary>
        public int DemandMa { get; set; }

        /// <summary>The external stop input level (true = asserted, read low by the firmware through a pull-up).</summary>
        public bool ExternalStop { get; set; }

        /// <summary>Mux address driven on S0..S3.</summary>
        public int MuxAddress { get; set; }

        /// <summary>Charge FET gate.</summary>
        public bool ChargeFet { get; set; }

        /// <summary>Discharge FET gate.</summary>
        public bool DischargeFet { get; set; }

        /// <summary>Status LED.</summary>
        public bool Led { get; set; }

        /// <summary>The 74HC595 output enable (active low).</summary>
        public bool OutputEnableHigh { get; set; }

        /// <summary>Bleed resistors switched on now (bit n = cell n+1): the latched mask while outputs are enabled.</summary>
        public int BleedMask
        {
            get { return OutputEnableHigh ? 0 : _latched; }
        }

        /// <summary>Current through the shunt, mA: the demand where the FET for its direction is closed.</summary>
        public int CurrentMa
        {
            get
            {
                if (DemandMa > 0)
                {
                    return ChargeFet ? DemandMa : 0;
                }

                return DischargeFet ? DemandMa : 0;
            }
        }

        /// <summary>Sets one cell's voltage.</summary>
        public void SetCellMv(int cell, int mv)
        {
            _cellMv[cell] = mv;
        }

        /// <summary>One cell's voltage.</summary>
        public int CellMv(int cell)
        {
            return _cellMv[cell];
        }

        /// <summary>Sets the voltage at an NTC divider node (ratiometric to REF_HI: 1024 mV is 25 C).</summary>
        public void SetNtcMv(int sensor, int mv)
        {
            _auxMv[Bmu16.AuxNtcFirst + sensor] = mv;
        }

        /// <summary>A rising edge on the shift clock: the data level enters bit 0.</summary>
        public void ShiftClock(bool data)
        {
            _shift = ((_shift << 1) | (data ? 1 : 0)) & 0xFFFF;
        }

        /// <summary>A rising edge on the latch: the shift register appears on the outputs.</summary>
        public void Latch()
        {
            _latched = _shift;
        }

        /// <summary>One conversion of a converter input.</summary>
        public int Convert(int adcChannel)
        {
            int mv;
            if (adcChannel == Bmu16.AdcMuxCells)
            {
                mv = MuxAddress < Bmu16.MaxCells ? _cellMv[MuxAddress] * Bmu16.CellAmpGainE4 / 10000 : 0;
            }
            else if (adcChannel == Bmu16.AdcMuxAux)
            {
                mv = AuxMv(MuxAddress);
            }
            else if (adcChannel == Bmu16.AdcCurrent)
            {
                // shunt 100 uOhm, amplifier gain 20 around 1.25 V: 2 uV per mA at the converter
                mv = Bmu16.CurrentAmpReferenceMv + (CurrentMa / 500);
            }
            else if (adcChannel == Bmu16.AdcCurrentReference)
            {
                mv = Bmu16.CurrentAmpReferenceMv;
            }
            else
            {
                mv = 0;
            }

            return ToCounts(mv);
        }

        private int AuxMv(int channel)
        {
            if (channel == Bmu16.AuxModuleDivider)
            {
                int sum = 0;
                for (int i = 0; i < Bmu16.MaxCells; i++)
                {
                    sum += _cellMv[i];
                }

                return sum / Bmu16.ModuleDividerRatio;
            }

            return _auxMv[channel];
        }

        private int ToCounts(int mv)
        {
            int counts = ((mv - AdcOffsetMv) * 1000) / AdcSlopeUvPerCount;
            counts += NextNoise();
            if (counts < 0)
            {
                return 0;
            }

            return counts > MaxCount ? MaxCount : counts;
        }

        // -1, 0 or +1 count, from a 32-bit xorshift: the same sequence on every runtime
        private int NextNoise()
        {
            uint x = _noise;
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            _noise = x;
            return (int)(x % 3u) - 1;
        }
    }
}
