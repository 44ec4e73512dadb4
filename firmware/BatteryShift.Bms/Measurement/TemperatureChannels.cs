using BatteryShift.Bms.Board;

namespace BatteryShift.Bms.Measurement
{
    /// <summary>
    /// Where every temperature comes from: the ten NTCs on mux B (eight by the cells, one on the shunt, one by the
    /// bleed resistors), each read ratiometrically against REF_HI (the NTC's pull-up supply) and converted with
    /// <see cref="NtcTable"/> into <see cref="ModuleStatus.TemperatureDeciC"/>. Which cells an NTC sits by is the
    /// board's topology (<see cref="Bmu16.NtcOfCell"/>; a cell's temperature is
    /// <see cref="ModuleStatus.CellTemperatureDeciC"/>). An open or shorted NTC keeps its last value, clears its bit
    /// of <see cref="ModuleStatus.TemperatureValidMask"/> and is flagged as a sensor fault.
    /// </summary>
    public static class TemperatureChannels
    {
        /// <summary>
        /// Converts the NTC readings of a mux B pass.
        /// </summary>
        /// <param name="auxSums">Sums of the mux B channels.</param>
        /// <param name="n">Conversions summed per reading.</param>
        /// <param name="adc">ADC correction.</param>
        /// <param name="status">Module status (temperatures, valid mask, cell extremes written).</param>
        /// <param name="faults">Sensor faults of this scan.</param>
        public static void Convert(int[] auxSums, float n, AdcCorrection adc, ModuleStatus status, SensorFaultDebounce faults)
        {
            float refHighMv = Bmu16.RefHighMv;
            int validMask = 0;
            int min = int.MaxValue;
            int max = int.MinValue;
            for (int t = 0; t < Bmu16.TemperatureCount; t++)
            {
                float counts = auxSums[Bmu16.AuxNtcFirst + t] / n;
                float ratio = adc.Convert(counts) / refHighMv;
                if (ratio > NtcTable.OpenRatio)
                {
                    faults.Flag(SensorFaultIds.NtcOpen, t);
                    continue;
                }

                // below the converter's zero (it reads 0 under its 20-90 mV offset) also counts as shorted
                if (ratio < NtcTable.ShortRatio || counts < 1f)
                {
                    faults.Flag(SensorFaultIds.NtcShort, t);
                    continue;
                }

                int deciC = NtcTable.RatioToDeciC(ratio);
                status.TemperatureDeciC[t] = deciC;
                validMask |= 1 << t;
                if (t < Bmu16.CellNtcCount)
                {
                    if (deciC < min)
                    {
                        min = deciC;
                    }

                    if (deciC > max)
                    {
                        max = deciC;
                    }
                }
            }

            status.TemperatureValidMask = validMask;
            if (min <= max)
            {
                status.MinTemperatureDeciC = min;
                status.MaxTemperatureDeciC = max;
            }
        }
    }
}
