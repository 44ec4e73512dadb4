using System;
using BatteryShift.Bms.Board;

namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// The path from the front end to the counts the firmware reads: the two multiplexers' select state and their
    /// outputs settling after a change (RC time constant from the board), and each conversion by the simulated ESP32
    /// ADC, with the settled input's mean transfer cached until the physics or a pin changes it.
    /// </summary>
    internal sealed class AdcPath
    {
        // a mux output within this of its final value counts as settled (1/800 of an ADC step)
        private const double MuxSettledResidualV = 1e-6;

        private readonly VirtualModule _module;
        private readonly BoardParameters _board;
        private readonly FrontEndErrors _errors;
        private readonly SimRandom _noise;
        private readonly double[] _muxStartV = new double[2];
        private readonly long[] _muxSettledUs = new long[2];
        private readonly double[] _meanCounts = new double[4];
        private readonly long[] _meanVersion = { -1, -1, -1, -1 };
        private long _analogVersion;
        private int _muxSelect;
        private long _muxSelectUs = long.MinValue / 2;

        internal AdcPath(VirtualModule module, BoardParameters board, FrontEndErrors errors, SimRandom noise)
        {
            _module = module;
            _board = board;
            _errors = errors;
            _noise = noise;
        }

        /// <summary>The channel the mux select pins address.</summary>
        internal int MuxSelect => _muxSelect;

        /// <summary>The voltage on an ADC pin right now (mux channels include settling).</summary>
        /// <param name="adcChannel">ADC1 channel.</param>
        /// <returns>Volts.</returns>
        internal double PinVoltage(int adcChannel)
        {
            if (adcChannel == Bmu16.AdcMuxCells)
            {
                return MuxVoltage(0);
            }

            if (adcChannel == Bmu16.AdcMuxAux)
            {
                return MuxVoltage(1);
            }

            return _module.ChannelVoltage(adcChannel, 0);
        }

        /// <summary>The select pins now address another channel: both mux outputs start settling towards it.</summary>
        /// <param name="select">Mux channel 0..15.</param>
        internal void Select(int select)
        {
            if (select != _muxSelect)
            {
                _muxStartV[0] = MuxVoltage(0);
                _muxStartV[1] = MuxVoltage(1);
                _muxSelect = select;
                _muxSelectUs = _module.TimeMicroseconds;
                _muxSettledUs[0] = SettledAtUs(_muxStartV[0], _module.FrontEnd.CellAmpOutput(select));
                _muxSettledUs[1] = SettledAtUs(_muxStartV[1], _module.FrontEnd.AuxOutput(select));
                Invalidate();
            }
        }

        /// <summary>The board was reset: the select lines read channel 0.</summary>
        internal void PowerUp()
        {
            _muxSelect = 0;
        }

        /// <summary>Something analog changed (a physics step, a pin, a fault): the cached transfers are stale.</summary>
        internal void Invalidate()
        {
            _analogVersion++;
        }

        /// <summary>One conversion of an ADC1 channel as the chip makes it (noise, stuck input, mux settling).</summary>
        /// <param name="channel">ADC1 channel.</param>
        /// <returns>Counts.</returns>
        internal int Convert(int channel)
        {
            int stuck = _module.AdcStuck[channel];
            if (stuck >= 0)
            {
                return stuck;
            }

            // the settled input and its mean transfer only change with the physics step or a pin/fault change:
            // oversampled reads of one channel reuse them
            int slot = channel == Bmu16.AdcMuxCells ? 0 : (channel == Bmu16.AdcMuxAux ? 1 : (channel == Bmu16.AdcCurrent ? 2 : 3));
            bool settling = slot < 2 && _errors.MuxSettling && _module.TimeMicroseconds < _muxSettledUs[slot];
            if (settling)
            {
                return _module.AdcChip.Convert(PinVoltage(channel), _module.BoardTemperatureC, _noise);
            }

            if (_meanVersion[slot] != _analogVersion)
            {
                _meanCounts[slot] = _module.AdcChip.MeanCounts(PinVoltage(channel), _module.BoardTemperatureC);
                _meanVersion[slot] = _analogVersion;
            }

            return _module.AdcChip.ConvertMean(_meanCounts[slot], _noise);
        }

        private double MuxVoltage(int mux)
        {
            double target = mux == 0 ? _module.FrontEnd.CellAmpOutput(_muxSelect) : _module.FrontEnd.AuxOutput(_muxSelect);
            if (!_errors.MuxSettling)
            {
                return target;
            }

            double elapsedUs = _module.TimeMicroseconds - _muxSelectUs;
            double tau = _board.MuxSettleTauUs;
            if (_module.TimeMicroseconds >= _muxSettledUs[mux])
            {
                return target;
            }

            return target + (_muxStartV[mux] - target) * Math.Exp(-elapsedUs / tau);
        }

        // When the exponential step from the last output to the new channel's has decayed below 1 uV (1/800 of an
        // ADC step), the mux output is taken as settled: the conversions after it skip the per-read exponential.
        private long SettledAtUs(double startV, double targetV)
        {
            double step = Math.Abs(startV - targetV);
            if (step <= MuxSettledResidualV)
            {
                return _module.TimeMicroseconds;
            }

            return _module.TimeMicroseconds + (long)Math.Ceiling(_board.MuxSettleTauUs * Math.Log(step / MuxSettledResidualV));
        }
    }
}
