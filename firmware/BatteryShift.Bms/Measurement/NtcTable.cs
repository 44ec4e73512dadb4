using BatteryShift.Bms.Util;

namespace BatteryShift.Bms.Measurement
{
    /// <summary>
    /// Temperature of the 10 kOhm B3950 NTCs from the ratio of the divider (NTC to ground, 10 kOhm pull-up
    /// from REF_HI, docs/hardware.md). A table, not the Beta formula: docs/references.md notes the Beta model
    /// over-reads by about 3 K below 0 C. The table is a Steinhart-Hart fit through the published 3950 points
    /// of docs/references.md (87.4 k at -20 C, 10 k at 25 C, 2.97 k at 55 C; it reproduces 31.8 k at 0 C and 4.36 k at
    /// 45 C within 0.2 K), every 5 C from -40 C to 125 C. Interpolating linearly in the divider ratio between
    /// entries adds at most 0.15 K. No System.Math.
    /// </summary>
    public static class NtcTable
    {
        /// <summary>Temperature of the first entry, 0.1 C.</summary>
        public const int FirstDeciC = -400;

        /// <summary>Step between entries, 0.1 C.</summary>
        public const int StepDeciC = 50;

        /// <summary>Ratio above which the NTC counts as open (colder than about -50 C).</summary>
        public const float OpenRatio = 0.98f;

        /// <summary>Ratio below which the NTC counts as shorted (hotter than about 140 C).</summary>
        public const float ShortRatio = 0.02f;

        private static readonly int[] s_resistanceOhm = new int[]
        {
            270084, 201490, 151444, 114651, 87400, 67073, 51806, 40263, 31481, 24758, 19580, 15570, 12446, 10000,
            8075, 6551, 5340, 4372, 3596, 2970, 2463, 2051, 1715, 1439, 1212, 1024, 869, 740, 632, 541, 465, 401,
            347, 301,
        };

        private static readonly float[] s_ratio = MakeRatios();

        /// <summary>Entries in the table.</summary>
        public static int Count
        {
            get { return s_resistanceOhm.Length; }
        }

        /// <summary>
        /// Resistance of an entry, ohms.
        /// </summary>
        /// <param name="index">Entry 0..Count-1.</param>
        /// <returns>Ohms at FirstDeciC + index * StepDeciC.</returns>
        public static int ResistanceOhm(int index)
        {
            return s_resistanceOhm[index];
        }

        /// <summary>
        /// Temperature from the divider ratio (NTC voltage / REF_HI). Clamped to the table's ends; check
        /// <see cref="OpenRatio"/> and <see cref="ShortRatio"/> first.
        /// </summary>
        /// <param name="ratio">V_ntc / V_refhi, 0..1.</param>
        /// <returns>Temperature, 0.1 C.</returns>
        public static int RatioToDeciC(float ratio)
        {
            float[] table = s_ratio;
            if (ratio >= table[0])
            {
                return FirstDeciC;
            }

            int last = table.Length - 1;
            if (ratio <= table[last])
            {
                return FirstDeciC + (last * StepDeciC);
            }

            int i = 0;
            while (i < last && ratio < table[i + 1])
            {
                i++;
            }

            float fraction = (table[i] - ratio) / (table[i] - table[i + 1]);
            float deciC = FirstDeciC + (i * StepDeciC) + (fraction * StepDeciC);
            return FloatMath.Round(deciC);
        }

        private static float[] MakeRatios()
        {
            float[] ratios = new float[s_resistanceOhm.Length];
            for (int i = 0; i < ratios.Length; i++)
            {
                float r = s_resistanceOhm[i];
                ratios[i] = r / (r + Board.Bmu16.NtcPullUpOhm);
            }

            return ratios;
        }
    }
}
