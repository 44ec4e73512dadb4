namespace BatteryShift.Bms.Measurement
{
    /// <summary>
    /// The NTC readings across scans. Each NTC is read with only <see cref="Conversions"/> conversions a scan (on the
    /// ESP32 every conversion is a lock block and a native call, docs/benchmarks.md); the readings are averaged across
    /// scans (each new reading weighs one half), which leaves less noise than sixteen conversions in one scan did. A
    /// reading further than <see cref="StepCounts"/> from the average is taken as it is: a real change of that size (about
    /// 0.6-1.1 C) is seen in the scan that reads it, so the smoothing never delays a temperature trip or an open or
    /// shorted NTC by a scan, and a slow ramp lags by one scan at most. The average is kept as a sum of the mux scanner's
    /// full count of conversions (what the other mux B readings are), in the acquisition's own array: no heap.
    /// </summary>
    public static class NtcSmoothing
    {
        /// <summary>Conversions per NTC per scan (the lowest and highest dropped, <see cref="Board.MuxScanner.TrimOneFrom"/>).</summary>
        public const int Conversions = 4;

        /// <summary>
        /// Change of a reading, in mean counts, taken at once: 15-26 counts per C over 0-60 C on the BMU-16's divider,
        /// and 4.4 times the worst-case converter's noise on a reading of four (about 3.6 counts rms, docs/adc-model.md).
        /// </summary>
        public const int StepCounts = 16;

        /// <summary>The average after this scan's reading.</summary>
        /// <param name="average">The average so far, as a sum of <paramref name="sumOf"/> conversions.</param>
        /// <param name="reading">This scan's reading, the sum of <see cref="Conversions"/> conversions.</param>
        /// <param name="sumOf">Conversions the average is a sum of (the mux scanner's full count).</param>
        /// <returns>The new average, as a sum of <paramref name="sumOf"/> conversions.</returns>
        public static int Take(int average, int reading, int sumOf)
        {
            int x = reading * sumOf / Conversions;
            int d = x - average;
            int step = StepCounts * sumOf;
            if (d > step || d < -step)
            {
                return x;
            }

            return average + (d / 2);
        }
    }
}
