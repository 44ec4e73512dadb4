using BatteryShift.Bms.Config;
using BatteryShift.Bms.Protection;
using BatteryShift.Bms.Util;

namespace BatteryShift.Bms.Measurement
{
    /// <summary>
    /// Bounds what a cell channel's calibration may do to the trip points (issue: one `cal` moved a real trip point
    /// 91 mV past the envelope). A calibration point is taken on a copy of the constants and accepted only when the
    /// result passes two rules, both in the channel's own raw reading (after the ADC correction, before calibration):
    /// <list type="number">
    /// <item>band: the calibrated reading stays within <see cref="BandMv"/> of the raw one over 2.0..4.0 V, what the
    /// board's tolerances can explain (docs/hardware.md, "accuracy chain": 1 % difference amplifiers, 40 mV at
    /// 4.0 V, the two buffers' offsets and the worst-case ADC's residual after the reference correction);</item>
    /// <item>anchor: once a channel holds a two-point calibration, a new point may move its trip points only to the
    /// safe side: no cell_ov trip point (anywhere in the cell_ov range) higher, no cell_uv trip point lower, compared
    /// exactly on the stored integers, so that repeated points cannot creep. A trip point inside the envelope therefore
    /// stays inside it. On such a channel a single point changes nothing: it waits for its second, and the pair is
    /// checked.</item>
    /// </list>
    /// Before a channel's first two-point calibration its raw reading is known only within the band, so the first
    /// calibration is bounded by the band alone (docs/safety-core.md, "Calibration bounds").
    /// Every scan, <see cref="CheckScan"/> compares each calibrated reading with its raw one: beyond the band (constants
    /// damaged in memory) the reading that trips earlier is used and sensor fault cal_range is raised. Allocates nothing
    /// after construction.
    /// </summary>
    public sealed class CalibrationGuard
    {
        /// <summary>
        /// Largest difference between a channel's calibrated and raw reading over 2.0..4.0 V, mV: the amplifiers' 1 %
        /// (40 mV at 4.0 V), the MCP6002 buffers' offsets of mux A against mux B (2 x 4.5 mV at the pin, 18 mV of cell
        /// at gain 0.5) and the worst-case ADC's residual after the reference correction (about 25 mV of cell,
        /// docs/adc-model.md "Error budget"). 50 mV refused correct calibrations on worst-case boards.
        /// </summary>
        public const int BandMv = 85;

        /// <summary>Lowest raw reading of the band, mV.</summary>
        public const int BandLowMv = 2000;

        /// <summary>Highest raw reading of the band, mV.</summary>
        public const int BandHighMv = 4000;

        /// <summary>
        /// Largest accepted deviation of the current channel's gain from 1: the INA240's gain error (0.2 %), the shunt's
        /// tolerance and the ADC's residual are well inside it (docs/references.md; meas.current_gain_error_pct in
        /// docs/benchmarks.md gives the raw error measured); before, 5 % was accepted.
        /// </summary>
        public const float CurrentBand = 0.02f;

        /// <summary>Refusal reason: none (the point was refused by the calibration itself, or accepted).</summary>
        public const int ReasonNone = 0;

        /// <summary>Refusal reason: the calibrated reading would leave the band around the raw one.</summary>
        public const int ReasonBand = 1;

        /// <summary>Refusal reason: a calibrated channel's trip point would move to the unsafe side.</summary>
        public const int ReasonAnchor = 2;

        /// <summary>
        /// Unsafe move of a calibrated channel's trip point let through, microvolts: a pair taken again through the
        /// same points lands within a few microvolts of the constants in force (the store keeps 1e-6 of gain and 1 uV of
        /// offset), which must not be refused. Creeping is bounded by this times the accepted pairs: 0.01 mV a pair, and
        /// each pair needs the cell moved 100 mV between its points.
        /// </summary>
        public const int AnchorToleranceUv = 10;

        // readings are whole mV: a damaged calibration shows as more than the band plus this
        private const int ScanMarginMv = 2;

        // the middle of the cell range: above it the cell_ov limits are nearer, below it the cell_uv limits
        private const int MidMv = 3300;

        private readonly Calibration _proposed = new Calibration();

        /// <summary>Why the last point was refused (a Reason constant).</summary>
        public int LastReason { get; private set; }

        /// <summary>The level (mV) the last refusal is about: the band edge or the trip point.</summary>
        public int LastLevelMv { get; private set; }

        /// <summary>How far the last refused point would have moved it, mV (raw terms; positive = up).</summary>
        public float LastShiftMv { get; private set; }

        /// <summary>Forgets the last refusal (a new calibration command begins).</summary>
        public void Forget()
        {
            LastReason = ReasonNone;
        }

        /// <summary>
        /// Adds a calibration point to a copy of the constants, rounds them to what the store keeps, and applies them
        /// only when they pass the three rules.
        /// </summary>
        /// <param name="calibration">The constants in force (changed only when Ok).</param>
        /// <param name="cell">Cell index.</param>
        /// <param name="rawMv">The channel's raw reading, averaged, mV.</param>
        /// <param name="trueMv">The multimeter's reading, mV.</param>
        /// <returns>Ok; OutOfRange when the calibration itself or a rule refuses (see <see cref="LastReason"/>).</returns>
        public int TryAddPoint(Calibration calibration, int cell, float rawMv, int trueMv)
        {
            LastReason = ReasonNone;
            _proposed.CopyFrom(calibration);
            int result = _proposed.AddPoint(cell, rawMv, trueMv);
            if (result != ResultCode.Ok)
            {
                return result;
            }

            // on a calibrated channel a single point only waits for its second: an offset alone always moves one of
            // the two limits to the unsafe side, so the constants change only with a pair (checked below)
            if (calibration.IsTwoPoint(cell) && _proposed.HasFirstPoint(cell))
            {
                _proposed.Load(cell, FloatMath.Round(calibration.Gain(cell) * Calibration.GainScale), FloatMath.Round(calibration.OffsetMv(cell) * 1000f));
                calibration.CopyFrom(_proposed);
                return ResultCode.Ok;
            }

            int gainE6 = FloatMath.Round(_proposed.Gain(cell) * Calibration.GainScale);
            int offsetUv = FloatMath.Round(_proposed.OffsetMv(cell) * 1000f);
            if (!_proposed.Load(cell, gainE6, offsetUv) || !Passes(calibration, cell, gainE6, offsetUv))
            {
                return ResultCode.OutOfRange;
            }

            calibration.CopyFrom(_proposed);
            return ResultCode.Ok;
        }

        /// <summary>
        /// Sets the current gain from a clamp-meter reading when the gain stays within <see cref="CurrentBand"/> of 1.
        /// </summary>
        /// <param name="calibration">The constants in force (changed only when Ok).</param>
        /// <param name="rawMa">The current with gain 1, averaged, mA.</param>
        /// <param name="trueMa">The clamp meter's reading, mA.</param>
        /// <returns>Ok; BadArgument under 10 A; OutOfRange beyond the band (<see cref="LastReason"/> says so).</returns>
        public int TrySetCurrentGain(Calibration calibration, float rawMa, int trueMa)
        {
            LastReason = ReasonNone;
            if (rawMa < 10000f && rawMa > -10000f)
            {
                return ResultCode.BadArgument;
            }

            float gain = trueMa / rawMa;
            if (!WithinCurrentBand(FloatMath.Round(gain * Calibration.GainScale)))
            {
                Refuse(ReasonBand, 0, (gain - 1f) * 100f);
                return ResultCode.OutOfRange;
            }

            return calibration.SetCurrentGain(rawMa, trueMa);
        }

        /// <summary>True when a stored current gain is within <see cref="CurrentBand"/> of 1.</summary>
        /// <param name="gainE6">Gain x 1e6.</param>
        /// <returns>True within the band.</returns>
        public static bool WithinCurrentBand(int gainE6)
        {
            int deviation = gainE6 - Calibration.GainScale;
            return deviation <= (int)(CurrentBand * Calibration.GainScale) && deviation >= -(int)(CurrentBand * Calibration.GainScale);
        }

        /// <summary>
        /// True when stored constants keep a channel's calibrated reading within <see cref="BandMv"/> of its raw one
        /// over the band (what a start-up accepts).
        /// </summary>
        /// <param name="gainE6">Gain x 1e6.</param>
        /// <param name="offsetUv">Offset, microvolts.</param>
        /// <returns>True within the band.</returns>
        public static bool WithinBand(int gainE6, int offsetUv)
        {
            return ShiftUv(gainE6, offsetUv, BandLowMv) <= BandMv * 1000L && ShiftUv(gainE6, offsetUv, BandLowMv) >= -BandMv * 1000L
                && ShiftUv(gainE6, offsetUv, BandHighMv) <= BandMv * 1000L && ShiftUv(gainE6, offsetUv, BandHighMv) >= -BandMv * 1000L;
        }

        /// <summary>
        /// The cross-check of every scan: a calibrated reading more than the band from its raw one (over 2.0..4.0 V)
        /// is replaced by the one of the two that trips earlier (the higher above 3.3 V, the lower below), the
        /// extremes and the sum are taken again, and sensor fault cal_range is flagged with the first such cell.
        /// </summary>
        /// <param name="cells">The cell channels of this scan.</param>
        /// <param name="count">Cells.</param>
        /// <param name="useCalibration">False when calibration is off (nothing to check).</param>
        /// <param name="status">The status holding this scan's readings.</param>
        /// <param name="faults">The scan's sensor faults.</param>
        public static void CheckScan(CellChannels cells, int count, bool useCalibration, ModuleStatus status, SensorFaultDebounce faults)
        {
            if (!useCalibration)
            {
                return;
            }

            int flagged = -1;
            for (int i = 0; i < count; i++)
            {
                float raw = cells.RawMv(i);
                int calibrated = status.CellVoltageMv[i];
                float difference = calibrated - raw;
                if (raw < BandLowMv || raw > BandHighMv || (difference <= BandMv + ScanMarginMv && difference >= -(BandMv + ScanMarginMv)))
                {
                    continue;
                }

                int rawMv = FloatMath.Round(raw);
                bool upper = rawMv + calibrated >= 2 * MidMv;
                status.CellVoltageMv[i] = upper == (rawMv > calibrated) ? rawMv : calibrated;
                flagged = flagged < 0 ? i : flagged;
            }

            if (flagged >= 0)
            {
                faults.Flag(SensorFaultIds.CalibrationRange, flagged);
                Extremes(count, status);
            }
        }

        private bool Passes(Calibration calibration, int cell, int gainE6, int offsetUv)
        {
            if (!WithinBand(gainE6, offsetUv))
            {
                long low = ShiftUv(gainE6, offsetUv, BandLowMv);
                long high = ShiftUv(gainE6, offsetUv, BandHighMv);
                bool lowWorse = (low < 0 ? -low : low) > (high < 0 ? -high : high);
                return Refuse(ReasonBand, lowWorse ? BandLowMv : BandHighMv, (lowWorse ? low : high) / 1000f);
            }

            return !calibration.IsTwoPoint(cell) || Anchored(calibration, cell, gainE6, offsetUv);
        }

        // a two-point channel's trip points may only move to the safe side: compared at both ends of the cell_ov and
        // cell_uv ranges (the change is linear, so every level between is covered), exactly on the stored integers
        private bool Anchored(Calibration calibration, int cell, int gainE6, int offsetUv)
        {
            int oldGainE6 = FloatMath.Round(calibration.Gain(cell) * Calibration.GainScale);
            int oldOffsetUv = FloatMath.Round(calibration.OffsetMv(cell) * 1000f);
            int overKey = ProtectionKeys.Key(LimitIds.CellOvervoltage, ProtectionKeys.FaultOffset);
            int underKey = ProtectionKeys.Key(LimitIds.CellUndervoltage, ProtectionKeys.FaultOffset);
            for (int end = 0; end < 2; end++)
            {
                int over = end == 0 ? ConfigSchema.Min(overKey) : ConfigSchema.Max(overKey);
                if ((RawTimesGain(over, offsetUv) * oldGainE6) - (RawTimesGain(over, oldOffsetUv) * gainE6) > Tolerance(gainE6, oldGainE6))
                {
                    return Refuse(ReasonAnchor, over, (RawUv(over, gainE6, offsetUv) - RawUv(over, oldGainE6, oldOffsetUv)) / 1000f);
                }

                int under = end == 0 ? ConfigSchema.Min(underKey) : ConfigSchema.Max(underKey);
                if ((RawTimesGain(under, offsetUv) * oldGainE6) - (RawTimesGain(under, oldOffsetUv) * gainE6) < -Tolerance(gainE6, oldGainE6))
                {
                    return Refuse(ReasonAnchor, under, (RawUv(under, gainE6, offsetUv) - RawUv(under, oldGainE6, oldOffsetUv)) / 1000f);
                }
            }

            return true;
        }

        // AnchorToleranceUv in the units of the comparison above (raw microvolts times both gains x 1e6)
        private static long Tolerance(int gainE6, int oldGainE6)
        {
            return (long)AnchorToleranceUv * gainE6 * oldGainE6;
        }

        private bool Refuse(int reason, int levelMv, float shiftMv)
        {
            LastReason = reason;
            LastLevelMv = levelMv;
            LastShiftMv = shiftMv;
            return false;
        }

        // calibrated - raw at a raw reading, microvolts: (gain - 1) * raw + offset
        private static long ShiftUv(int gainE6, int offsetUv, int rawMv)
        {
            return (((long)gainE6 - Calibration.GainScale) * rawMv / 1000) + offsetUv;
        }

        // the raw reading at which the calibrated one reaches a level, times the gain (x 1e6), microvolts: exact
        private static long RawTimesGain(int levelMv, int offsetUv)
        {
            return ((long)levelMv * 1000 - offsetUv) * Calibration.GainScale;
        }

        private static float RawUv(int levelMv, int gainE6, int offsetUv)
        {
            return (float)RawTimesGain(levelMv, offsetUv) / gainE6;
        }

        private static void Extremes(int count, ModuleStatus status)
        {
            int sum = 0;
            int min = int.MaxValue;
            int max = int.MinValue;
            for (int i = 0; i < count; i++)
            {
                int mv = status.CellVoltageMv[i];
                sum += mv;
                if (mv < CellChannels.OpenWireLowMv || mv > CellChannels.OpenWireHighMv)
                {
                    continue;
                }

                if (mv < min)
                {
                    min = mv;
                    status.MinCellIndex = i;
                }

                if (mv > max)
                {
                    max = mv;
                    status.MaxCellIndex = i;
                }
            }

            status.SumOfCellsMv = sum;
            if (min <= max)
            {
                status.MinCellMv = min;
                status.MaxCellMv = max;
            }
        }
    }
}
