using System;
using BatteryShift.Bms.Board;

namespace BatteryShift.Hal.Simulation
{
    /// <summary>
    /// Resistance of a 10 kOhm B3950 NTC versus temperature. The real part follows the published 3950 table
    /// (docs/references.md: 87.4 k at -20 C, 31.8 k at 0 C, 10 k at 25 C, 4.36 k at 45 C, 2.97 k at 55 C),
    /// interpolated in ln(R) against 1/T; beyond the table the end slopes continue. The Beta model
    /// (R = R25 exp(B (1/T - 1/298.15))) over-reads cold temperatures by about 3 K below 0 C: firmware that converts
    /// with Beta alone shows that error against this model. The virtual module uses the table model with and without
    /// <see cref="FrontEndErrors.ComponentTolerance"/> (which only spreads R25); <see cref="BetaOhm"/> remains for
    /// comparison.
    /// </summary>
    public static class NtcModel
    {
        private static readonly double[] s_tableC = { -20, 0, 25, 45, 55 };
        private static readonly double[] s_tableOhm = { 87400, 31800, 10000, 4360, 2970 };
        private static readonly double[] s_invT = new double[5];
        private static readonly double[] s_lnR = new double[5];

        static NtcModel()
        {
            for (int i = 0; i < s_tableC.Length; i++)
            {
                s_invT[i] = 1.0 / (s_tableC[i] + 273.15);
                s_lnR[i] = Math.Log(s_tableOhm[i]);
            }
        }

        /// <summary>Beta-model resistance for R25 = 10 kOhm.</summary>
        /// <param name="temperatureC">C.</param>
        /// <returns>Ohm.</returns>
        public static double BetaOhm(double temperatureC)
        {
            return Bmu16.NtcR25Ohm * Math.Exp(Bmu16.NtcBetaK * (1.0 / (temperatureC + 273.15) - 1.0 / 298.15));
        }

        /// <summary>Table-model resistance for R25 = 10 kOhm.</summary>
        /// <param name="temperatureC">C.</param>
        /// <returns>Ohm.</returns>
        public static double TableOhm(double temperatureC)
        {
            double x = 1.0 / (temperatureC + 273.15);
            int i = 0;
            while (i < s_tableC.Length - 2 && temperatureC > s_tableC[i + 1])
            {
                i++;
            }

            double slope = (s_lnR[i + 1] - s_lnR[i]) / (s_invT[i + 1] - s_invT[i]);
            return Math.Exp(s_lnR[i] + slope * (x - s_invT[i]));
        }
    }
}
