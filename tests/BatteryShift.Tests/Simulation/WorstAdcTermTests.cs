using System;
using BatteryShift.Bms.Board;
using BatteryShift.Hal.Simulation;
using Xunit;

namespace BatteryShift.Tests.Simulation
{
    /// <summary>
    /// Each term of the worst-case ADC (docs/adc-model.md) on its own, every other error switched off, against its
    /// closed form: a slow-ramp code histogram shows the drawn carry steps, the non-smooth INL is piecewise linear
    /// between its knots, the noise has the drawn rms with a heavy tail and spikes at the drawn rate, the top of the
    /// range compresses from raw 2880, and the tempcos move the transfer and the references as drawn.
    /// </summary>
    public class WorstAdcTermTests
    {
        private const double CountsPerVolt = 4095 / 3.1;

        private static FrontEndErrors Only(Action<FrontEndErrors> on)
        {
            FrontEndErrors e = FrontEndErrors.Ideal;
            on(e);
            return e;
        }

        private static Esp32AdcModel Chip(FrontEndErrors errors, int corner, ulong seed = 5, WorstAdcRanges? ranges = null)
        {
            return new Esp32AdcModel(new BoardParameters(), errors, new SimRandom(seed), ranges ?? new WorstAdcRanges(), new SimRandom(seed + 100), corner);
        }

        // a slow ramp through the whole range, 64 conversions per LSB: how many landed on each code
        private static int[] RampHistogram(Esp32AdcModel chip)
        {
            var hist = new int[Bmu16.MaxAdcCount + 1];
            var noise = new SimRandom(1);
            for (int i = 0; i < 4096 * 64; i++)
            {
                hist[chip.ConvertMean((i + 0.5) / 64.0, noise)]++;
            }

            return hist;
        }

        [Fact]
        public void ASlowRampShowsTheCarryStepsOfAPositiveCornerAsWideCodes()
        {
            Esp32AdcModel chip = Chip(Only(e => e.AdcDnl = true), corner: 0);
            int[] hist = RampHistogram(chip);

            // corner 0: every carry step positive at its limit, 7 LSB at the major carries: the code below each
            // multiple of 512 is 1 + 7 LSB wide (the random per-code part adds at most +-1 LSB)
            foreach (int carry in new[] { 512, 1024, 1536, 2048, 2560, 3072, 3584 })
            {
                double width = hist[carry - 1] / 64.0;
                Assert.InRange(width, 8 - 1.1, 8 + 1.1);
            }

            // away from the carries the codes are 1 LSB wide within the random part
            int ordinary = 0;
            for (int k = 5; k < 4090; k++)
            {
                if ((k + 1) % 32 != 0)
                {
                    Assert.InRange(hist[k] / 64.0, 0, 2.2);
                    ordinary++;
                }
            }

            // every code's share of the ramp is the width the chip drew
            for (int k = 5; k < 4090; k++)
            {
                Assert.InRange(hist[k] / 64.0, chip.Worst!.CodeWidthLsb(k) - (2 / 64.0), chip.Worst.CodeWidthLsb(k) + (2 / 64.0));
            }

            Assert.True(ordinary > 3900);
        }

        [Fact]
        public void ANegativeCornerSkipsCodesAfterTheMajorCarries()
        {
            Esp32AdcModel chip = Chip(Only(e => e.AdcDnl = true), corner: 15);
            int[] hist = RampHistogram(chip);
            Assert.Equal(-7, chip.Worst!.CarryStepLsb(11), 6);

            // a -7 LSB step: about seven codes at the 2048 carry never occur
            int missing = 0;
            for (int k = 2040; k < 2060; k++)
            {
                missing += hist[k] == 0 ? 1 : 0;
            }

            Assert.InRange(missing, 5, 9);
        }

        [Fact]
        public void DrawnChipsKeepEveryCarryStepWithinSevenLsbAndUseTheRange()
        {
            double largest = 0;
            for (ulong seed = 1; seed <= 40; seed++)
            {
                Esp32AdcModel chip = Chip(Only(e => e.AdcDnl = true), corner: -1, seed: seed);
                for (int b = 0; b < 12; b++)
                {
                    double s = Math.Abs(chip.Worst!.CarryStepLsb(b));
                    Assert.InRange(s, 0, b >= 9 ? 7 : (b >= 5 ? 2 : 0));
                    largest = Math.Max(largest, s);
                }
            }

            // drawn across the range: 120 major steps uniform in +-7 reach beyond 6.5
            Assert.True(largest > 6.5, $"largest drawn step {largest}");
        }

        [Fact]
        public void TheNonSmoothInlIsPiecewiseLinearBetweenKnotsOfAtMostFourLsbAndNoQuadraticRemovesIt()
        {
            var ranges = new WorstAdcRanges { InlBowLsb = 0 };
            Esp32AdcModel chip = Chip(Only(e => e.AdcInl = true), corner: 3, ranges: ranges);
            double worstResidual = 0;
            double r0 = chip.MeanCounts(0.5) - (0.5 * CountsPerVolt);
            double r1 = chip.MeanCounts(1.25) - (1.25 * CountsPerVolt);
            double r2 = chip.MeanCounts(2.048) - (2.048 * CountsPerVolt);
            for (int knot = 0; knot < 4096 / 128; knot++)
            {
                double c = knot * 128;
                double atKnot = chip.MeanCounts(c / CountsPerVolt) - c;

                // a corner chip puts every knot at +-4 LSB
                Assert.Equal(4.0, Math.Abs(atKnot), 6);
                double next = chip.MeanCounts((c + 128) / CountsPerVolt) - (c + 128);
                double mid = chip.MeanCounts((c + 64) / CountsPerVolt) - (c + 64);
                Assert.Equal((atKnot + next) / 2, mid, 6);

                // what a quadratic through the three reference points leaves
                double x = c / CountsPerVolt;
                double q = Lagrange(x, 0.5, r0, 1.25, r1, 2.048, r2);
                if (x > 0.15 && x < 2.45)
                {
                    worstResidual = Math.Max(worstResidual, Math.Abs(atKnot - q));
                }
            }

            Assert.True(worstResidual > 3, $"a quadratic correction leaves only {worstResidual} LSB");
        }

        [Fact]
        public void NoiseHasTheDrawnRmsAHeavyTailAndSpikesAtTheDrawnRate()
        {
            Esp32AdcModel chip = Chip(Only(e => e.AdcNoise = true), corner: 0);
            Esp32AdcWorstTerms w = chip.Worst!;
            Assert.Equal(6.0, w.NoiseLsb, 9);
            Assert.Equal(2e-3, w.SpikeProbability, 9);
            var noise = new SimRandom(77);
            const int n = 400_000;
            double sum2 = 0, sum4 = 0, spikes = 0, core2 = 0;
            int coreN = 0;
            for (int i = 0; i < n; i++)
            {
                double d = chip.ConvertMean(2000.0, noise) - 2000.0;
                sum2 += d * d;
                if (Math.Abs(d) > 25 * 1.0 + 5 * 6)
                {
                    spikes++;
                }
                else
                {
                    core2 += d * d;
                    sum4 += d * d * d * d;
                    coreN++;
                }
            }

            // rms^2 = noise^2 + quantisation 1/12 + rate x spike mean square
            double expected = (w.NoiseLsb * w.NoiseLsb) + (1.0 / 12) + (w.SpikeProbability * w.SpikeMeanSquareLsb2);
            Assert.InRange(sum2 / n, expected * 0.93, expected * 1.07);

            // spikes (beyond 55 LSB: 9 sigma of the core) at the drawn rate; a spike under 55 LSB hides in the core
            double reach = (400 - 55) / (400.0 - 30);
            Assert.InRange(spikes / n, w.SpikeProbability * reach * 0.8, w.SpikeProbability * reach * 1.2);

            // heavy tail: kurtosis well above a normal's 3 (5 % of conversions four times wider: about 12)
            double var = core2 / coreN;
            double kurtosis = sum4 / coreN / (var * var);
            Assert.InRange(kurtosis, 6, 20);
        }

        [Fact]
        public void TheTopOfTheRangeCompressesFromRaw2880WithTheDrawnSlope()
        {
            Esp32AdcModel chip = Chip(Only(e => e.AdcCompression = true), corner: 0);
            Assert.Equal(0.75, chip.Worst!.CompressionSlope, 9);
            foreach (double v in new[] { 1.0, 2.0, 2.17 })
            {
                Assert.Equal(v * CountsPerVolt, chip.MeanCounts(v), 6);
            }

            foreach (double v in new[] { 2.3, 2.5, 2.9 })
            {
                Assert.Equal(2880 + ((v * CountsPerVolt) - 2880) * 0.75, chip.MeanCounts(v), 6);
            }
        }

        [Fact]
        public void GainAndOffsetTempcosMoveTheTransferAsDrawn()
        {
            Esp32AdcModel gain = Chip(Only(e => e.AdcGain = true), corner: 0);
            Assert.Equal(150e-6, Math.Abs(gain.GainTempcoPerK), 12);
            double at25 = gain.MeanCounts(1.5, 25);
            double at45 = gain.MeanCounts(1.5, 45);
            Assert.Equal(1 - (gain.GainTempcoPerK * 20), at45 / at25, 9);

            Esp32AdcModel offset = Chip(Only(e => e.AdcOffset = true), corner: 0);
            Assert.Equal(100e-6, Math.Abs(offset.OffsetTempcoVPerK), 12);
            double shift = offset.MeanCounts(1.5, 0) - offset.MeanCounts(1.5, 25);
            Assert.Equal(offset.OffsetTempcoVPerK * 25 * CountsPerVolt, shift, 6);
        }

        [Fact]
        public void TheWorstBoardsReferencesAndCellAmplifiersDriftAndPassCommonMode()
        {
            var o = new SimulationOptions { Seed = 3, Adc = AdcGrade.Worst, AdcCorner = 0, Errors = Only(e => e.ComponentTolerance = true) };
            var m = new VirtualModule(o);
            FrontEndDrift d = m.FrontEnd.Drift!;
            Assert.Equal(50e-6, Math.Abs(d.RefHighTempcoPerK), 12);
            double hi25 = m.FrontEnd.RefHighV;
            m.SetBoardTemperature(45);
            Assert.Equal(1 + (d.RefHighTempcoPerK * 20), m.FrontEnd.RefHighV / hi25, 9);

            // common mode alone: the top cell's amplifier passes its taps' mean through 1 / CMRR (90 dB)
            var a = new VirtualModule(new SimulationOptions { Seed = 3, Adc = AdcGrade.Worst, AdcCorner = 0, Errors = Only(e => e.AmplifierTolerance = true) });
            Assert.Equal(Math.Pow(10, -90 / 20.0), Math.Abs(a.FrontEnd.Drift!.CellCommonModeGain(15)), 12);
            a.SetBoardTemperature(25);
            double below = 0;
            for (int i = 0; i < 15; i++)
            {
                below += a.SensedCellVoltage(i);
            }

            double cell = a.SensedCellVoltage(15);
            double expected = (a.FrontEnd.CellAmpGain(15) * (cell + (a.FrontEnd.Drift.CellCommonModeGain(15) * (below + (cell / 2))))) + a.FrontEnd.BufferOffsetV(0);
            Assert.Equal(expected, a.ChannelVoltage(0, 15), 9);
        }

        [Fact]
        public void TheIdealGradeLeavesOnlyQuantisationAndTheTypicalGradeIsTheDefault()
        {
            Assert.Equal(AdcGrade.Typical, new SimulationOptions().Adc);
            var m = new VirtualModule(new SimulationOptions { Seed = 4, Adc = AdcGrade.Ideal });
            Assert.Null(m.AdcChip.Worst);
            Assert.Equal(1100, m.AdcChip.VrefMv);
            Assert.Equal(0, m.AdcChip.NoiseLsb);
            Assert.Equal(Math.Round(1.2 * CountsPerVolt), m.AdcChip.ConvertMean(m.AdcChip.MeanCounts(1.2), new SimRandom(1)));
        }

        private static double Lagrange(double x, double x0, double y0, double x1, double y1, double x2, double y2)
        {
            return (y0 * (x - x1) * (x - x2) / ((x0 - x1) * (x0 - x2)))
                + (y1 * (x - x0) * (x - x2) / ((x1 - x0) * (x1 - x2)))
                + (y2 * (x - x0) * (x - x1) / ((x2 - x0) * (x2 - x1)));
        }
    }
}
