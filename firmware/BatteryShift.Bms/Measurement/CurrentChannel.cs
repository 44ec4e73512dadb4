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
        /// <summary>
        /// Conversions of each current channel per scan (interleaved, amplifier output and reference): 32 pairs, half of
        /// what the first design read, because each conversion costs a lock block and a native call on the device
        /// (docs/benchmarks.md); the current's noise is integrated away by the charge counter, and its offset is learned
        /// from <see cref="ZeroingBlocks"/> blocks per scan.
        /// </summary>
        public const int Oversample = 32;

        /// <summary>Current per millivolt at the amplifier output, mA (INA240A1 gain 20 on 100 uOhm: 2 mV/A, docs/hardware.md).</summary>
        public const float MaPerMv = 1000000f / (Bmu16.CurrentAmpGain * Bmu16.ShuntMicroOhm);

        /// <summary>Largest offset auto-zero may absorb, mA (INA240 offset 25 uV is 0.25 A; margin for drift).</summary>
        public const float MaxZeroMa = 3000f;

        /// <summary>Largest deviation of the current amplifier reference from REF_MID, mV.</summary>
        public const int ReferenceWindowMv = 60;

        /// <summary>
        /// How far a reference input that returns one code for a whole scan may sit from REF_MID (1250 mV, as the
        /// corrected converter reads it through mux B) and still count as healthy, mV: mux B's buffer offset (4.5 mV)
        /// and the widest code of a worst-case chip (8 LSB, about 6 mV), with room; 15 mV is 7.5 A.
        /// </summary>
        public const int FlatReferenceAgreementMv = 15;

        /// <summary>Largest auto-zero offset of a healthy current sensor, mA (INA240 25 uV is 0.25 A; beyond this it has drifted).</summary>
        public const float MaxHealthyZeroMa = 1000f;

        /// <summary>
        /// Scans at zero current the offset is learned from before the current is trusted (the self-test waits for them):
        /// the offset's error falls with the square root of the scans averaged (docs/adc-model.md, current channel).
        /// </summary>
        public const int ZeroSamplesBeforeUse = 24;

        /// <summary>
        /// Blocks of <see cref="Oversample"/> conversions per input read in each scan of the first offset learning (the
        /// self-test, FETs open): the offset's error falls with the square root of the conversions averaged, and the
        /// start-up learning is the only estimate the current rests on until the FETs next open. Later scans read one
        /// block.
        /// </summary>
        public const int ZeroingBlocks = 8;

        private float _zeroMa;
        private int _zeroSamples;
        private int _outputSum;
        private int _referenceSum;
        private int _outputMin;
        private int _outputMax;
        private int _referenceMin;
        private int _referenceMax;

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
            int blocks = currentIsZero && _zeroSamples < ZeroSamplesBeforeUse ? ZeroingBlocks : 1;
            ReadInputs(adcPort);
            int output = _outputSum;
            int reference = _referenceSum;
            int outMin = _outputMin;
            int outMax = _outputMax;
            int refMin = _referenceMin;
            int refMax = _referenceMax;
            for (int b = 1; b < blocks; b++)
            {
                ReadInputs(adcPort);
                output += _outputSum;
                reference += _referenceSum;
                outMin = _outputMin < outMin ? _outputMin : outMin;
                outMax = _outputMax > outMax ? _outputMax : outMax;
                refMin = _referenceMin < refMin ? _referenceMin : refMin;
                refMax = _referenceMax > refMax ? _referenceMax : refMax;
            }

            // a converter input that returns one code while its partner shows the converter's noise is stuck;
            // with no noise on either (an ideal converter) only a code at a rail counts. The reference sits at a fixed
            // voltage, and on a chip with a wide code there and little noise it returns one code for a whole scan while
            // healthy: a flat reference counts as stuck only away from REF_MID as mux B reads it
            int top = adcPort.MaxCount - 5;
            bool outFlat = outMin == outMax;
            bool refFlat = refMin == refMax;
            bool outStuck = outFlat && (!refFlat || outMin >= top || outMin <= 5);
            bool refStuck = refFlat && (refMin >= top || refMin <= 5 || (!outFlat && !AgreesWithRefMid(refMin, adc)));
            if (outStuck)
            {
                faults.Flag(SensorFaultIds.AdcStuck, Bmu16.AdcCurrent);
            }

            if (refStuck)
            {
                faults.Flag(SensorFaultIds.AdcStuck, Bmu16.AdcCurrentReference);
            }

            float referenceMv = adc.Convert(reference / (float)(Oversample * blocks));
            float differenceMv = adc.Convert(output / (float)(Oversample * blocks)) - referenceMv;
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

        // a flat reference code within FlatReferenceAgreementMv of REF_MID; without a valid correction (no references
        // read yet) nothing to compare with, so a flat reference beside a noisy output counts as stuck, as before
        private static bool AgreesWithRefMid(int counts, AdcCorrection adc)
        {
            if (!adc.Valid)
            {
                return false;
            }

            float errorMv = adc.Convert(counts) - Bmu16.CurrentAmpReferenceMv;
            return errorMv <= FlatReferenceAgreementMv && errorMv >= -FlatReferenceAgreementMv;
        }

        /// <summary>
        /// Reads <see cref="Oversample"/> interleaved pairs and keeps, for each input, the sum without its two lowest and
        /// two highest conversions scaled back to <see cref="Oversample"/> (the trim <see cref="MuxScanner.ReadSum(int, int)"/>
        /// applies: the ESP32's heavy-tailed noise and spikes, docs/adc-model.md), and its lowest and highest code.
        /// </summary>
        private void ReadInputs(IAdc adcPort)
        {
            int outSum = 0;
            int refSum = 0;
            int outLow1 = int.MaxValue;
            int outLow2 = int.MaxValue;
            int outHigh1 = int.MinValue;
            int outHigh2 = int.MinValue;
            int refLow1 = int.MaxValue;
            int refLow2 = int.MaxValue;
            int refHigh1 = int.MinValue;
            int refHigh2 = int.MinValue;
            for (int i = Oversample; i > 0; i--)
            {
                int o = adcPort.Read(Bmu16.AdcCurrent);
                int r = adcPort.Read(Bmu16.AdcCurrentReference);
                outSum += o;
                refSum += r;

                // low1 <= low2 and high1 >= high2 always: most conversions are decided by two compares per input
                if (o < outLow2)
                {
                    outLow2 = o < outLow1 ? outLow1 : o;
                    outLow1 = o < outLow1 ? o : outLow1;
                }

                if (o > outHigh2)
                {
                    outHigh2 = o > outHigh1 ? outHigh1 : o;
                    outHigh1 = o > outHigh1 ? o : outHigh1;
                }

                if (r < refLow2)
                {
                    refLow2 = r < refLow1 ? refLow1 : r;
                    refLow1 = r < refLow1 ? r : refLow1;
                }

                if (r > refHigh2)
                {
                    refHigh2 = r > refHigh1 ? refHigh1 : r;
                    refHigh1 = r > refHigh1 ? r : refHigh1;
                }
            }

            const int Kept = Oversample - 4;
            _outputSum = (((outSum - outLow1 - outLow2 - outHigh1 - outHigh2) * Oversample) + (Kept / 2)) / Kept;
            _referenceSum = (((refSum - refLow1 - refLow2 - refHigh1 - refHigh2) * Oversample) + (Kept / 2)) / Kept;
            _outputMin = outLow1;
            _outputMax = outHigh1;
            _referenceMin = refLow1;
            _referenceMax = refHigh1;
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
