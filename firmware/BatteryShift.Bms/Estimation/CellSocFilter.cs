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
    public sealed class CellSocFilter
    {
        private const float MsPerHour = 3600000f;
        private const float MinVariance = 0.000001f;
        private const float MaxVariance = 0.25f;
        private const float AnchorHalfWidth = 0.01f;
        private const float VoltageFilterS = 10f;
        private const float NoiseCorrelationS = 10f;
        private const float CommonGainError = 0.005f;
        private const float DifferentialVariance = 0.0004f;
        private const float ResistanceSpread = 0.05f;
        private const float RelativeMaxHalf = 0.02f;
        private const float UniformVarianceFactor = 1f / 3f;
        private const float SettledA = 2f;

        // the cells rest for the relative pass below this flowing current: the cells' IR drops then differ by
        // microvolts. Not the estimator's "no current" (EstimationKeys.RestDeadbandMa, which the current reaching
        // here is already cut to): with that instead (only 0 counting as rest) a 20 % wrong start is no longer
        // pulled within 2.5 % in 2 h in the scenario seed tests, so the pass keeps its own, wider limit.
        private const float RestA = 0.5f;

        // capacity anchors are taken only below 0.2C (rated capacity / 5 per hour): the voltage then pins the SOC
        // within the model's bounded bias; this is a limit on the current's size, not a definition of "no current"
        private const int AnchorCurrentDivisor = 5;

        private readonly long[] _chargeMams = new long[Bmu16.MaxCells];
        private readonly long[] _capacityMams = new long[Bmu16.MaxCells];
        private readonly long[] _countedMams = new long[Bmu16.MaxCells];
        private readonly float[] _variance = new float[Bmu16.MaxCells];
        private readonly float[] _iR1A = new float[Bmu16.MaxCells];
        private readonly float[] _iR2A = new float[Bmu16.MaxCells];
        private readonly float[] _hysteresis = new float[Bmu16.MaxCells];
        private readonly float[] _r0Ohm25 = new float[Bmu16.MaxCells];
        private readonly float[] _voltageSoc = new float[Bmu16.MaxCells];
        private readonly float[] _groupFactor = new float[Bmu16.CellNtcCount];
        private readonly float[] _ocvFilteredV = new float[Bmu16.MaxCells];
        private readonly float[] _zLo = new float[Bmu16.MaxCells];
        private readonly float[] _zHi = new float[Bmu16.MaxCells];
        private readonly float[] _rz = new float[Bmu16.MaxCells];
        private readonly float[] _beta = new float[Bmu16.MaxCells];
        private readonly float[] _target = new float[Bmu16.MaxCells];
        private readonly float[] _dropV = new float[Bmu16.MaxCells];
        private readonly float[] _inverseSlope = new float[Bmu16.MaxCells];
        private readonly float[] _relative = new float[Bmu16.MaxCells];
        private readonly float[] _relativeHalf = new float[Bmu16.MaxCells];
        private bool _ocvPrimed;
        private int _comparableMask;
        private bool _restNow;
        private readonly CapacityEstimator _capacity = new CapacityEstimator();
        private readonly ResistanceEstimator _resistance;

        private float _r1Ohm;
        private float _r2Ohm;
        private float _tau1S;
        private float _tau2S;
        private float _hysteresisV;
        private float _hysteresisRate;
        private float _biasV;
        private float _noiseV;
        private float _initialVariance;
        private float _driftPerS;
        private float _commonVariance;
        private int _anchorCurrentMa;
        private int _cachedDtMs = -1;
        private float _f1;
        private float _f2;
        private float _ocvWeight;
        private float _noiseVarEff;

        /// <summary>Makes the filter; call <see cref="Configure"/> before use.</summary>
        public CellSocFilter()
        {
            _resistance = new ResistanceEstimator(_r0Ohm25);
        }

        /// <summary>
        /// Cells (bit n = cell n+1) whose voltage readings are accurate enough to compare with one another, the
        /// channels with a two-point calibration; only these take part in the relative pass. 0 (none) by default:
        /// an uncalibrated channel reads tens of millivolts off (docs/hardware.md), which on the OCV
        /// curve's steep parts would look like a difference in charge.
        /// </summary>
        public int ComparableCellMask
        {
            get { return _comparableMask; }
            set { _comparableMask = value; }
        }

        /// <summary>The capacity learner.</summary>
        public CapacityEstimator Capacity
        {
            get { return _capacity; }
        }

        /// <summary>The resistance learner (fed every tick by the estimator).</summary>
        public ResistanceEstimator Resistance
        {
            get { return _resistance; }
        }

        /// <summary>
        /// Sets the model parameters and resets the learned ones to their starting values.
        /// </summary>
        /// <param name="ratedMah">Rated cell capacity, mAh.</param>
        /// <param name="r0MicroOhm">R0 at 25 C, micro-ohm.</param>
        /// <param name="r1MicroOhm">R1, micro-ohm.</param>
        /// <param name="tau1S">tau1, s.</param>
        /// <param name="r2MicroOhm">R2, micro-ohm.</param>
        /// <param name="tau2S">tau2, s.</param>
        /// <param name="hysteresisMv">Hysteresis half-gap, mV.</param>
        /// <param name="hysteresisRate">Hysteresis rate per unit SOC.</param>
        /// <param name="biasMv">Bounded model bias, mV.</param>
        /// <param name="noiseMv">Voltage noise, mV.</param>
        /// <param name="initialUncertaintyPct">Uncertainty of a guessed SOC, percent.</param>
        /// <param name="activationK">Arrhenius Ea/R, K.</param>
        public void Configure(int ratedMah, int r0MicroOhm, int r1MicroOhm, int tau1S, int r2MicroOhm, int tau2S, int hysteresisMv, int hysteresisRate, int biasMv, int noiseMv, int initialUncertaintyPct, int activationK)
        {
            _r1Ohm = r1MicroOhm * 0.000001f;
            _r2Ohm = r2MicroOhm * 0.000001f;
            _tau1S = tau1S;
            _tau2S = tau2S;
            _hysteresisV = hysteresisMv * 0.001f;
            _hysteresisRate = hysteresisRate;
            _biasV = biasMv * 0.001f;
            _noiseV = noiseMv * 0.001f;
            float u = initialUncertaintyPct * 0.01f;
            _initialVariance = u * u;

            // counting drift while current flows: 0.1 A of unknown offset on 280 Ah is 0.86 % SOC a day
            // (docs/references.md)
            _driftPerS = 0.0086f / 86400f;
            _commonVariance = _initialVariance;
            _anchorCurrentMa = ratedMah / AnchorCurrentDivisor;
            _resistance.ActivationK = activationK;
            _capacity.Reset(ratedMah);
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

        /// <summary>State of charge of a cell, 0..1.</summary>
        /// <param name="cell">Cell index.</param>
        /// <returns>SOC fraction.</returns>
        public float Soc(int cell)
        {
            return (float)_chargeMams[cell] / _capacityMams[cell];
        }

        /// <summary>Charge a cell holds above empty, mA ms.</summary>
        /// <param name="cell">Cell index.</param>
        /// <returns>mA ms.</returns>
        public long ChargeMams(int cell)
        {
            return _chargeMams[cell];
        }

        /// <summary>Capacity used for a cell, mA ms.</summary>
        /// <param name="cell">Cell index.</param>
        /// <returns>mA ms.</returns>
        public long CapacityMams(int cell)
        {
            return _capacityMams[cell];
        }

        /// <summary>Standard uncertainty of a cell's SOC (common and own parts), 0..1.</summary>
        /// <param name="cell">Cell index.</param>
        /// <returns>Standard deviation as a fraction.</returns>
        public float SocUncertainty(int cell)
        {
            return FloatMath.Sqrt(_variance[cell] + _commonVariance);
        }

        /// <summary>Standard uncertainty of a cell's own SOC part, 0..1.</summary>
        /// <param name="cell">Cell index.</param>
        /// <returns>Standard deviation as a fraction.</returns>
        public float CellUncertainty(int cell)
        {
            return FloatMath.Sqrt(_variance[cell]);
        }

        /// <summary>The SOC the last voltage alone implied (model-corrected), 0..1.</summary>
        /// <param name="cell">Cell index.</param>
        /// <returns>SOC fraction.</returns>
        public float VoltageSoc(int cell)
        {
            return _voltageSoc[cell];
        }

        /// <summary>
        /// Lowest SOC the cell's last model-corrected voltage allows (lower edge of the set-membership interval),
        /// 0..1; 0 before the first step.
        /// </summary>
        /// <param name="cell">Cell index.</param>
        /// <returns>SOC fraction.</returns>
        public float SocLow(int cell)
        {
            return _zLo[cell];
        }

        /// <summary>
        /// Highest SOC the cell's last model-corrected voltage allows (upper edge of the set-membership interval),
        /// 0..1; 1 before the first step.
        /// </summary>
        /// <param name="cell">Cell index.</param>
        /// <returns>SOC fraction.</returns>
        public float SocHigh(int cell)
        {
            return _zHi[cell];
        }

        /// <summary>Learned R0 at 25 C of a cell, ohm.</summary>
        /// <param name="cell">Cell index.</param>
        /// <returns>Ohm.</returns>
        public float R0Ohm25(int cell)
        {
            return _r0Ohm25[cell];
        }

        /// <summary>Hysteresis state of a cell, -1 (discharge branch) .. +1 (charge branch).</summary>
        /// <param name="cell">Cell index.</param>
        /// <returns>State.</returns>
        public float Hysteresis(int cell)
        {
            return _hysteresis[cell];
        }

        /// <summary>Counted charge total of a cell (stored minus bled, never corrected), mA ms.</summary>
        /// <param name="cell">Cell index.</param>
        /// <returns>mA ms.</returns>
        public long CountedMams(int cell)
        {
            return _countedMams[cell];
        }

        /// <summary>
        /// Sets a cell's SOC (a guess, a stored value or a user's entry); see <see cref="SetUncertainty"/>.
        /// </summary>
        /// <param name="cell">Cell index.</param>
        /// <param name="soc">SOC, 0..1.</param>
        public void SetSoc(int cell, float soc)
        {
            soc = FloatMath.Clamp(soc, 0f, 1f);
            _chargeMams[cell] = (long)(soc * _capacityMams[cell]);
        }

        /// <summary>
        /// Sets the uncertainty of the SOC: the part common to all cells (counting error since the last
        /// anchor, a guessed start) and each cell's own part (imbalance, capacity spread).
        /// </summary>
        /// <param name="commonUncertainty">Common standard uncertainty, 0..1; negative for the configured guess uncertainty.</param>
        /// <param name="cellUncertainty">Each cell's own standard uncertainty, 0..1; negative for the default (3 %).</param>
        public void SetUncertainty(float commonUncertainty, float cellUncertainty)
        {
            float pc = commonUncertainty < 0f ? _initialVariance : commonUncertainty * commonUncertainty;
            float pd = cellUncertainty < 0f ? DifferentialVariance : cellUncertainty * cellUncertainty;
            _commonVariance = FloatMath.Clamp(pc, MinVariance, MaxVariance);
            for (int i = 0; i < Bmu16.MaxCells; i++)
            {
                _variance[i] = FloatMath.Clamp(pd, MinVariance, MaxVariance);
            }
        }

        /// <summary>Standard uncertainty of the SOC part common to all cells, 0..1.</summary>
        /// <returns>Standard deviation as a fraction.</returns>
        public float CommonUncertainty()
        {
            return FloatMath.Sqrt(_commonVariance);
        }

        /// <summary>
        /// Restores a cell's learned values and counters.
        /// </summary>
        /// <param name="cell">Cell index.</param>
        /// <param name="capacityMah">Capacity, mAh.</param>
        /// <param name="r0Ohm25">R0 at 25 C, ohm.</param>
        /// <param name="countedMams">Counted charge total, mA ms.</param>
        public void RestoreCell(int cell, float capacityMah, float r0Ohm25, long countedMams)
        {
            _capacityMams[cell] = (long)(capacityMah * MsPerHour);
            _r0Ohm25[cell] = r0Ohm25;
            _countedMams[cell] = countedMams;
        }

        /// <summary>
        /// Restores a cell's hysteresis state (which branch it rests on), -1..+1; 0 means unknown.
        /// </summary>
        /// <param name="cell">Cell index.</param>
        /// <param name="state">State.</param>
        public void RestoreHysteresis(int cell, float state)
        {
            _hysteresis[cell] = FloatMath.Clamp(state, -1f, 1f);
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
        /// One filter step for every cell.
        /// </summary>
        /// <param name="status">Status with a valid measurement.</param>
        /// <param name="storedMams">Net charge stored into the module since the last step, mA ms.</param>
        /// <param name="bledMams">Per-cell charge bled since the last step, mA ms (may be null).</param>
        /// <param name="dtMs">Time since the last step, ms.</param>
        /// <param name="averageCurrentA">Mean flowing current over the step, A.</param>
        /// <param name="currentA">Flowing current now, A.</param>
        public void Step(ModuleStatus status, long storedMams, long[] bledMams, int dtMs, float averageCurrentA, float currentA)
        {
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

            float f1 = _f1;
            float f2 = _f2;
            _noiseVarEff = _noiseV * _noiseV * (NoiseCorrelationS > dtS ? NoiseCorrelationS / dtS : 1f);
            bool lowCurrent = currentA * 1000f < _anchorCurrentMa && currentA * 1000f > -_anchorCurrentMa;
            _restNow = currentA < RestA && currentA > -RestA;
            int[] cellMv = status.CellVoltageMv;

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

            // --- correction, pass 1: each cell's SOC interval consistent with its voltage (bounded model bias)
            float sumWeight = 0f;
            float sumWeighted = 0f;
            for (int i = 0; i < n; i++)
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
                float beta = _biasV + (_hysteresisV * (1f - hAbs)) + (0.3f * drops);
                _beta[i] = beta;
                _dropV[i] = drops;
                _zLo[i] = LfpOcvTable.SocFromOcv(ocv - beta, t);
                _zHi[i] = LfpOcvTable.SocFromOcv(ocv + beta, t);
                if (hAbs < 0.99f)
                {
                    // branch not known: the middle of the SOC range the branches span, not the SOC of the middle
                    // voltage (the curve is not symmetric about it, 20-30 % in particular)
                    float hm = _hysteresisV * (1f - hAbs);
                    _voltageSoc[i] = 0.5f * (LfpOcvTable.SocFromOcv(ocv - hm, t) + LfpOcvTable.SocFromOcv(ocv + hm, t));
                }
                else
                {
                    _voltageSoc[i] = LfpOcvTable.SocFromOcv(ocv, t);
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

            // --- the common error (current sensor, a wrong start) from every contradicting cell at once, so
            // that no single cell's model error moves the whole module
            if (sumWeight > 0f)
            {
                float commonInnovation = sumWeighted / sumWeight;
                float gain = _commonVariance / (_commonVariance + (1f / sumWeight));
                float shift = gain * commonInnovation;
                for (int j = 0; j < n; j++)
                {
                    long cj = _capacityMams[j];
                    long qj = _chargeMams[j] + (long)(shift * cj);
                    _chargeMams[j] = qj < 0 ? 0 : (qj > cj ? cj : qj);
                }
            }

            // --- pass R: each cell's SOC relative to the others, from the differences between the cells' voltages
            if (_comparableMask != 0)
            {
                StepRelative(status, n);
            }

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
                if (lowCurrent && hAbs >= 0.8f && half <= AnchorHalfWidth)
                {
                    if (_capacity.Observe(i, zv < 0.5f ? -1 : 1, zv, 1f / (half + MinVariance), _countedMams[i]))
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
        /// The cells' SOC relative to one another. The model's bias (hysteresis branch, OCV table, resistance) is
        /// the same for cells of one chemistry carrying one current, so it cancels from the differences between
        /// cells: what the voltage says of a cell's error minus what it says of the others' (weighted mean) is
        /// the cell's own error, uncertain only by the measurement (noise, calibration), the resistance spread
        /// and the common bias seen through a different OCV slope. Where that difference band is narrow (slope
        /// regions, 2-20 % and the knees), the estimate is moved to the band's edge, or towards its middle as
        /// far as the cell's own variance exceeds the band's (the same dead band as for the common part); on
        /// the plateau the band is tens of percent wide and nothing moves. The corrections are taken relative
        /// to their mean, so this pass never moves the module's level, which the common pass owns; the band
        /// caps the cell's own variance (set membership).
        /// </summary>
        private void StepRelative(ModuleStatus status, int n)
        {
            float sumWeight = 0f;
            float sumInnovation = 0f;
            float sumInverse = 0f;
            for (int i = 0; i < n; i++)
            {
                // the band and its middle from the table at both ends rather than the slope at one point: near the
                // table's steps (98-99 %) a few millivolts of noise would otherwise look like a precise measurement
                float t = status.CellTemperatureDeciC(i) * 0.1f;
                float ocv = _ocvFilteredV[i];
                float delta = _noiseV + (ResistanceSpread * _dropV[i]);
                float lo = LfpOcvTable.SocFromOcv(ocv - delta, t);
                float hi = LfpOcvTable.SocFromOcv(ocv + delta, t);
                float half = 0.5f * (hi - lo);
                if (((_comparableMask >> i) & 1) == 0)
                {
                    half = 1f;
                }

                _relativeHalf[i] = half;
                if (half > RelativeMaxHalf)
                {
                    // on the plateau the voltages tell the cells apart no better than the counting does
                    continue;
                }

                float inverse = (_zHi[i] - _zLo[i]) / (2f * _beta[i]);
                float innovation = (0.5f * (lo + hi)) - ((float)_chargeMams[i] / _capacityMams[i]);
                float w = 1f / ((half * half) + MinVariance);
                _inverseSlope[i] = inverse;
                _relative[i] = innovation;
                sumWeight += w;
                sumInnovation += w * innovation;
                sumInverse += w * inverse;
            }

            if (sumWeight <= 0f)
            {
                return;
            }

            float i2 = _iR2A[0] < 0f ? -_iR2A[0] : _iR2A[0];
            bool settled = _restNow && i2 < SettledA;
            float meanInnovation = sumInnovation / sumWeight;
            float meanInverse = sumInverse / sumWeight;
            float sumCorrection = 0f;
            int used = 0;
            for (int i = 0; i < n; i++)
            {
                if (_relativeHalf[i] > RelativeMaxHalf)
                {
                    _relative[i] = 0f;
                    continue;
                }

                float d = _relative[i] - meanInnovation;
                float spread = _inverseSlope[i] - meanInverse;
                float half = _relativeHalf[i] + (_beta[i] * (spread < 0f ? -spread : spread));
                float pd = _variance[i];
                // inside the band as well while the cell's own part is still a guess's (a set or guessed SOC)
                // and the cells rest with their dynamics settled: the differences then place the cell to within
                // the band, once, since the band then caps its variance. Otherwise only out to the band's edge:
                // while current flows or cells relax the model's transients differ between cells, and in
                // operation the readings' few millivolts away from the calibration points would otherwise keep
                // moving well-counted cells (and the balancing that follows them)
                bool placing = settled && pd >= DifferentialVariance && pd > half * half;
                float k = pd / (pd + ((placing ? UniformVarianceFactor : 1f) * half * half) + MinVariance);
                float correction = placing || d > half || d < -half ? k * d : 0f;
                if (d > half && correction < d - half)
                {
                    correction = d - half;
                }
                else if (d < -half && correction > d + half)
                {
                    correction = d + half;
                }

                _relative[i] = correction;
                sumCorrection += correction;
                used++;
                float bound = half * half;
                if (pd > bound)
                {
                    _variance[i] = bound < MinVariance ? MinVariance : bound;
                }
            }

            float meanCorrection = sumCorrection / used;
            for (int i = 0; i < n; i++)
            {
                if (_relativeHalf[i] > RelativeMaxHalf)
                {
                    continue;
                }

                float correction = _relative[i] - meanCorrection;
                if (correction != 0f)
                {
                    long cap = _capacityMams[i];
                    long q = _chargeMams[i] + (long)(correction * cap);
                    _chargeMams[i] = q < 0 ? 0 : (q > cap ? cap : q);
                }
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

        private void ApplyCapacity(int cell)
        {
            long newCap = (long)(_capacity.CapacityMah(cell) * MsPerHour);
            float z = (float)_chargeMams[cell] / _capacityMams[cell];
            _capacityMams[cell] = newCap;
            _chargeMams[cell] = (long)(z * newCap);
        }
    }
}
