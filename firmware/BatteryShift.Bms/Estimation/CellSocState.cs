using BatteryShift.Bms.Board;
using BatteryShift.Bms.Util;

namespace BatteryShift.Bms.Estimation
{
    /// <summary>
    /// The state of the per-cell SOC filter (<see cref="CellSocFilter"/>): each cell's charge and capacity as
    /// integers (mA ms), its counted total, the variances of its own and of the common SOC error, the RC currents,
    /// the hysteresis state and the learned R0, and what the last voltage allowed (the SOC interval). Here are the
    /// state's readers, the entries a user or the stored record makes (a guessed SOC, restored values), and the
    /// fields the filter's passes share (internal).
    /// </summary>
    public abstract class CellSocState
    {
        internal const float DifferentialVariance = 0.0004f;
        internal const float MaxVariance = 0.25f;
        internal const float MinVariance = 0.000001f;
        internal const float MsPerHour = 3600000f;
        // the OCV curve in use (OcvCurves): the shared default until another is selected, then a table of its own
        internal float[] _ocvTable = LfpOcvTable.Default;
        internal readonly long[] _chargeMams = new long[Bmu16.MaxCells];
        internal readonly long[] _capacityMams = new long[Bmu16.MaxCells];
        internal readonly long[] _countedMams = new long[Bmu16.MaxCells];
        internal readonly float[] _variance = new float[Bmu16.MaxCells];
        internal readonly float[] _iR1A = new float[Bmu16.MaxCells];
        internal readonly float[] _iR2A = new float[Bmu16.MaxCells];
        internal readonly float[] _hysteresis = new float[Bmu16.MaxCells];
        internal readonly float[] _r0Ohm25 = new float[Bmu16.MaxCells];
        internal readonly float[] _voltageSoc = new float[Bmu16.MaxCells];
        internal readonly float[] _ocvFilteredV = new float[Bmu16.MaxCells];
        internal readonly float[] _zLo = new float[Bmu16.MaxCells];
        internal readonly float[] _zHi = new float[Bmu16.MaxCells];
        internal readonly float[] _rz = new float[Bmu16.MaxCells];
        internal readonly float[] _beta = new float[Bmu16.MaxCells];

        // half the SOC interval the voltage alone spans through the table (the bias band, without the allowance
        // for the table's position along the SOC axis): the local inverse slope and the anchors' test use it
        internal readonly float[] _voltageHalf = new float[Bmu16.MaxCells];
        internal readonly float[] _target = new float[Bmu16.MaxCells];
        internal readonly float[] _dropV = new float[Bmu16.MaxCells];
        internal int _comparableMask;
        internal float _initialVariance;
        internal float _commonVariance;

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
    }
}
