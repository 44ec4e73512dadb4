namespace BatteryShift.Bms.Estimation
{
    /// <summary>
    /// How far the module's cells sit off the estimator's OCV table, learned online. Real LFP curves differ from any
    /// one table by tens of millivolts on the plateau and by percents of SOC at the knees (makers, batches, ageing;
    /// docs/ocv-curves.md). At settled rests whose SOC the counting knows well (since a steep-region anchor, the
    /// knowledge times the local slope below <see cref="KnownWithinV"/>) the cells' mean model-corrected voltage minus
    /// the table is an observation of the offset at that SOC; it is kept at eleven nodes (every 10 % of SOC), each with
    /// a confidence 0..1, and taken off the voltage (an unlearned node takes the learned plateau nodes' mean). A confident node
    /// more than <see cref="MisfitV"/> off reports that the table does not fit (cleared below <see cref="FitV"/>); while
    /// it does, the filter allows the table to be wrong by up to <see cref="UnknownAllowanceV"/> (curve-to-curve spread
    /// on the plateau) on top of its model bias where nothing is learned, shrinking with a node's confidence, so the
    /// voltage corrects the SOC there only where the curve is steep against that.
    /// </summary>
    public sealed class OcvTableFit
    {
        /// <summary>Nodes, every 10 % of SOC.</summary>
        public const int Nodes = 11;

        /// <summary>The table's allowance where nothing is learned, V (curve-to-curve spread on the plateau).</summary>
        public const float UnknownAllowanceV = 0.030f;

        /// <summary>An observation is taken when the SOC's uncertainty times the slope is below this, V.</summary>
        public const float KnownWithinV = 0.006f;

        /// <summary>A confident node this far off reports a misfit, V.</summary>
        public const float MisfitV = 0.015f;

        /// <summary>The misfit clears when every confident node is within this, V.</summary>
        public const float FitV = 0.010f;

        private const float LearnRate = 0.2f;
        private const float ConfidentWeight = 0.5f;

        // the plateau's nodes (20-90 % of SOC): only their offsets are a level the whole plateau shares. At the knees
        // (0-10 %, 100 %) curves differ by their shape, up to 200 mV (docs/ocv-curves.md); a knee's offset taken as
        // the plateau's level puts the plateau's SOC tens of percent off
        private const int FirstPlateauNode = 2;
        private const int LastPlateauNode = 9;

        private readonly float[] _offsetV = new float[Nodes];
        private readonly float[] _weight = new float[Nodes];
        private float _meanV;
        private bool _misfit;
        private float _worstV;

        /// <summary>True while the cells do not fit the table.</summary>
        public bool Misfit
        {
            get { return _misfit; }
        }

        /// <summary>The confident node's offset largest in size, V (0 when none is confident).</summary>
        public float WorstOffsetV
        {
            get { return _worstV; }
        }

        /// <summary>Forgets everything learned.</summary>
        public void Reset()
        {
            for (int k = 0; k < Nodes; k++)
            {
                _offsetV[k] = 0f;
                _weight[k] = 0f;
            }

            _meanV = 0f;
            _misfit = false;
            _worstV = 0f;
        }

        /// <summary>Learned offset of a node, V.</summary>
        /// <param name="node">Node 0..10.</param>
        /// <returns>Volts.</returns>
        public float NodeOffsetV(int node)
        {
            return _offsetV[node];
        }

        /// <summary>Confidence of a node, 0..1.</summary>
        /// <param name="node">Node 0..10.</param>
        /// <returns>Confidence.</returns>
        public float NodeWeight(int node)
        {
            return _weight[node];
        }

        /// <summary>Restores a node (from the stored record).</summary>
        /// <param name="node">Node 0..10.</param>
        /// <param name="offsetV">Offset, V.</param>
        /// <param name="weight">Confidence 0..1.</param>
        public void RestoreNode(int node, float offsetV, float weight)
        {
            _offsetV[node] = offsetV < -0.5f ? -0.5f : (offsetV > 0.5f ? 0.5f : offsetV);
            _weight[node] = weight < 0f ? 0f : (weight > 1f ? 1f : weight);
            Refresh();
        }

        /// <summary>The cells' offset from the table at a SOC, V (cells minus table).</summary>
        /// <param name="soc">SOC, 0..1.</param>
        /// <returns>Volts.</returns>
        public float OffsetAt(float soc)
        {
            int k = Node(soc);
            float f = (soc * 10f) - k;
            float a = (_weight[k] * _offsetV[k]) + ((1f - _weight[k]) * _meanV);
            float b = (_weight[k + 1] * _offsetV[k + 1]) + ((1f - _weight[k + 1]) * _meanV);
            return a + (f * (b - a));
        }

        /// <summary>What the table may still be wrong by at a SOC after the learned offset, V.</summary>
        /// <param name="soc">SOC, 0..1.</param>
        /// <returns>Volts.</returns>
        public float AllowanceAt(float soc)
        {
            return (1f - Confidence(soc)) * UnknownAllowanceV;
        }

        /// <summary>How confident the learned offset is at a SOC, 0..1.</summary>
        /// <param name="soc">SOC, 0..1.</param>
        /// <returns>Confidence.</returns>
        public float Confidence(float soc)
        {
            int k = Node(soc);
            float f = (soc * 10f) - k;
            return _weight[k] + (f * (_weight[k + 1] - _weight[k]));
        }

        /// <summary>
        /// One observation at a settled rest: the cells' mean model-corrected voltage minus the table at the SOC the
        /// counting holds, taken only when that SOC is known well enough for the local slope.
        /// </summary>
        /// <param name="soc">Counted SOC, 0..1.</param>
        /// <param name="residualV">Mean model-corrected voltage minus the table there, V.</param>
        /// <param name="socSd">Standard uncertainty of that SOC, 0..1.</param>
        /// <param name="slopeVPerUnit">Local slope of the table, V per unit of SOC.</param>
        /// <returns>True when the misfit report changed.</returns>
        public bool Observe(float soc, float residualV, float socSd, float slopeVPerUnit)
        {
            if (socSd * slopeVPerUnit > KnownWithinV || soc < 0f || soc > 1f)
            {
                return false;
            }

            int k = Node(soc);
            float f = (soc * 10f) - k;
            Learn(k, residualV, 1f - f);
            Learn(k + 1, residualV, f);
            return Refresh();
        }

        private void Learn(int k, float residualV, float share)
        {
            float a = LearnRate * share;
            _offsetV[k] += a * (residualV - _offsetV[k]);
            float w = _weight[k] + a;
            _weight[k] = w > 1f ? 1f : w;
        }

        // the learned mean and the misfit report; true when the report changed
        private bool Refresh()
        {
            float sum = 0f;
            float sumW = 0f;
            float worst = 0f;
            for (int k = 0; k < Nodes; k++)
            {
                if (k >= FirstPlateauNode && k <= LastPlateauNode)
                {
                    sum += _weight[k] * _offsetV[k];
                    sumW += _weight[k];
                }

                float o = _offsetV[k];
                if (_weight[k] >= ConfidentWeight && (o < 0f ? -o : o) > (worst < 0f ? -worst : worst))
                {
                    worst = o;
                }
            }

            _meanV = sumW > 0f ? sum / sumW : 0f;
            _worstV = worst;
            float size = worst < 0f ? -worst : worst;
            bool misfit = _misfit ? size > FitV : size > MisfitV;
            bool changed = misfit != _misfit;
            _misfit = misfit;
            return changed;
        }

        private static int Node(float soc)
        {
            int k = (int)(soc * 10f);
            return k < 0 ? 0 : (k > Nodes - 2 ? Nodes - 2 : k);
        }
    }
}
