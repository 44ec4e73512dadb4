namespace BatteryShift.Bms.Estimation
{
    /// <summary>
    /// LFP open-circuit voltage against state of charge at 25 C, mid-branch (no hysteresis), with the
    /// entropic coefficient. Source: the BPX LFP OCV table, hardware-abstraction/BatteryShift.Hal.Simulation/Data/lfp-ocv.csv (derived from the public BPX parameter set
    /// examples/lfp_18650_cell_BPX.json of the Faraday Institution BPX repository), one row per percent of
    /// SOC, compiled here into float tables. Lookups interpolate linearly between the rows.
    /// </summary>
    public static class LfpOcvTable
    {
        /// <summary>Rows of the table: SOC 0, 1, ... 100 percent.</summary>
        public const int Rows = 101;

        // lfp-ocv.csv column ocv_v, V
        private static readonly float[] s_ocvV = new float[]
        {
            2.0000f, 2.8370f, 2.9482f, 3.0352f, 3.0963f, 3.1365f, 3.1606f, 3.1738f, 3.1810f, 3.1852f,
            3.1882f, 3.1908f, 3.1935f, 3.1965f, 3.2000f, 3.2039f, 3.2084f, 3.2133f, 3.2185f, 3.2240f,
            3.2296f, 3.2352f, 3.2405f, 3.2455f, 3.2501f, 3.2541f, 3.2577f, 3.2607f, 3.2634f, 3.2655f,
            3.2674f, 3.2689f, 3.2701f, 3.2711f, 3.2720f, 3.2727f, 3.2733f, 3.2738f, 3.2742f, 3.2746f,
            3.2750f, 3.2753f, 3.2756f, 3.2758f, 3.2761f, 3.2764f, 3.2767f, 3.2770f, 3.2773f, 3.2777f,
            3.2781f, 3.2785f, 3.2790f, 3.2796f, 3.2802f, 3.2809f, 3.2818f, 3.2827f, 3.2838f, 3.2850f,
            3.2864f, 3.2879f, 3.2896f, 3.2914f, 3.2933f, 3.2953f, 3.2974f, 3.2995f, 3.3016f, 3.3037f,
            3.3057f, 3.3075f, 3.3093f, 3.3109f, 3.3123f, 3.3136f, 3.3148f, 3.3158f, 3.3167f, 3.3174f,
            3.3181f, 3.3187f, 3.3192f, 3.3197f, 3.3201f, 3.3205f, 3.3208f, 3.3211f, 3.3213f, 3.3216f,
            3.3218f, 3.3220f, 3.3222f, 3.3224f, 3.3225f, 3.3227f, 3.3228f, 3.3230f, 3.3235f, 3.3340f,
            3.6486f,
        };

        // lfp-ocv.csv column docv_dt_mv_per_k, mV/K
        private static readonly float[] s_dOcvDtMvPerK = new float[]
        {
            -0.224f, -0.249f, -0.280f, -0.314f, -0.350f, -0.386f, -0.420f, -0.449f, -0.472f, -0.485f,
            -0.488f, -0.482f, -0.465f, -0.439f, -0.407f, -0.370f, -0.332f, -0.294f, -0.258f, -0.225f,
            -0.196f, -0.172f, -0.152f, -0.137f, -0.124f, -0.115f, -0.107f, -0.101f, -0.096f, -0.092f,
            -0.088f, -0.085f, -0.082f, -0.079f, -0.076f, -0.074f, -0.071f, -0.069f, -0.066f, -0.064f,
            -0.061f, -0.059f, -0.057f, -0.054f, -0.052f, -0.050f, -0.048f, -0.045f, -0.043f, -0.041f,
            -0.039f, -0.036f, -0.034f, -0.032f, -0.029f, -0.027f, -0.024f, -0.022f, -0.019f, -0.017f,
            -0.014f, -0.012f, -0.009f, -0.006f, -0.004f, -0.001f, 0.002f, 0.004f, 0.007f, 0.009f,
            0.012f, 0.015f, 0.017f, 0.020f, 0.022f, 0.025f, 0.027f, 0.030f, 0.032f, 0.035f,
            0.038f, 0.040f, 0.043f, 0.045f, 0.048f, 0.051f, 0.054f, 0.057f, 0.060f, 0.063f,
            0.067f, 0.070f, 0.073f, 0.077f, 0.081f, 0.085f, 0.089f, 0.093f, 0.097f, 0.100f,
            0.102f,
        };

        /// <summary>
        /// Copies the default curve (BPX) into a table.
        /// </summary>
        /// <param name="ocvTable">At least <see cref="Rows"/> rows, V.</param>
        public static void CopyDefault(float[] ocvTable)
        {
            for (int i = 0; i < Rows; i++)
            {
                ocvTable[i] = s_ocvV[i];
            }
        }

        /// <summary>
        /// The default curve itself, shared and never written: an estimator on the default curve reads it in place.
        /// </summary>
        internal static float[] Default
        {
            get { return s_ocvV; }
        }

        /// <summary>
        /// Open-circuit voltage at a state of charge and temperature.
        /// </summary>
        /// <param name="socFraction">State of charge, 0..1 (clamped).</param>
        /// <param name="temperatureC">Cell temperature, C.</param>
        /// <returns>OCV, V.</returns>
        public static float OcvV(float socFraction, float temperatureC)
        {
            return OcvV(s_ocvV, socFraction, temperatureC);
        }

        /// <summary>
        /// Open-circuit voltage on a given curve (<see cref="OcvCurves"/>) at a state of charge and temperature.
        /// </summary>
        /// <param name="ocvTable">The curve, <see cref="Rows"/> rows, V.</param>
        /// <param name="socFraction">State of charge, 0..1 (clamped).</param>
        /// <param name="temperatureC">Cell temperature, C.</param>
        /// <returns>OCV, V.</returns>
        public static float OcvV(float[] ocvTable, float socFraction, float temperatureC)
        {
            float[] v = ocvTable;
            float x = socFraction * 100f;
            if (x < 0f)
            {
                x = 0f;
            }
            else if (x > 100f)
            {
                x = 100f;
            }

            int i = (int)x;
            if (i > 99)
            {
                i = 99;
            }

            float f = x - i;
            float ocv = v[i] + (f * (v[i + 1] - v[i]));
            float entropic = s_dOcvDtMvPerK[i] + (f * (s_dOcvDtMvPerK[i + 1] - s_dOcvDtMvPerK[i]));
            return ocv + (entropic * 0.001f * (temperatureC - 25f));
        }

        /// <summary>
        /// Local slope of the OCV curve (the table segment holding the state of charge).
        /// </summary>
        /// <param name="socFraction">State of charge, 0..1.</param>
        /// <returns>dOCV/dSOC, V per unit of SOC (0.01 V per percent is 1 V per unit).</returns>
        public static float SlopeVPerUnit(float socFraction)
        {
            return SlopeVPerUnit(s_ocvV, socFraction);
        }

        /// <summary>
        /// Local slope of a given curve (the table segment holding the state of charge).
        /// </summary>
        /// <param name="ocvTable">The curve, <see cref="Rows"/> rows, V.</param>
        /// <param name="socFraction">State of charge, 0..1.</param>
        /// <returns>dOCV/dSOC, V per unit of SOC.</returns>
        public static float SlopeVPerUnit(float[] ocvTable, float socFraction)
        {
            float x = socFraction * 100f;
            int i = x <= 0f ? 0 : (int)x;
            if (i > 99)
            {
                i = 99;
            }

            return (ocvTable[i + 1] - ocvTable[i]) * 100f;
        }

        /// <summary>
        /// State of charge whose OCV at the given temperature is the given voltage (the inverse of
        /// <see cref="OcvV(float, float)"/>); the table rises monotonically, so the inverse is unique.
        /// </summary>
        /// <param name="ocvV">Open-circuit voltage, V.</param>
        /// <param name="temperatureC">Cell temperature, C.</param>
        /// <returns>State of charge, 0..1 (clamped at the table's ends).</returns>
        public static float SocFromOcv(float ocvV, float temperatureC)
        {
            return SocFromOcv(s_ocvV, ocvV, temperatureC);
        }

        /// <summary>
        /// State of charge whose OCV on a given curve at the given temperature is the given voltage; the curve rises
        /// (or stays level, a flat step of a built-in curve), so the inverse is found by bisection.
        /// </summary>
        /// <param name="ocvTable">The curve, <see cref="Rows"/> rows, V.</param>
        /// <param name="ocvV">Open-circuit voltage, V.</param>
        /// <param name="temperatureC">Cell temperature, C.</param>
        /// <returns>State of charge, 0..1 (clamped at the table's ends).</returns>
        public static float SocFromOcv(float[] ocvTable, float ocvV, float temperatureC)
        {
            float[] v = ocvTable;
            float dT = 0.001f * (temperatureC - 25f);
            if (ocvV <= v[0] + (s_dOcvDtMvPerK[0] * dT))
            {
                return 0f;
            }

            if (ocvV >= v[Rows - 1] + (s_dOcvDtMvPerK[Rows - 1] * dT))
            {
                return 1f;
            }

            int lo = 0;
            int hi = Rows - 1;
            while (hi - lo > 1)
            {
                int mid = (lo + hi) >> 1;
                if (v[mid] + (s_dOcvDtMvPerK[mid] * dT) <= ocvV)
                {
                    lo = mid;
                }
                else
                {
                    hi = mid;
                }
            }

            float vLo = v[lo] + (s_dOcvDtMvPerK[lo] * dT);
            float vHi = v[hi] + (s_dOcvDtMvPerK[hi] * dT);
            float f = vHi > vLo ? (ocvV - vLo) / (vHi - vLo) : 0f;
            return (lo + f) * 0.01f;
        }
    }
}
