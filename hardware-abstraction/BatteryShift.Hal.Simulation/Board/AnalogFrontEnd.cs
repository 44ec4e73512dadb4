using BatteryShift.Bms.Board;

namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// The simulated board's analog front end as built: the tolerances drawn once from the board's seed (cell
    /// amplifier gains, buffer offsets, NTC R25, the references, the dividers, the rail, the current amplifier) and
    /// the voltages the front end presents to the multiplexers and the ADC pins from the module's state (cell
    /// terminals, sense-wire drops and open wires, temperatures, current). Which NTC reads which cells is the
    /// board definition's (<see cref="Bmu16.FirstCellOfNtc"/>, through <see cref="ModuleTruth.NtcTemperatureC"/>).
    /// </summary>
    public sealed class AnalogFrontEnd
    {
        private readonly VirtualModule _module;
        private readonly BoardParameters _board;
        private readonly FrontEndErrors _errors;
        private readonly double[] _cellAmpGain = new double[Bmu16.MaxCells];
        private readonly double[] _bufferOffsetV = new double[2];
        private readonly double[] _ntcR25 = new double[Bmu16.TemperatureCount];
        private readonly double _refHighV;
        private readonly double _refMidV;
        private readonly double _refLowV;
        private readonly double _dividerGain;
        private readonly double _railV;
        private readonly double _currentGain;
        private readonly double _currentOffsetV;
        private readonly FrontEndDrift? _drift;

        internal AnalogFrontEnd(VirtualModule module, BoardParameters board, FrontEndErrors errors, SimRandom boardRandom, FrontEndDrift? drift = null)
        {
            _drift = drift;
            _module = module;
            _board = board;
            _errors = errors;
            bool amp = errors.AmplifierTolerance;
            bool comp = errors.ComponentTolerance;
            double nominalGain = Bmu16.CellAmpGainE4 / 10000.0;
            for (int k = 0; k < Bmu16.MaxCells; k++)
            {
                double tol = boardRandom.NextSigned() * board.CellAmpGainTolerancePct / 100.0;
                _cellAmpGain[k] = nominalGain * (1.0 + (amp ? tol : 0));
            }

            for (int m = 0; m < 2; m++)
            {
                double off = boardRandom.NextSigned() * board.BufferOffsetV;
                _bufferOffsetV[m] = amp ? off : 0;
            }

            for (int j = 0; j < Bmu16.TemperatureCount; j++)
            {
                double tol = boardRandom.NextSigned() * board.NtcTolerancePct / 100.0;
                _ntcR25[j] = Bmu16.NtcR25Ohm * (1.0 + (comp ? tol : 0));
            }

            double refTol = board.ReferenceTolerancePct / 100.0;
            double rh = boardRandom.NextSigned() * refTol;
            double rm = boardRandom.NextSigned() * refTol;
            double rl = boardRandom.NextSigned() * refTol;
            double dv = boardRandom.NextSigned() * board.DividerTolerancePct / 100.0;
            double rail = boardRandom.NextSigned() * board.RailTolerancePct / 100.0;
            _refHighV = Bmu16.RefHighMv / 1000.0 * (1 + (comp ? rh : 0));
            _refMidV = Bmu16.RefMidMv / 1000.0 * (1 + (comp ? rm : 0));
            _refLowV = Bmu16.RefLowMv / 1000.0 * (1 + (comp ? rl : 0));
            _dividerGain = 1.0 / Bmu16.ModuleDividerRatio * (1 + (comp ? dv : 0));
            _railV = 3.3 * (1 + (comp ? rail : 0));
            double ge = boardRandom.NextSigned() * board.CurrentAmpGainErrorPct / 100.0;
            double oe = boardRandom.NextSigned() * board.CurrentAmpOffsetV;
            bool cur = errors.CurrentAmplifier;
            _currentGain = Bmu16.CurrentAmpGain * (1 + (cur ? ge : 0));
            _currentOffsetV = cur ? oe : 0;
        }

        /// <summary>Actual gain of a cell amplifier (0-based channel).</summary>
        /// <param name="channel">Mux A channel.</param>
        /// <returns>V/V.</returns>
        public double CellAmpGain(int channel) => _cellAmpGain[channel];

        /// <summary>Actual offset of a mux buffer (0 = mux A, 1 = mux B), V.</summary>
        /// <param name="mux">Mux.</param>
        /// <returns>Volts.</returns>
        public double BufferOffsetV(int mux) => _bufferOffsetV[mux];

        /// <summary>Actual REF_HI at the board's temperature, V.</summary>
        public double RefHighV => _drift == null ? _refHighV : _refHighV * (1 + (_drift.RefHighTempcoPerK * BoardDeltaK));

        /// <summary>Actual REF_MID at the board's temperature, V.</summary>
        public double RefMidV => _drift == null ? _refMidV : _refMidV * (1 + (_drift.RefMidTempcoPerK * BoardDeltaK));

        /// <summary>Actual REF_LO at the board's temperature, V.</summary>
        public double RefLowV => _drift == null ? _refLowV : _refLowV * (1 + (_drift.RefLowTempcoPerK * BoardDeltaK));

        /// <summary>The worst-case board's drifts and common-mode errors (null on a typical board).</summary>
        public FrontEndDrift? Drift => _drift;

        private double BoardDeltaK => _module.BoardTemperatureC - 25.0;

        /// <summary>Actual module divider gain (output / input).</summary>
        public double ModuleDividerGain => _dividerGain;

        /// <summary>Actual 3.3 V rail, V.</summary>
        public double RailV => _railV;

        /// <summary>Actual current amplifier gain, V/V.</summary>
        public double CurrentAmpGain => _currentGain;

        /// <summary>Actual current amplifier input offset, V.</summary>
        public double CurrentAmpOffsetV => _currentOffsetV;

        /// <summary>Actual R25 of an NTC (mux B channel 0..9), ohm.</summary>
        /// <param name="index">NTC.</param>
        /// <returns>Ohms.</returns>
        public double NtcR25Ohm(int index) => _ntcR25[index];

        /// <summary>
        /// The settled voltage the board presents for an ADC channel and mux channel (no settling, no ADC).
        /// </summary>
        /// <param name="adcChannel">ADC1 channel.</param>
        /// <param name="muxChannel">Mux channel (for channels 0 and 3).</param>
        /// <returns>Volts.</returns>
        public double ChannelVoltage(int adcChannel, int muxChannel)
        {
            switch (adcChannel)
            {
                case Bmu16.AdcMuxCells:
                    return CellAmpOutput(muxChannel);
                case Bmu16.AdcMuxAux:
                    return AuxOutput(muxChannel);
                case Bmu16.AdcCurrent:
                    return CurrentAmpOutput();
                case Bmu16.AdcCurrentReference:
                    return RefMidV;
                default:
                    return 0.0;
            }
        }

        /// <summary>Cell voltage at the amplifier inputs (terminal voltage minus sense-wire drops, open wires).</summary>
        /// <param name="cell">Cell index, 0-based.</param>
        /// <returns>Volts.</returns>
        public double SensedCellVoltage(int cell)
        {
            if (cell >= _module.CellCount)
            {
                return 0.0;
            }

            return _module.CellTerminalV[cell] + NodeOffset(cell + 1) - NodeOffset(cell);
        }

        internal double CellAmpOutput(int channel)
        {
            double v = _cellAmpGain[channel] * SensedCellVoltage(channel) + _bufferOffsetV[0];
            if (_drift != null)
            {
                v = CellAmpOutputDrifted(channel);
            }

            return v < 0 ? 0 : (v > 3.3 ? 3.3 : v);
        }

        internal double AuxOutput(int channel)
        {
            double v;
            switch (channel)
            {
                case Bmu16.AuxNtcShunt:
                    v = NtcVoltage(Bmu16.AuxNtcShunt, _module.ShuntTemperatureC);
                    break;
                case Bmu16.AuxNtcBoard:
                    v = NtcVoltage(Bmu16.AuxNtcBoard, _module.BoardTemperatureC);
                    break;
                case Bmu16.AuxRefHigh:
                    v = RefHighV;
                    break;
                case Bmu16.AuxRefMid:
                    v = RefMidV;
                    break;
                case Bmu16.AuxRefLow:
                    v = RefLowV;
                    break;
                case Bmu16.AuxGround:
                    v = 0;
                    break;
                case Bmu16.AuxModuleDivider:
                    v = _module.Truth.PackVoltageV * _dividerGain;
                    break;
                case Bmu16.AuxRailHalf:
                    v = _railV / Bmu16.RailDividerRatio;
                    break;
                default:
                    v = NtcVoltage(channel, _module.Truth.NtcTemperatureC(channel));
                    break;
            }

            v += _bufferOffsetV[1] + (_drift == null ? 0 : _drift.BufferOffsetTempcoVPerK(1) * BoardDeltaK);
            return v < 0 ? 0 : (v > 3.3 ? 3.3 : v);
        }

        internal double NtcVoltage(int index, double temperatureC)
        {
            if (_module.NtcOpen[index])
            {
                return RefHighV;
            }

            if (_module.NtcShorted[index])
            {
                return 0;
            }

            // the part's own curve always (an ideal part is one that matches its datasheet table); the component
            // tolerance only scales R25
            double r = _ntcR25[index] / Bmu16.NtcR25Ohm * NtcModel.TableOhm(temperatureC);
            return RefHighV * r / (r + Bmu16.NtcPullUpOhm);
        }

        internal double CurrentAmpOutput()
        {
            double shunt = Bmu16.ShuntMicroOhm * 1e-6;
            double sensedA = _module.SensedCurrentA;
            double v = _refMidV + _currentGain * (sensedA * shunt + _currentOffsetV);
            if (_drift != null)
            {
                double dt = BoardDeltaK;
                v = RefMidV + (_currentGain * (1 + (_drift.CurrentGainTempcoPerK * dt)) * ((sensedA * shunt) + _currentOffsetV + (_drift.CurrentOffsetTempcoVPerK * dt)));
            }

            return v < 0 ? 0 : (v > 3.3 ? 3.3 : v);
        }

        // the worst-case board: channel gain drift, the common mode (mean of the two taps above B-) through 1 / CMRR,
        // and the buffer's offset drift
        private double CellAmpOutputDrifted(int channel)
        {
            FrontEndDrift d = _drift!;
            double dt = BoardDeltaK;
            double commonModeV = 0;
            for (int i = 0; i < channel && i < _module.CellCount; i++)
            {
                commonModeV += _module.CellTerminalV[i];
            }

            double sensed = SensedCellVoltage(channel);
            commonModeV += 0.5 * sensed;
            double gain = _cellAmpGain[channel] * (1 + (d.CellGainTempcoPerK(channel) * dt));
            return (gain * (sensed + (d.CellCommonModeGain(channel) * commonModeV))) + _bufferOffsetV[0] + (d.BufferOffsetTempcoVPerK(0) * dt);
        }

        /// <summary>Board node j minus cell tap j (sense-wire drop, or where a floating node settles).</summary>
        internal double NodeOffset(int j)
        {
            if (j > 0 && j <= _module.CellCount && _module.OpenWires[j])
            {
                bool below = (_module.BleedMask >> (j - 1) & 1) != 0;
                bool above = j < _module.CellCount && (_module.BleedMask >> j & 1) != 0;
                double down = WireDrop(j - 1) - _module.CellTerminalV[j - 1];
                if (j == _module.CellCount)
                {
                    return down;
                }

                double up = WireDrop(j + 1) + _module.CellTerminalV[j];
                if (below && !above)
                {
                    return down;
                }

                if (above && !below)
                {
                    return up;
                }

                return 0.5 * (down + up);
            }

            return WireDrop(j);
        }

        internal double WireDrop(int j)
        {
            if (!_errors.SenseWireDrop || j <= 0 || j > _module.CellCount)
            {
                return 0;
            }

            double fromBelow = _module.BleedCurrents[j - 1];
            double intoAbove = j < _module.CellCount ? _module.BleedCurrents[j] : 0;
            return -_board.SenseWireOhm * (fromBelow - intoAbove);
        }
    }
}
