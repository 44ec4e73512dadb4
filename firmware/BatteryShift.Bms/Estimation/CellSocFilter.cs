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
    public sealed partial class CellSocFilter : CellSocState
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

        // what the table may be off by along the SOC axis at the very ends, 0..1 (AnchorErrorSoc)
        private const float EndShift = 0.03f;

        // how far above the table's SOC the published curves put a voltage below the table's 6 %: at 3.16 V one is at
        // 18.8 % where the table is at 6 % (docs/ocv-curves.md), so a bottom anchor on a curve not told may be that low
        private const float BottomCurveSpread = 0.13f;

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
        // the open step's length, s; 0 when no step is open (one field: each is a heap block on the device)
        private float _stepDtS;

        /// <summary>Makes the filter; call <see cref="Configure"/> before use.</summary>
        public CellSocFilter()
        {
            _resistance = new ResistanceEstimator(_r0Ohm25);
            _relativePass = new RelativeSocPass(this);
        }

        /// <summary>
        /// Puts a curve in use (<see cref="OcvCurves"/>). The table's learned offset is forgotten: it was learned
        /// against the curve before. The SOC and the learned capacity stay.
        /// </summary>
        /// <param name="curve">Curve id.</param>
        /// <param name="userPointsMv">The user's 21 checked points, for <see cref="OcvCurves.User"/>; else unused.</param>
        /// <returns>False for an unknown id or a missing user curve; nothing changes then.</returns>
        public bool UseCurve(int curve, int[] userPointsMv)
        {
            bool user = curve == OcvCurves.User;
            if (curve < 0 || curve >= OcvCurves.Count || (user && (userPointsMv == null || OcvCurves.FirstWrongPoint(userPointsMv) >= 0)))
            {
                return false;
            }

            if (curve == OcvCurves.Bpx)
            {
                _ocvTable = LfpOcvTable.Default;
            }
            else
            {
                float[] own = _ocvTable == LfpOcvTable.Default ? new float[LfpOcvTable.Rows] : _ocvTable;
                if (user)
                {
                    OcvCurves.Expand(userPointsMv, own);
                }
                else
                {
                    OcvCurves.FillBuiltin(curve, own);
                }

                _ocvTable = own;
            }

            _fit.Reset();
            return true;
        }

        /// <summary>Open-circuit voltage of the curve in use, V.</summary>
        /// <param name="socFraction">State of charge, 0..1.</param>
        /// <param name="temperatureC">Cell temperature, C.</param>
        /// <returns>OCV, V.</returns>
        public float CurveOcvV(float socFraction, float temperatureC)
        {
            return LfpOcvTable.OcvV(_ocvTable, socFraction, temperatureC);
        }

        /// <summary>
        /// The SOC uncertainty to publish for a cell: the filter's own, or, where larger, the one the charge counted
        /// since the cell's last capacity anchor allows. That count knows nothing of the curve between the anchors, so
        /// where the filter, on a curve that is not the cells', has moved away from it, the gap between the two is
        /// itself uncertainty: with the counted SOC within twice its own uncertainty of the truth, the filter's SOC is
        /// within half the gap plus that (read as one standard uncertainty) of it. The filter's estimate is not moved.
        /// </summary>
        /// <param name="cell">Cell index.</param>
        /// <returns>Standard uncertainty, 0..1.</returns>
        public float PublishedUncertainty(int cell)
        {
            float sd = SocUncertainty(cell);
            int side = _capacity.AnchorSide(cell);
            if (side == 0)
            {
                return sd;
            }

            float capacityMah = _capacity.CapacityMah(cell);
            float moved = (_countedMams[cell] - _capacity.AnchorCountMams(cell)) / (capacityMah * MsPerHour);
            float gap = Soc(cell) - (_capacity.AnchorSoc(cell) + moved);
            gap = gap < 0f ? -gap : gap;
            moved = moved < 0f ? -moved : moved;

            // a bottom anchor read on a curve not told lies on the table's knee, which the published curves put up to
            // BottomCurveSpread higher (a bound, read as two standard errors)
            float anchorSd = _capacity.AnchorErrorSoc(cell);
            float spreadSd = side < 0 && _tableShift > 0f ? 0.5f * BottomCurveSpread : 0f;
            anchorSd = anchorSd > spreadSd ? anchorSd : spreadSd;
            float countedSd = anchorSd + (moved * ((_capacity.UncertaintyMah(cell) / capacityMah) + CommonGainError));
            float bound = (0.5f * gap) + countedSd;
            return bound > sd ? bound : sd;
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
                SetSoc(i, LfpOcvTable.SocFromOcv(_ocvTable, ocv, t));
            }

            SetUncertainty(-1f, -1f);
        }

        /// <summary>
        /// Where the voltage would put a cell's estimate z: z itself inside the interval [zLo, zHi]; outside, at
        /// least the nearest edge, deeper towards the SOC the voltage implies as far as the estimate's own
        /// variance exceeds the interval's (the Kalman weighting of counting against voltage), so a wrong start
        /// goes to the voltage's best guess while a small drift of a well-known estimate only goes back to the
        /// edge. Before the cell's first anchor on a table not trusted, only to the edge. Also sets the cell's
        /// pseudo-measurement noise (random voltage noise through the local slope).
        /// </summary>
        private float Target(int i, float z)
        {
            float zLo = _zLo[i];
            float zHi = _zHi[i];
            float half = 0.5f * (zHi - zLo);
            float pSum = _commonVariance + _variance[i];

            // before the cell's first anchor, on a table whose SOC axis is not trusted (soc.shift above 0): the
            // voltage's own SOC may lie on another maker's curve, and the guess is all else there is, so the
            // estimate goes no further than the interval's edge (docs/ocv-curves.md, "A wrong start")
            bool edgeOnly = _tableShift > 0f && _capacity.AnchorSide(i) == 0;
            float toward = edgeOnly ? z : z + (pSum / (pSum + (half * half) + MinVariance) * (_voltageSoc[i] - z));

            float target = z;
            if (z < zLo)
            {
                target = toward > zLo ? toward : zLo;
            }
            else if (z > zHi)
            {
                target = toward < zHi ? toward : zHi;
            }

            float slope = LfpOcvTable.SlopeVPerUnit(_ocvTable, target);
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

        /// <summary>
        /// An anchor's SOC error: the voltage's, plus half of what the table may be off by there (the allowance is a
        /// bound, read as two standard errors). At the ends, where the shift allowance tapers to nothing, the published
        /// curves still put their knees <see cref="EndShift"/> and more apart (at 3.40 V one is at 96.7 % where the
        /// table is at 99.2 %; at 3.05 V one is at 12.7 % where the table is at 3.2 %, docs/ocv-curves.md), so that is
        /// the least. The table's learned offset does not narrow it: that offset was learned at SOCs counted on the
        /// very capacity the anchor is to correct. Only the capacity's weighting and uncertainty use this, not the
        /// voltage correction of the SOC.
        /// </summary>
        private float AnchorErrorSoc(int cell, float zVoltage)
        {
            float shift = ShiftAllowance(cell, zVoltage, 0f);
            float end = _tableShift < EndShift ? _tableShift : EndShift;
            shift = shift > end ? shift : end;
            return _voltageHalf[cell] + (0.5f * shift);
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
