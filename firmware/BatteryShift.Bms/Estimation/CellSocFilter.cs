using BatteryShift.Bms.Config;
using BatteryShift.Bms.Board;
using BatteryShift.Bms.Util;

namespace BatteryShift.Bms.Estimation
{
    /// <summary>
    /// State of charge of every cell: one scalar Kalman filter per cell on the equivalent-circuit model of
    /// docs/references.md (OCV table, R0, two RC pairs, one-state hysteresis, Arrhenius resistance).
    ///
    /// Why this filter rather than a four-state EKF per cell. The RC currents and the hysteresis state are
    /// driven only by the measured current, which the filter knows exactly as far as these states are
    /// concerned; they are propagated open-loop (exact discretisation) and only the SOC carries uncertainty.
    /// That makes the filter scalar: about 60 float operations per cell instead of the 4x4 covariance
    /// algebra (several hundred per cell), which matters on an interpreter running 16 of them. The voltage
    /// update is done as a pseudo-measurement of SOC through the inverse OCV table, with a dead band:
    /// the model's bounded bias (hysteresis branch uncertainty, resistance error times current, table
    /// error) is turned into an SOC interval [zLo, zHi] consistent with the measured voltage. Inside the
    /// interval the voltage says nothing and the counted SOC is left alone; outside, the estimate is pulled
    /// towards the interval edge with the Kalman gain P / (P + Rz), Rz = (noise / slope)^2. Because the
    /// interval is wide where the OCV slope is small, the flat plateau cannot corrupt the estimate (no
    /// correlated bias is ever averaged into it, which is what drags a plain EKF off on LFP), and because
    /// the variance P keeps growing while counting, the filter never freezes: the first steep region (knee,
    /// CV tail) corrects a wrong SOC at once. The interval also bounds P from above (set-membership).
    ///
    /// The correction is split into a part common to all cells (current sensor, a wrong start), which every
    /// contradicting cell votes on, and each cell's own part: the residual of its own contradiction after the
    /// common shift, and a relative pass that compares two-point calibrated cells with one another where the
    /// OCV slope makes millivolts meaningful (the model's common bias cancels from the differences). With the
    /// hysteresis branch unknown (no current seen yet), the voltage's SOC is the middle of the SOC range the
    /// two branches allow.
    ///
    /// Charge content is kept per cell as an integer (mA ms), moved by the integer charge counter, so the
    /// filter's float arithmetic never rounds away small currents. Bleed charge is taken off each cell.
    /// </summary>
    public sealed class CellSocFilter : CellSocState
    {
        private const float AnchorHalfWidth = 0.01f;
        private const float MaxFade = 0.3f;
        private const float TopTaperEnd = 0.99f;
        private const float TopTaperWidth = 0.02f;
        private const float BottomTaperStart = 0.0f;
        private const float BottomTaperWidth = 0.03f;
        private const float VoltageFilterS = 10f;
        private const float NoiseCorrelationS = 10f;
        private const float CommonGainError = 0.005f;

        // the cells rest for the relative pass below this flowing current: the cells' IR drops then differ by
        // microvolts. Not the estimator's "no current" (EstimationKeys.RestDeadbandMa, which the current reaching
        // here is already cut to): with that instead (only 0 counting as rest) a 20 % wrong start is no longer
        // pulled within 2.5 % in 2 h in the scenario seed tests, so the pass keeps its own, wider limit.
        private const float RestA = 0.5f;

        // capacity anchors are taken only below 0.2C (rated capacity / 5 per hour): the voltage then pins the SOC
        // within the model's bounded bias; this is a limit on the current's size, not a definition of "no current"
        private const int AnchorCurrentDivisor = 5;

        // the table's offset is observed once a minute at rests whose slow RC current has settled below 2 A
        private const int FitPeriodS = 60;
        private const float FitSettledA = 2f;

        private readonly float[] _groupFactor = new float[Bmu16.CellNtcCount];
        private bool _ocvPrimed;
        private bool _restNow;
        private readonly CapacityEstimator _capacity = new CapacityEstimator();
        private readonly ResistanceEstimator _resistance;
        private readonly RelativeSocPass _relativePass;
        private readonly OcvTableFit _fit = new OcvTableFit();
        private bool _fitChanged;
        private int _fitWaitS;

        private float _r1Ohm;
        private float _r2Ohm;
        private float _tau1S;
        private float _tau2S;
        private float _hysteresisV;
        private float _hysteresisRate;
        private float _biasV;
        private float _ratedMah;
        private float _tableShift;
        private float _noiseV;
        private float _driftPerS;
        private int _anchorCurrentMa;
        private int _cachedDtMs = -1;
        private float _f1;
        private float _f2;
        private float _ocvWeight;
        private float _noiseVarEff;
        private float _sumWeight;
        private float _sumWeighted;
        private float _stepDtS;
        private bool _stepOpen;

        /// <summary>Makes the filter; call <see cref="Configure"/> before use.</summary>
        public CellSocFilter()
        {
            _resistance = new ResistanceEstimator(_r0Ohm25);
            _relativePass = new RelativeSocPass(this);
        }

        /// <summary>The capacity learner.</summary>
        public CapacityEstimator Capacity
        {
            get { return _capacity; }
        }

        /// <summary>The cells' learned offset from the OCV table and the misfit report.</summary>
        public OcvTableFit TableFit
        {
            get { return _fit; }
        }

        /// <summary>True when the last step changed the table-fit report.</summary>
        public bool TableFitChanged
        {
            get { return _fitChanged; }
        }

        /// <summary>The resistance learner (fed every tick by the estimator).</summary>
        public ResistanceEstimator Resistance
        {
            get { return _resistance; }
        }

        /// <summary>
        /// Sets the model parameters from the configuration (module.capacity and the soc.* keys of
        /// <see cref="EstimationKeys"/>) and resets the learned ones to their starting values.
        /// </summary>
        /// <param name="config">Configuration.</param>
        public void Configure(BmsConfig config)
        {
            int ratedMah = config.Get(ModuleKeys.CellCapacityMah);
            _ratedMah = ratedMah;
            _tableShift = config.Get(EstimationKeys.TableShiftPct) * 0.01f;
            int r0MicroOhm = config.Get(EstimationKeys.R0MicroOhm);
            int r1MicroOhm = config.Get(EstimationKeys.R1MicroOhm);
            int r2MicroOhm = config.Get(EstimationKeys.R2MicroOhm);
            int hysteresisMv = config.Get(EstimationKeys.HysteresisMv);
            int biasMv = config.Get(EstimationKeys.ModelBiasMv);
            int noiseMv = config.Get(EstimationKeys.NoiseMv);
            int initialUncertaintyPct = config.Get(EstimationKeys.InitialUncertaintyPct);
            _r1Ohm = r1MicroOhm * 0.000001f;
            _r2Ohm = r2MicroOhm * 0.000001f;
            _tau1S = config.Get(EstimationKeys.Tau1S);
            _tau2S = config.Get(EstimationKeys.Tau2S);
            _hysteresisV = hysteresisMv * 0.001f;
            _hysteresisRate = config.Get(EstimationKeys.HysteresisRate);
            _biasV = biasMv * 0.001f;
            _noiseV = noiseMv * 0.001f;
            float u = initialUncertaintyPct * 0.01f;
            _initialVariance = u * u;

            // counting drift while current flows: 0.1 A of unknown offset on 280 Ah is 0.86 % SOC a day
            // (docs/references.md)
            _driftPerS = 0.0086f / 86400f;
            _commonVariance = _initialVariance;
            _anchorCurrentMa = ratedMah / AnchorCurrentDivisor;
            _resistance.ActivationK = config.Get(EstimationKeys.ResistanceActivationK);
            _capacity.Reset(ratedMah);
            _fit.Reset();
            long capMams = (long)ratedMah * 3600000L;
            for (int i = 0; i < Bmu16.MaxCells; i++)
            {
                _r0Ohm25[i] = r0MicroOhm * 0.000001f;
                _capacityMams[i] = capMams;
                _chargeMams[i] = capMams / 2;
                _variance[i] = DifferentialVariance;
                _iR1A[i] = 0f;
                _iR2A[i] = 0f;
                _hysteresis[i] = 0f;
                _countedMams[i] = 0;
                _zLo[i] = 0f;
                _zHi[i] = 1f;
            }

            _cachedDtMs = -1;
        }

        /// <summary>
        /// Guesses each cell's SOC from its voltage alone (at start-up without a stored state).
        /// </summary>
        /// <param name="status">Status with a valid measurement.</param>
        /// <param name="currentA">Current, A, positive into the module.</param>
        public void InitialiseFromVoltage(ModuleStatus status, float currentA)
        {
            for (int i = 0; i < status.CellCount; i++)
            {
                float t = status.CellTemperatureDeciC(i) * 0.1f;
                float r0 = _r0Ohm25[i] * _resistance.ArrheniusFactor(t);
                float ocv = (status.CellVoltageMv[i] * 0.001f) - (r0 * currentA);
                SetSoc(i, LfpOcvTable.SocFromOcv(ocv, t));
            }

            SetUncertainty(-1f, -1f);
        }

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
            _stepOpen = false;
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
            _stepOpen = true;
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
            if (_stepOpen)
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
            if (!_stepOpen)
            {
                return;
            }

            _stepOpen = false;
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
            LearnTableFit(status, n, _stepDtS);
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
                sumResidual += _ocvFilteredV[i] - LfpOcvTable.OcvV(z, t);
                sumVariance += _variance[i];
            }

            float zm = sumZ / n;
            float sd = FloatMath.Sqrt(_commonVariance + (sumVariance / n));
            _fitChanged = _fit.Observe(zm, sumResidual / n, sd, LfpOcvTable.SlopeVPerUnit(zm));
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
                float zMid = LfpOcvTable.SocFromOcv(ocv, t);
                float shift = ShiftAllowance(i, zMid, learned);
                float lo = LfpOcvTable.SocFromOcv(ocv - beta, t);
                float hi = LfpOcvTable.SocFromOcv(ocv + beta, t);
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
                    _voltageSoc[i] = 0.5f * (LfpOcvTable.SocFromOcv(ocv - hm, t) + LfpOcvTable.SocFromOcv(ocv + hm, t));
                }
                else
                {
                    _voltageSoc[i] = zMid;
                }
                float innovation = Target(i, z) - z;
                _target[i] = innovation != 0f ? Target(i, z) : -1f;
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
                    if (_capacity.Observe(i, zv < 0.5f ? -1 : 1, zv, 1f / (_voltageHalf[i] + MinVariance), _countedMams[i]))
                    {
                        ApplyCapacity(i);
                    }
                }
                else if (_capacity.CandidateSide(i) != 0 && z > 0.2f && z < 0.95f)
                {
                    if (_capacity.Leave(i))
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

        /// <summary>
        /// Where the voltage would put a cell's estimate z: z itself inside the interval [zLo, zHi]; outside, at
        /// least the nearest edge, deeper towards the SOC the voltage implies as far as the estimate's own
        /// variance exceeds the interval's (the Kalman weighting of counting against voltage), so a wrong start
        /// goes to the voltage's best guess while a small drift of a well-known estimate only goes back to the
        /// edge. Also sets the cell's pseudo-measurement noise (random voltage noise through the local slope).
        /// </summary>
        private float Target(int i, float z)
        {
            float zLo = _zLo[i];
            float zHi = _zHi[i];
            float half = 0.5f * (zHi - zLo);
            float pSum = _commonVariance + _variance[i];
            float toward = z + (pSum / (pSum + (half * half) + MinVariance) * (_voltageSoc[i] - z));
            float target = z;
            if (z < zLo)
            {
                target = toward > zLo ? toward : zLo;
            }
            else if (z > zHi)
            {
                target = toward < zHi ? toward : zHi;
            }

            float slope = LfpOcvTable.SlopeVPerUnit(target);
            _rz[i] = _noiseVarEff / (slope * slope);
            return target;
        }

        /// <summary>
        /// How far along the SOC axis the table may be off at a cell's voltage: a maker's curve puts its plateau
        /// steps a few percent elsewhere, and lithium loss compresses the curve (an aged cell at SOC s sits where a
        /// fresh one sits at s times its remaining fraction), so the learned fade times the SOC is added. Nothing at
        /// the ends, where every LFP curve is steep and the anchors are; less where the table's offset is learned.
        /// </summary>
        private float ShiftAllowance(int cell, float zVoltage, float learned)
        {
            float fade = 1f - (_capacity.CapacityMah(cell) / _ratedMah);
            fade = fade < 0f ? 0f : (fade > MaxFade ? MaxFade : fade);
            float top = (TopTaperEnd - zVoltage) / TopTaperWidth;
            float bottom = (zVoltage - BottomTaperStart) / BottomTaperWidth;
            float taper = top < bottom ? top : bottom;
            taper = taper < 0f ? 0f : (taper > 1f ? 1f : taper);
            return (1f - learned) * taper * (_tableShift + (fade * zVoltage));
        }

        private void ApplyCapacity(int cell)
        {
            long newCap = (long)(_capacity.CapacityMah(cell) * MsPerHour);
            float z = (float)_chargeMams[cell] / _capacityMams[cell];
            _capacityMams[cell] = newCap;
            _chargeMams[cell] = (long)(z * newCap);
        }
    }
}
