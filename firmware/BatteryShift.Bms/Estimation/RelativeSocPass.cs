using BatteryShift.Bms.Board;

namespace BatteryShift.Bms.Estimation
{
    /// <summary>
    /// Pass R of the SOC filter (<see cref="CellSocFilter"/>): the cells' SOC relative to one another. The model's bias (hysteresis branch, OCV table, resistance) is
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
    public sealed class RelativeSocPass
    {
        private const float ResistanceSpread = 0.05f;
        private const float RelativeMaxHalf = 0.02f;
        private const float UniformVarianceFactor = 1f / 3f;
        private const float SettledA = 2f;

        private readonly CellSocState _state;
        private readonly float[] _inverseSlope = new float[Bmu16.MaxCells];
        private readonly float[] _relative = new float[Bmu16.MaxCells];
        private readonly float[] _relativeHalf = new float[Bmu16.MaxCells];
        private float _sumWeight;
        private float _sumInnovation;
        private float _sumInverse;

        /// <summary>
        /// Makes the pass over a filter's state.
        /// </summary>
        /// <param name="state">The filter's state, read and corrected in place.</param>
        public RelativeSocPass(CellSocState state)
        {
            _state = state;
        }

        /// <summary>
        /// Runs the pass over the cells that take part (<see cref="CellSocState.ComparableCellMask"/>).
        /// </summary>
        /// <param name="status">Module status with this scan's temperatures.</param>
        /// <param name="n">Cells in series.</param>
        /// <param name="noiseV">The voltage measurement's random noise, V.</param>
        /// <param name="restNow">True when the cells rest (the filter's own rest limit).</param>
        public void Run(ModuleStatus status, int n, float noiseV, bool restNow)
        {
            if (!Bands(status, n, noiseV))
            {
                return;
            }

            float meanCorrection = Corrections(n, restNow);
            Apply(n, meanCorrection);
        }

        // each comparable cell's band and what the voltages say of its error; false when no cell's band is narrow
        private bool Bands(ModuleStatus status, int n, float noiseV)
        {
            float sumWeight = 0f;
            float sumInnovation = 0f;
            float sumInverse = 0f;
            for (int i = 0; i < n; i++)
            {
                // the band and its middle from the table at both ends rather than the slope at one point: near the
                // table's steps (98-99 %) a few millivolts of noise would otherwise look like a precise measurement
                float t = status.CellTemperatureDeciC(i) * 0.1f;
                float ocv = _state._ocvFilteredV[i];
                float delta = noiseV + (ResistanceSpread * _state._dropV[i]);
                float lo = LfpOcvTable.SocFromOcv(_state._ocvTable, ocv - delta, t);
                float hi = LfpOcvTable.SocFromOcv(_state._ocvTable, ocv + delta, t);
                float half = 0.5f * (hi - lo);
                if (((_state._comparableMask >> i) & 1) == 0)
                {
                    half = 1f;
                }

                _relativeHalf[i] = half;
                if (half > RelativeMaxHalf)
                {
                    // on the plateau the voltages tell the cells apart no better than the counting does
                    continue;
                }

                float inverse = _state._voltageHalf[i] / _state._beta[i];
                float innovation = (0.5f * (lo + hi)) - ((float)_state._chargeMams[i] / _state._capacityMams[i]);
                float w = 1f / ((half * half) + CellSocState.MinVariance);
                _inverseSlope[i] = inverse;
                _relative[i] = innovation;
                sumWeight += w;
                sumInnovation += w * innovation;
                sumInverse += w * inverse;
            }

            _sumWeight = sumWeight;
            _sumInnovation = sumInnovation;
            _sumInverse = sumInverse;
            return sumWeight > 0f;
        }

        // each cell's correction towards its band (or into it while placing), its variance capped by the band
        private float Corrections(int n, bool restNow)
        {
            float sumWeight = _sumWeight;
            float sumInnovation = _sumInnovation;
            float sumInverse = _sumInverse;
            float i2 = _state._iR2A[0] < 0f ? -_state._iR2A[0] : _state._iR2A[0];
            bool settled = restNow && i2 < SettledA;
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
                float half = _relativeHalf[i] + (_state._beta[i] * (spread < 0f ? -spread : spread));
                float pd = _state._variance[i];
                // inside the band as well while the cell's own part is still a guess's (a set or guessed SOC)
                // and the cells rest with their dynamics settled: the differences then place the cell to within
                // the band, once, since the band then caps its variance. Otherwise only out to the band's edge:
                // while current flows or cells relax the model's transients differ between cells, and in
                // operation the readings' few millivolts away from the calibration points would otherwise keep
                // moving well-counted cells (and the balancing that follows them)
                bool placing = settled && pd >= CellSocState.DifferentialVariance && pd > half * half;
                float k = pd / (pd + ((placing ? UniformVarianceFactor : 1f) * half * half) + CellSocState.MinVariance);
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
                    _state._variance[i] = bound < CellSocState.MinVariance ? CellSocState.MinVariance : bound;
                }
            }

            return sumCorrection / used;
        }

        // the corrections relative to their mean: the module's level stays the common pass's
        private void Apply(int n, float meanCorrection)
        {
            for (int i = 0; i < n; i++)
            {
                if (_relativeHalf[i] > RelativeMaxHalf)
                {
                    continue;
                }

                float correction = _relative[i] - meanCorrection;
                if (correction != 0f)
                {
                    long cap = _state._capacityMams[i];
                    long q = _state._chargeMams[i] + (long)(correction * cap);
                    _state._chargeMams[i] = q < 0 ? 0 : (q > cap ? cap : q);
                }
            }
        }
    }
}
