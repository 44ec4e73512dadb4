using BatteryShift.Bms;
using BatteryShift.Bms.Board;
using BatteryShift.Bms.Measurement;
using BatteryShift.Hal;
using Xunit;

namespace BatteryShift.Tests.Measurement
{
    /// <summary>
    /// The current channel at zero current with the ESP32's rare spikes (docs/adc-model.md): a spike among the
    /// conversions of one input must not enter the offset the auto-zero learns, and the current is not trusted
    /// (<see cref="ModuleStatus.CurrentZeroed"/>) before the offset has been averaged over enough scans.
    /// </summary>
    public class CurrentChannelSpikeTests
    {
        // both inputs sit at REF_MID at zero current; the nominal conversion is about 0.757 mV per count, so one
        // 600-count spike in 64 conversions moves the mean by 9.4 counts, 7.1 mV, 3.5 A at 2 mV/A
        private const int MidCount = 2200;
        private const int SpikeCounts = 600;

        [Fact]
        public void ASpikeInOneScanDoesNotMoveTheLearnedOffset()
        {
            var channel = new CurrentChannel();
            var adc = new SpikyAdc { SpikeEvery = CurrentChannel.Oversample };
            var status = new ModuleStatus();
            var faults = new SensorFaultDebounce();
            var correction = new AdcCorrection();
            var calibration = new Calibration();
            for (int scan = 0; scan < CurrentChannel.ZeroSamplesBeforeUse; scan++)
            {
                faults.BeginScan();
                channel.Measure(adc, true, correction, calibration, false, status, faults);
            }

            // every scan had one spike on the amplifier output: a plain mean learns about 3.5 A of offset
            Assert.InRange(channel.ZeroMa, -50f, 50f);
            Assert.InRange(status.PackCurrentMa, -50, 50);
        }

        [Fact]
        public void TheCurrentIsTrustedOnlyAfterEnoughZeroScans()
        {
            var channel = new CurrentChannel();
            var adc = new SpikyAdc();
            var status = new ModuleStatus();
            var faults = new SensorFaultDebounce();
            var correction = new AdcCorrection();
            var calibration = new Calibration();
            for (int scan = 1; scan <= CurrentChannel.ZeroSamplesBeforeUse; scan++)
            {
                faults.BeginScan();
                channel.Measure(adc, true, correction, calibration, false, status, faults);
                Assert.Equal(scan >= CurrentChannel.ZeroSamplesBeforeUse, status.CurrentZeroed);
            }

            // scans with current possibly flowing add nothing to the offset
            var fresh = new CurrentChannel();
            var freshStatus = new ModuleStatus();
            for (int scan = 0; scan < 2 * CurrentChannel.ZeroSamplesBeforeUse; scan++)
            {
                faults.BeginScan();
                fresh.Measure(adc, false, correction, calibration, false, freshStatus, faults);
            }

            Assert.False(freshStatus.CurrentZeroed);
        }

        /// <summary>Both current inputs at one code; every <see cref="SpikeEvery"/>-th read of the output spikes.</summary>
        private sealed class SpikyAdc : IAdc
        {
            private int _outputReads;

            public int SpikeEvery { get; set; }

            public int MaxCount => 4095;

            public void OpenChannel(int channel)
            {
            }

            public int Read(int channel)
            {
                // alternate by one count so the stuck-input check sees a live converter
                int dither = (_outputReads & 1) == 0 ? 0 : 1;
                if (channel != Bmu16.AdcCurrent)
                {
                    return MidCount + dither;
                }

                _outputReads++;
                bool spike = SpikeEvery > 0 && (_outputReads % SpikeEvery) == 1;
                return MidCount + dither + (spike ? SpikeCounts : 0);
            }
        }
    }
}
