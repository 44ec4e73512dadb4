namespace BatteryShift.Bms.Util
{
    /// <summary>
    /// A sum of converter readings with the two lowest and two highest left out and the mean of the rest
    /// scaled back to the full count: rare spikes of hundreds of counts (Wi-Fi bursts on the ESP32, docs/adc-model.md)
    /// do not move the result, ordinary noise still averages. Allocates nothing.
    /// </summary>
    public static class TrimmedSum
    {
        /// <summary>Fewest readings the trim applies to; below this the plain sum is returned.</summary>
        public const int MinimumCount = 12;

        /// <summary>
        /// The sum of the first <paramref name="count"/> readings without the two lowest and two highest, scaled to
        /// <paramref name="count"/> readings and rounded; the plain sum below <see cref="MinimumCount"/>.
        /// </summary>
        /// <param name="readings">Raw readings; only the first <paramref name="count"/> are used.</param>
        /// <param name="count">Readings to use.</param>
        /// <returns>Trimmed sum in raw counts, comparable with a plain sum of <paramref name="count"/> readings.</returns>
        public static int Of(int[] readings, int count)
        {
            int sum = 0;
            if (count < MinimumCount)
            {
                for (int i = 0; i < count; i++)
                {
                    sum += readings[i];
                }

                return sum;
            }

            int low1 = int.MaxValue;
            int low2 = int.MaxValue;
            int high1 = int.MinValue;
            int high2 = int.MinValue;
            for (int i = 0; i < count; i++)
            {
                int c = readings[i];
                sum += c;

                // low1 <= low2 and high1 >= high2 always: a reading between the second lowest and the second highest,
                // most of them, is decided by two compares (on the device each is interpreted per reading)
                if (c < low2)
                {
                    if (c < low1)
                    {
                        low2 = low1;
                        low1 = c;
                    }
                    else
                    {
                        low2 = c;
                    }
                }

                if (c > high2)
                {
                    if (c > high1)
                    {
                        high2 = high1;
                        high1 = c;
                    }
                    else
                    {
                        high2 = c;
                    }
                }
            }

            int kept = count - 4;
            int trimmed = sum - low1 - low2 - high1 - high2;
            return ((trimmed * count) + (kept / 2)) / kept;
        }
    }
}
