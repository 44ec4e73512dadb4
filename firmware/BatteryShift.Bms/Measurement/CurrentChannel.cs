using BatteryShift.Bms.Board;
using BatteryShift.Bms.Util;
using BatteryShift.Hal;

namespace BatteryShift.Bms.Measurement
{
    /// <summary>
    /// The module current: the INA240A1's output and its reference read in interleaved pairs on two ADC1 channels,
    /// the difference converted to milliamps, the sensor's offset removed by auto-zero while no current can flow
    /// (both FETs open), the gain calibration applied. Flags a stuck converter input, a reference outside its
    /// window and an offset beyond a healthy sensor's. Allocates nothing.
    /// </summary>
    public sealed class CurrentChannel
    {
        /// <summary>Conversions of each current channel per scan (interleaved, amplifier output and reference).</summary>
        public const int Oversample = 64;

        /// <summary>Current per millivolt at the amplifier output, mA (INA240A1 gain 20 on 100 uOhm: 2 mV/A, docs/hardware.md).</summary>
        public const float MaPerMv = 1000000f / (Bmu16.CurrentAmpGain * Bmu16.ShuntMicroOhm);

        /// <summary>Largest offset auto-zero may absorb, mA (INA240 offset 25 uV is 0.25 A; margin for drift).</summary>
        public const float MaxZeroMa = 3000f;

        /// <summary>Largest deviation of the current amplifier reference from REF_MID, mV.</summary>
        public const int ReferenceWindowMv = 60;

        /// <summary>Largest auto-zero offset of a healthy current sensor, mA (INA240 25 uV is 0.25 A; beyond this it has drifted).</summary>
        public const float MaxHealthyZeroMa = 1000f;

        /// <summary>
        /// Scans at zero current the offset is learned from before the current is trusted (the self-test waits for them):
        /// the offset's error falls with the square root of the scans averaged (docs/adc-model.md, current channel).
        /// </summary>
        public const int ZeroSamplesBeforeUse = 24;

        private readonly int[] _outputReadings = new int[Oversample];
        private readonly int[] _referenceReadings = new int[Oversample];
        private float _zeroMa;
        private int _zeroSamples;

        /// <summary>Current before gain calibration, offset removed, mA.</summary>
        public float RawMa { get; private set; }

        /// <summary>Current before gain calibration, offset removed, averaged over recent scans, mA.</summary>
        public float RawAverageMa { get; private set; }

        /// <summary>Offset removed by auto-zero, mA.</summary>
        public float ZeroMa
        {
            get { return _zeroMa; }
        }

        /// <summary>Scans that contributed to the auto-zero offset.</summary>
        public int ZeroSamples
        {
            get { return _zeroSamples; }
        }

        /// <summary>
        /// Reads and converts the current into <see cref="ModuleStatus.PackCurrentMa"/>.
        /// </summary>
        /// <param name="adcPort">ADC1.</param>
        /// <param name="currentIsZero">True when both FETs have been open long enough that no current flows (auto-zero).</param>
        /// <param name="adc">ADC correction.</param>
        /// <param name="calibration">Calibration constants, applied when <paramref name="useCalibration"/>.</param>
        /// <param name="useCalibration">Apply the gain calibration.</param>
        /// <param name="status">Module status.</param>
        /// <param name="faults">Sensor faults of this scan.</param>
        public void Measure(IAdc adcPort, bool currentIsZero, AdcCorrection adc, Calibration calibration, bool useCalibration, ModuleStatus status, SensorFaultDebounce faults)
        {
            int[] outputReadings = _outputReadings;
            int[] referenceReadings = _referenceReadings;
            int outMin = int.MaxValue;
            int outMax = int.MinValue;
            int refMin = int.MaxValue;
            int refMax = int.MinValue;
            for (int i = 0; i < Oversample; i++)
            {
                int o = adcPort.Read(Bmu16.AdcCurrent);
                int r = adcPort.Read(Bmu16.AdcCurrentReference);
                outputReadings[i] = o;
                referenceReadings[i] = r;
                outMin = o < outMin ? o : outMin;
                outMax = o > outMax ? o : outMax;
                refMin = r < refMin ? r : refMin;
                refMax = r > refMax ? r : refMax;
            }

            // a converter input that returns one code while its partner shows the converter's noise is stuck;
            // with no noise on either (an ideal converter) only a code at a rail counts
            int top = adcPort.MaxCount - 5;
            bool outFlat = outMin == outMax;
            bool refFlat = refMin == refMax;
            bool outStuck = outFlat && (!refFlat || outMin >= top || outMin <= 5);
            bool refStuck = refFlat && (!outFlat || refMin >= top || refMin <= 5);
            if (outStuck)
            {
                faults.Flag(SensorFaultIds.AdcStuck, Bmu16.AdcCurrent);
            }

            if (refStuck)
            {
                faults.Flag(SensorFaultIds.AdcStuck, Bmu16.AdcCurrentReference);
            }

            // spikes trimmed on each input (docs/adc-model.md): one spike in the few scans the self-test's auto-zero
            // averages would otherwise stay in the offset for good
            int output = TrimmedSum.Of(outputReadings, Oversample);
            int reference = TrimmedSum.Of(referenceReadings, Oversample);
            float referenceMv = adc.Convert(reference / (float)Oversample);
            float differenceMv = adc.Convert(output / (float)Oversample) - referenceMv;
            int referenceError = FloatMath.Round(referenceMv) - Bmu16.CurrentAmpReferenceMv;
            if (!refStuck && (referenceError > ReferenceWindowMv || referenceError < -ReferenceWindowMv))
            {
                faults.Flag(SensorFaultIds.CurrentReference, FloatMath.Round(referenceMv));
            }

            float ma = differenceMv * MaPerMv;
            AutoZero(ma, currentIsZero && !outStuck && !refStuck);
            if (currentIsZero && (ma >= MaxZeroMa || ma <= -MaxZeroMa))
            {
                faults.Flag(SensorFaultIds.CurrentOffset, FloatMath.Round(ma));
            }
            else if (_zeroMa > MaxHealthyZeroMa || _zeroMa < -MaxHealthyZeroMa)
            {
                faults.Flag(SensorFaultIds.CurrentOffset, FloatMath.Round(_zeroMa));
            }

            status.CurrentZeroed = _zeroSamples >= ZeroSamplesBeforeUse;
            RawMa = ma - _zeroMa;
            RawAverageMa += (RawMa - RawAverageMa) * 0.125f;
            float calibrated = useCalibration ? RawMa * calibration.CurrentGain : RawMa;
            status.PackCurrentMa = FloatMath.Round(calibrated);
        }

        private void AutoZero(float ma, bool zeroCurrentSeen)
        {
            if (zeroCurrentSeen && ma < MaxZeroMa && ma > -MaxZeroMa)
            {
                // auto-zero: a running mean over the first 32 samples, then a slow average
                _zeroSamples++;
                int weight = _zeroSamples < 32 ? _zeroSamples : 32;
                _zeroMa += (ma - _zeroMa) / weight;
            }
        }
    }
}
