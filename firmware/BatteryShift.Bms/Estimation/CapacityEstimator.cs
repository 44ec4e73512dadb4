using BatteryShift.Bms.Board;

namespace BatteryShift.Bms.Estimation
{
    /// <summary>
    /// Capacity per cell from charge counted between confident anchors. An anchor is a point where the
    /// cell's voltage alone pins its state of charge (steep part of the OCV curve: the CV tail at the top,
    /// the knee at the bottom, at modest current with a known hysteresis branch). Within one visit of a
    /// steep region the best point (steepest slope) is kept as candidate; when the cell leaves the region
    /// the candidate becomes the anchor. Between a top and a bottom anchor that differ by at least half the
    /// SOC range, capacity = counted charge / SOC difference; each such sample is fused into the estimate
    /// with a scalar Kalman update whose sample variance grows with the anchors' SOC error over the span.
    ///
    /// Each anchor carries its own SOC error: the voltage's at that point plus what the OCV table may be wrong by
    /// there (a bottom knee sits several percent elsewhere on another maker's curve; the top of charge is the same
    /// on every curve). That error is systematic: the same table, the same cells and the same converter give the
    /// same error at every visit, so repeated samples do not average it away. The capacity's uncertainty is
    /// therefore never taken below the anchors' part of one sample's (it stays honest for the SOC uncertainty the
    /// capacity feeds), while the estimate itself still follows the samples.
    /// </summary>
    public sealed class CapacityEstimator
    {
        private const float MinSpan = 0.5f;
        /// <summary>The smallest SOC error an anchor is given: the voltage's own at a steep point, 0..1.</summary>
        public const float AnchorSocError = 0.008f;
        private const float CountRelativeError = 0.005f;
        private const float InitialUncertainty = 0.10f;

        private readonly float[] _capacityMah = new float[Bmu16.MaxCells];
        private readonly float[] _varianceMah2 = new float[Bmu16.MaxCells];
        private readonly int[] _samples = new int[Bmu16.MaxCells];
        private readonly float[] _anchorSoc = new float[Bmu16.MaxCells];
        private readonly long[] _anchorCountMams = new long[Bmu16.MaxCells];
        // the last anchor's SOC error, signed with its side (+ top, - bottom); 0 when there is none
        private readonly float[] _anchorError = new float[Bmu16.MaxCells];
        private readonly float[] _candidateSoc = new float[Bmu16.MaxCells];
        private readonly long[] _candidateCountMams = new long[Bmu16.MaxCells];
        private readonly int[] _candidateSide = new int[Bmu16.MaxCells];
        private readonly float[] _candidateError = new float[Bmu16.MaxCells];
        private float _ratedMah;

        /// <summary>
        /// Starts every cell at the rated capacity with a 10 percent standard uncertainty: a module of unknown age may
        /// hold up to 20 % less than rated (80 % state of health, an ESS cell's usual end of life), far more than the
        /// cell-to-cell spread of a new module.
        /// </summary>
        /// <param name="ratedMah">Rated cell capacity, mAh.</param>
        public void Reset(float ratedMah)
        {
            _ratedMah = ratedMah;
            for (int i = 0; i < Bmu16.MaxCells; i++)
            {
                _capacityMah[i] = ratedMah;
                float sd = InitialUncertainty * ratedMah;
                _varianceMah2[i] = sd * sd;
                _samples[i] = 0;
                _anchorError[i] = 0f;
                _candidateSide[i] = 0;
            }
        }

        /// <summary>Learned capacity of a cell, mAh.</summary>
        /// <param name="cell">Cell index.</param>
        /// <returns>Capacity, mAh.</returns>
        public float CapacityMah(int cell)
        {
            return _capacityMah[cell];
        }

        /// <summary>Capacity samples fused for a cell.</summary>
        /// <param name="cell">Cell index.</param>
        /// <returns>Samples.</returns>
        public int Samples(int cell)
        {
            return _samples[cell];
        }

        /// <summary>
        /// A confident point: the voltage pins the cell's SOC here.
        /// </summary>
        /// <param name="cell">Cell index.</param>
        /// <param name="side">+1 top of charge, -1 bottom.</param>
        /// <param name="soc">SOC implied by the voltage, 0..1.</param>
        /// <param name="errorSoc">Standard error of that SOC, 0..1: the voltage's plus the table's there (smaller is better;
        /// at least <see cref="AnchorSocError"/> is used).</param>
        /// <param name="countedMams">The cell's counted-charge total at this moment, mA ms.</param>
        /// <returns>True when a capacity sample was fused.</returns>
        public bool Observe(int cell, int side, float soc, float errorSoc, long countedMams)
        {
            bool fused = false;
            if (_candidateSide[cell] != side)
            {
                fused = Commit(cell);
                _candidateSide[cell] = side;
                _candidateError[cell] = float.MaxValue;
            }

            float error = errorSoc > AnchorSocError ? errorSoc : AnchorSocError;
            if (error <= _candidateError[cell])
            {
                _candidateSoc[cell] = soc;
                _candidateCountMams[cell] = countedMams;
                _candidateError[cell] = error;
            }

            return fused;
        }

        /// <summary>
        /// The cell has left the steep region it was observed in: its best point becomes the anchor.
        /// </summary>
        /// <param name="cell">Cell index.</param>
        /// <returns>True when a capacity sample was fused.</returns>
        public bool Leave(int cell)
        {
            return Commit(cell);
        }

        /// <summary>True while a cell holds an uncommitted candidate.</summary>
        /// <param name="cell">Cell index.</param>
        /// <returns>The candidate's side, or 0.</returns>
        public int CandidateSide(int cell)
        {
            return _candidateSide[cell];
        }

        /// <summary>
        /// Restores one cell's learned state.
        /// </summary>
        /// <param name="cell">Cell index.</param>
        /// <param name="capacityMah">Capacity, mAh.</param>
        /// <param name="sdMah">Standard uncertainty, mAh.</param>
        /// <param name="samples">Samples fused.</param>
        /// <param name="anchorSide">Side of the last anchor (0 none).</param>
        /// <param name="anchorErrorSoc">SOC error of the last anchor, 0..1 (at least <see cref="AnchorSocError"/> is used).</param>
        /// <param name="anchorSoc">SOC of the last anchor.</param>
        /// <param name="anchorCountMams">Counted charge at the last anchor, mA ms.</param>
        public void Restore(int cell, float capacityMah, float sdMah, int samples, int anchorSide, float anchorErrorSoc, float anchorSoc, long anchorCountMams)
        {
            _capacityMah[cell] = capacityMah;
            _varianceMah2[cell] = sdMah * sdMah;
            _samples[cell] = samples;
            float error = anchorErrorSoc > AnchorSocError ? anchorErrorSoc : AnchorSocError;
            _anchorError[cell] = anchorSide > 0 ? error : (anchorSide < 0 ? -error : 0f);
            _anchorSoc[cell] = anchorSoc;
            _anchorCountMams[cell] = anchorCountMams;
            _candidateSide[cell] = 0;
        }

        /// <summary>
        /// Gives each of the first <paramref name="n"/> cells that has no capacity sample of its own the mean capacity of
        /// the cells that have one. The cells of a module age together: the cell-to-cell spread of capacity is a few
        /// percent, while the rated starting value may be 20 % above an aged module's. A cell reaches both of its anchors
        /// only when the imbalance lets it reach the top knee and the bottom one in turn, days after the first cells
        /// do; until then it counts its SOC on the rated capacity. Its own variance is left at the unsampled one, so its
        /// first own sample still replaces the shared value almost entirely.
        /// </summary>
        /// <param name="n">Cells in series.</param>
        /// <returns>True when any cell's capacity was changed.</returns>
        public bool ShareWithUnsampled(int n)
        {
            float sum = 0f;
            int sampled = 0;
            for (int i = 0; i < n; i++)
            {
                if (_samples[i] > 0)
                {
                    sum += _capacityMah[i];
                    sampled++;
                }
            }

            if (sampled == 0 || sampled == n)
            {
                return false;
            }

            float mean = sum / sampled;
            for (int i = 0; i < n; i++)
            {
                if (_samples[i] == 0)
                {
                    _capacityMah[i] = mean;
                }
            }

            return true;
        }

        /// <summary>Standard uncertainty of a cell's capacity, mAh.</summary>
        /// <param name="cell">Cell index.</param>
        /// <returns>mAh.</returns>
        public float UncertaintyMah(int cell)
        {
            return Util.FloatMath.Sqrt(_varianceMah2[cell]);
        }

        /// <summary>Side of the last anchor, 0 when none.</summary>
        /// <param name="cell">Cell index.</param>
        /// <returns>+1, -1 or 0.</returns>
        public int AnchorSide(int cell)
        {
            float e = _anchorError[cell];
            return e > 0f ? 1 : (e < 0f ? -1 : 0);
        }

        /// <summary>SOC error of the last anchor, 0..1; 0 when none.</summary>
        /// <param name="cell">Cell index.</param>
        /// <returns>0..1.</returns>
        public float AnchorErrorSoc(int cell)
        {
            float e = _anchorError[cell];
            return e < 0f ? -e : e;
        }

        /// <summary>SOC of the last anchor.</summary>
        /// <param name="cell">Cell index.</param>
        /// <returns>0..1.</returns>
        public float AnchorSoc(int cell)
        {
            return _anchorSoc[cell];
        }

        /// <summary>Counted charge at the last anchor, mA ms.</summary>
        /// <param name="cell">Cell index.</param>
        /// <returns>mA ms.</returns>
        public long AnchorCountMams(int cell)
        {
            return _anchorCountMams[cell];
        }

        private bool Commit(int cell)
        {
            int side = _candidateSide[cell];
            if (side == 0)
            {
                return false;
            }

            bool fused = false;
            if (AnchorSide(cell) == -side)
            {
                float span = _candidateSoc[cell] - _anchorSoc[cell];
                if (span >= MinSpan || span <= -MinSpan)
                {
                    float sampleMah = (_candidateCountMams[cell] - _anchorCountMams[cell]) / 3600000f / span;

                    if (sampleMah > 0.5f * _ratedMah && sampleMah < 1.3f * _ratedMah)
                    {
                        float absSpan = span < 0f ? -span : span;
                        float sdAnchors = sampleMah * (AnchorErrorSoc(cell) + _candidateError[cell]) / absSpan;
                        float sd = sdAnchors + (sampleMah * CountRelativeError);
                        float before = _varianceMah2[cell];
                        float k = before / (before + (sd * sd));
                        _capacityMah[cell] += k * (sampleMah - _capacityMah[cell]);

                        // the anchors' part is systematic: no number of samples takes the variance below it (nor does a
                        // sample raise it)
                        float after = before * (1f - k);
                        float floor = sdAnchors * sdAnchors;
                        floor = floor < before ? floor : before;
                        _varianceMah2[cell] = after > floor ? after : floor;
                        _samples[cell]++;
                        fused = true;
                    }
                }
            }

            _anchorError[cell] = side > 0 ? _candidateError[cell] : -_candidateError[cell];
            _anchorSoc[cell] = _candidateSoc[cell];
            _anchorCountMams[cell] = _candidateCountMams[cell];
            _candidateSide[cell] = 0;
            return fused;
        }
    }
}
