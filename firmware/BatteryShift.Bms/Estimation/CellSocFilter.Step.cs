using BatteryShift.Bms.Board;
using BatteryShift.Bms.Util;

namespace BatteryShift.Bms.Estimation
{
    /// <summary>
    /// The filter's step (see the class's other part, CellSocFilter.cs): prediction, the voltage bounds, the common
    /// error, the relative pass, each cell's own correction and the table's fit; in one call or in parts on
    /// consecutive ticks.
    /// </summary>
    public sealed partial class CellSocFilter
    {
        /// <summary>
        /// One filter step for every cell, in one call (<see cref="BeginStep"/>, <see cref="BoundCells"/> over every cell
        /// and <see cref="FinishStep"/>).
        /// </summary>
        /// <param name="status">Status with a valid measurement.</param>
        /// <param name="storedMams">Net charge stored into the module since the last step, mA ms.</param>
        /// <param name="bledMams">Per-cell charge bled since the last step, mA ms (may be null).</param>
        /// <param name="dtMs">Time since the last step, ms.</param>
        /// <param name="averageCurrentA">Mean flowing current over the step, A.</param>
        /// <param name="currentA">Flowing current now, A.</param>
        public void Step(ModuleStatus status, long storedMams, long[] bledMams, int dtMs, float averageCurrentA, float currentA)
        {
            BeginStep(status, storedMams, bledMams, dtMs, averageCurrentA);
            BoundCells(status, 0, status.CellCount, currentA);
            FinishStep(status, currentA);
        }

        /// <summary>
        /// First part of a step: the prediction from the charge counted and bled. The step's parts may run in
        /// consecutive control ticks (each reads that tick's voltages and current), so that no tick carries the whole
        /// step (docs/benchmarks.md, the device tick cost model).
        /// </summary>
        /// <param name="status">Status with a valid measurement.</param>
        /// <param name="storedMams">Net charge stored into the module since the last step, mA ms.</param>
        /// <param name="bledMams">Per-cell charge bled since the last step, mA ms (may be null).</param>
        /// <param name="dtMs">Time since the last step, ms.</param>
        /// <param name="averageCurrentA">Mean flowing current over the step, A.</param>
        public void BeginStep(ModuleStatus status, long storedMams, long[] bledMams, int dtMs, float averageCurrentA)
        {
            _stepDtS = 0f;
            if (dtMs <= 0)
            {
                return;
            }

            float dtS = dtMs * 0.001f;
            if (dtMs != _cachedDtMs)
            {
                _f1 = FloatMath.Exp(-dtS / _tau1S);
                _f2 = FloatMath.Exp(-dtS / _tau2S);
                _ocvWeight = dtS / (VoltageFilterS + dtS);
                _cachedDtMs = dtMs;
            }

            int n = status.CellCount;
            int lastNtc = n > 0 ? Bmu16.NtcOfCell(n - 1, n) : -1;
            for (int g = 0; g <= lastNtc; g++)
            {
                _groupFactor[g] = _resistance.ArrheniusFactor(status.TemperatureDeciC[Bmu16.AuxNtcFirst + g] * 0.1f);
            }

            _noiseVarEff = _noiseV * _noiseV * (NoiseCorrelationS > dtS ? NoiseCorrelationS / dtS : 1f);
            Predict(n, storedMams, bledMams, averageCurrentA, dtS);
            _sumWeight = 0f;
            _sumWeighted = 0f;
            _stepDtS = dtS;
        }

        /// <summary>
        /// Second part of a step, for the cells from..to-1: each cell's SOC interval from its voltage now.
        /// </summary>
        /// <param name="status">Status with a valid measurement.</param>
        /// <param name="from">First cell.</param>
        /// <param name="to">One past the last cell.</param>
        /// <param name="currentA">Flowing current now, A (the voltages' IR drop).</param>
        public void BoundCells(ModuleStatus status, int from, int to, float currentA)
        {
            if (_stepDtS > 0f)
            {
                BoundByVoltage(status, from, to, currentA);
            }
        }

        /// <summary>
        /// Last part of a step: the common error from every cell that contradicted its voltage, the relative pass, each
        /// cell's own correction and the table's fit.
        /// </summary>
        /// <param name="status">Status with a valid measurement.</param>
        /// <param name="currentA">Flowing current now, A.</param>
        public void FinishStep(ModuleStatus status, float currentA)
        {
            float dtS = _stepDtS;
            if (dtS <= 0f)
            {
                return;
            }

            _stepDtS = 0f;
            int n = status.CellCount;
            ShiftCommon(n);
            bool lowCurrent = currentA * 1000f < _anchorCurrentMa && currentA * 1000f > -_anchorCurrentMa;
            _restNow = currentA < RestA && currentA > -RestA;

            // --- pass R: each cell's SOC relative to the others, from the differences between the cells' voltages
            if (_comparableMask != 0)
            {
                _relativePass.Run(status, n, _noiseV, _restNow);
            }

            CorrectOwn(n, lowCurrent);
            LearnTableFit(status, n, dtS);
        }

        /// <summary>
        /// At a settled rest on a known branch, once a minute: the cells' mean model-corrected voltage against the
        /// table at the counted SOC, an observation of the table's offset there (<see cref="OcvTableFit"/>).
        /// </summary>
        private void LearnTableFit(ModuleStatus status, int n, float dtS)
        {
            _fitChanged = false;
            _fitWaitS -= (int)dtS;
            float i2 = _iR2A[0] < 0f ? -_iR2A[0] : _iR2A[0];
            float h = _hysteresis[0] < 0f ? -_hysteresis[0] : _hysteresis[0];
            if (!_restNow || i2 >= FitSettledA || h < 0.8f || n == 0 || _fitWaitS > 0)
            {
                return;
            }

            _fitWaitS = FitPeriodS;
            float sumZ = 0f;
            float sumResidual = 0f;
            float sumVariance = 0f;
            for (int i = 0; i < n; i++)
            {
                float z = (float)_chargeMams[i] / _capacityMams[i];
                float t = status.CellTemperatureDeciC(i) * 0.1f;
                sumZ += z;
                sumResidual += _ocvFilteredV[i] - LfpOcvTable.OcvV(_ocvTable, z, t);
                sumVariance += _variance[i];
            }

            float zm = sumZ / n;
            float sd = FloatMath.Sqrt(_commonVariance + (sumVariance / n));
            _fitChanged = _fit.Observe(zm, sumResidual / n, sd, LfpOcvTable.SlopeVPerUnit(_ocvTable, zm));
        }

        /// <summary>
        /// Prediction: integer charge, open-loop RC currents and hysteresis per cell; the variances grow with the
        /// charge moved (capacity error) and, for the common part, with time (current sensor offset).
        /// </summary>
        private void Predict(int n, long storedMams, long[] bledMams, float averageCurrentA, float dtS)
        {
            float f1 = _f1;
            float f2 = _f2;
            // --- prediction: integer charge, open-loop RC and hysteresis
            for (int i = 0; i < n; i++)
            {
                long dq = storedMams;
                if (bledMams != null)
                {
                    dq -= bledMams[i];
                }

                long cap = _capacityMams[i];
                long q = _chargeMams[i] + dq;
                _chargeMams[i] = q < 0 ? 0 : (q > cap ? cap : q);
                _countedMams[i] += dq;
                float moved = (dq < 0 ? -dq : dq) / (float)cap;
                _iR1A[i] = (f1 * _iR1A[i]) + ((1f - f1) * averageCurrentA);
                _iR2A[i] = (f2 * _iR2A[i]) + ((1f - f2) * averageCurrentA);
                if (moved > 0f)
                {
                    float x = _hysteresisRate * moved;
                    float a = x < 0.05f ? 1f - x + (0.5f * x * x) : FloatMath.Exp(-x);
                    _hysteresis[i] = (a * _hysteresis[i]) + ((1f - a) * (dq > 0 ? 1f : -1f));

                    // a capacity error is a bias: its SOC error grows linearly with the charge moved
                    float sd = FloatMath.Sqrt(_variance[i]) + (moved * _capacity.UncertaintyMah(i) / _capacity.CapacityMah(i));
                    _variance[i] = sd * sd;
                }
            }

            // the common (current-sensor) error grows linearly with charge moved (gain) and time (offset)
            float movedCommon = (storedMams < 0 ? -storedMams : storedMams) / (float)_capacityMams[0];
            if (movedCommon > 0f)
            {
                float sdc = FloatMath.Sqrt(_commonVariance) + (CommonGainError * movedCommon) + (_driftPerS * dtS);
                _commonVariance = sdc * sdc;
            }
        }

        /// <summary>
        /// Pass 1, for the cells from..to-1: each cell's SOC interval consistent with its model-corrected voltage; a cell
        /// whose voltage contradicts its estimate adds its vote on the common error (<see cref="ShiftCommon"/>).
        /// </summary>
        private void BoundByVoltage(ModuleStatus status, int from, int to, float currentA)
        {
            int[] cellMv = status.CellVoltageMv;
            int n = status.CellCount;
            // --- correction, pass 1: each cell's SOC interval consistent with its voltage (bounded model bias)
            float sumWeight = _sumWeight;
            float sumWeighted = _sumWeighted;
            for (int i = from; i < to; i++)
            {
                long cap = _capacityMams[i];
                float z = (float)_chargeMams[i] / cap;
                int ntc = Bmu16.NtcOfCell(i, n);
                float t = status.TemperatureDeciC[Bmu16.AuxNtcFirst + ntc] * 0.1f;
                float factor = _groupFactor[ntc];
                float h = _hysteresis[i];
                float dropR0 = _r0Ohm25[i] * factor * currentA;
                float dropR1 = _r1Ohm * factor * _iR1A[i];
                float dropR2 = _r2Ohm * factor * _iR2A[i];

                // the model-corrected voltage, low-passed so that no single noisy sample can move the estimate
                float ocvNow = (cellMv[i] * 0.001f) - dropR0 - dropR1 - dropR2 - (_hysteresisV * h);
                float ocv = _ocvPrimed ? _ocvFilteredV[i] + (_ocvWeight * (ocvNow - _ocvFilteredV[i])) : ocvNow;
                _ocvFilteredV[i] = ocv;
                float hAbs = h < 0f ? -h : h;
                float drops = FloatMath.Abs(dropR0) + FloatMath.Abs(dropR1) + FloatMath.Abs(dropR2);
                float learned = _fit.Confidence(z);
                float tableV = _tableShift > 0f ? (1f - learned) * OcvTableFit.UnknownAllowanceV : 0f;
                float beta = _biasV + tableV + (_hysteresisV * (1f - hAbs)) + (0.3f * drops);
                ocv -= _fit.OffsetAt(z);
                _beta[i] = beta;
                _dropV[i] = drops;
                float zMid = LfpOcvTable.SocFromOcv(_ocvTable, ocv, t);
                float shift = ShiftAllowance(i, zMid, learned);
                float lo = LfpOcvTable.SocFromOcv(_ocvTable, ocv - beta, t);
                float hi = LfpOcvTable.SocFromOcv(_ocvTable, ocv + beta, t);
                _voltageHalf[i] = 0.5f * (hi - lo);
                lo -= shift;
                hi += shift;
                _zLo[i] = lo < 0f ? 0f : lo;
                _zHi[i] = hi > 1f ? 1f : hi;
                if (hAbs < 0.99f)
                {
                    // branch not known: the middle of the SOC range the branches span, not the SOC of the middle
                    // voltage (the curve is not symmetric about it, 20-30 % in particular)
                    float hm = _hysteresisV * (1f - hAbs);
                    _voltageSoc[i] = 0.5f * (LfpOcvTable.SocFromOcv(_ocvTable, ocv - hm, t) + LfpOcvTable.SocFromOcv(_ocvTable, ocv + hm, t));
                }
                else
                {
                    _voltageSoc[i] = zMid;
                }
                float target = Target(i, z);
                float innovation = target - z;
                _target[i] = innovation != 0f ? target : -1f;
                if (innovation != 0f)
                {
                    // a cell whose voltage contradicts its estimate votes on the common error
                    float w = 1f / (_variance[i] + _rz[i]);
                    sumWeight += w;
                    sumWeighted += w * innovation;
                }
            }

            _sumWeight = sumWeight;
            _sumWeighted = sumWeighted;
        }

        // --- the common error (current sensor, a wrong start) from every contradicting cell at once, so that no single
        // cell's model error moves the whole module
        private void ShiftCommon(int n)
        {
            float sumWeight = _sumWeight;
            if (sumWeight > 0f)
            {
                float commonInnovation = _sumWeighted / sumWeight;
                float gain = _commonVariance / (_commonVariance + (1f / sumWeight));
                float shift = gain * commonInnovation;
                for (int j = 0; j < n; j++)
                {
                    long cj = _capacityMams[j];
                    long qj = _chargeMams[j] + (long)(shift * cj);
                    _chargeMams[j] = qj < 0 ? 0 : (qj > cj ? cj : qj);
                }
            }
        }

        /// <summary>
        /// Pass 2: what is left is each cell's own error; the voltage caps the variances (set membership) and pins
        /// the SOC for capacity learning where it can.
        /// </summary>
        private void CorrectOwn(int n, bool lowCurrent)
        {
            // --- pass 2: what is left is each cell's own error
            float tightest = MaxVariance;
            bool fused = false;
            for (int i = 0; i < n; i++)
            {
                long cap = _capacityMams[i];
                float z = (float)_chargeMams[i] / cap;
                float pd = _variance[i];

                // a cell that contradicted its voltage before the common shift keeps its own part of what the
                // voltage said (its target minus where the shift left it), so cells that all start from one
                // guess come apart as their voltages say, rather than all stopping where the first entered its
                // interval; any other cell is held to its interval
                float innovation = _target[i] >= 0f ? _target[i] - z : Target(i, z) - z;
                if (innovation != 0f)
                {
                    long qi = _chargeMams[i] + (long)(pd / (pd + _rz[i]) * innovation * cap);
                    _chargeMams[i] = qi < 0 ? 0 : (qi > cap ? cap : qi);
                }

                // the voltage bounds the uncertainty (set membership): an estimate held at the interval's
                // edge can be wrong by up to the half-width. The same interval seen again a second later is
                // not new information (the model's bias is correlated in time and between cells), so it caps
                // the variances instead of shrinking them multiplicatively as independent measurements would:
                // the cell's own part here, the common part by the tightest cell after the loop.
                float half = 0.5f * (_zHi[i] - _zLo[i]);
                float bound = (half * half) + _rz[i];
                if (pd > bound)
                {
                    pd = bound;
                }

                if (bound < tightest)
                {
                    tightest = bound;
                }

                _variance[i] = FloatMath.Clamp(pd, MinVariance, MaxVariance);

                // --- anchors for capacity learning: the voltage alone pins the SOC to within 1 %
                float zv = _voltageSoc[i];
                float hAbs = _hysteresis[i] < 0f ? -_hysteresis[i] : _hysteresis[i];
                if (lowCurrent && hAbs >= 0.8f && _voltageHalf[i] <= AnchorHalfWidth)
                {
                    if (_capacity.Observe(i, zv < 0.5f ? -1 : 1, zv, AnchorErrorSoc(i, zv), _countedMams[i]))
                    {
                        ApplyCapacity(i);
                        fused = true;
                    }
                }
                else if (_capacity.CandidateSide(i) != 0 && z > 0.2f && z < 0.95f)
                {
                    if (_capacity.Leave(i))
                    {
                        ApplyCapacity(i);
                        fused = true;
                    }
                }
            }

            // the cells still without a sample of their own take the sampled cells' mean (CapacityEstimator.ShareWithUnsampled)
            if (fused && _capacity.ShareWithUnsampled(n))
            {
                for (int i = 0; i < n; i++)
                {
                    if (_capacity.Samples(i) == 0)
                    {
                        ApplyCapacity(i);
                    }
                }
            }

            _ocvPrimed = true;
            if (_commonVariance > tightest)
            {
                _commonVariance = tightest < MinVariance ? MinVariance : tightest;
            }
        }
    }
}
