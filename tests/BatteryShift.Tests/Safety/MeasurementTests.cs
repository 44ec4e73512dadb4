using System;
using BatteryShift.Bms;
using BatteryShift.Bms.Board;
using BatteryShift.Bms.Measurement;
using BatteryShift.Bms.Protection;
using Xunit;

namespace BatteryShift.Tests.Safety
{
    public class MeasurementTests
    {
        [Theory]
        [InlineData(31481, 0)]
        [InlineData(10000, 250)]
        [InlineData(4372, 450)]
        [InlineData(87400, -200)]
        public void NtcTableGivesTheTabulatedTemperature(int ohm, int deciC)
        {
            float ratio = ohm / (float)(ohm + 10000);
            Assert.InRange(NtcTable.RatioToDeciC(ratio), deciC - 1, deciC + 1);
        }

        [Fact]
        public void NtcTableIsNotTheBetaFormulaBelowZero()
        {
            // docs/references.md: a published 3950 table gives 87.4 k at -20 C; Beta would read about -16.6 C there
            float ratio = 87400f / 97400f;
            Assert.InRange(NtcTable.RatioToDeciC(ratio), -202, -198);
        }

        [Fact]
        public void NtcTableInterpolatesWithinAQuarterDegree()
        {
            for (double c = -35; c <= 120; c += 0.7)
            {
                double r = FakeBoard.NtcOhm(c);
                int got = NtcTable.RatioToDeciC((float)(r / (r + 10000)));
                Assert.InRange(got, (c * 10) - 2.5, (c * 10) + 2.5);
            }
        }

        [Fact]
        public void ReferenceCorrectionTakesOutGainOffsetAndBow()
        {
            var board = new FakeBoard { AdcGain = 1.07, AdcOffsetMv = 60, AdcBowLsb = 10 };
            var correction = new AdcCorrection();
            Func<double, float> counts = mv =>
            {
                double lsb = 3100.0 / 4095.0 / board.AdcGain;
                double x = (mv - board.AdcOffsetMv) / lsb;
                return (float)(x + (board.AdcBowLsb * 4 * (x / 4095.0) * (1 - (x / 4095.0))));
            };
            Assert.True(correction.Update(counts(500), counts(1250), counts(2048)));
            double worstNominal = 0;
            for (double mv = 300; mv <= 2300; mv += 50)
            {
                Assert.InRange(correction.ToMv(counts(mv)), mv - 1.0, mv + 1.0);
                worstNominal = Math.Max(worstNominal, Math.Abs(AdcCorrection.NominalMv(counts(mv)) - mv));
            }

            Assert.True(worstNominal > 50, "the uncorrected reading should be visibly off");
        }

        [Fact]
        public void ReferencesOutOfTheirWindowAreRefusedAndTheLastFitKept()
        {
            var correction = new AdcCorrection();
            Assert.True(correction.Update(600, 1590, 2645));
            float before = correction.ToMv(1800);
            Assert.False(correction.Update(600, 1590, 2300));
            Assert.Contains(correction.FailedReference, new[] { Bmu16.AuxRefHigh, Bmu16.AuxRefMid });
            Assert.Equal(before, correction.ToMv(1800));
            Assert.False(correction.Update(1000, 1000, 1001));
            Assert.True(correction.Stuck);
        }

        [Fact]
        public void CellsTemperaturesCurrentAndModuleVoltageComeThroughTheMux()
        {
            var board = new FakeBoard { AdcGain = 0.95, AdcOffsetMv = 40, AdcBowLsb = 8, CurrentA = -50 };
            for (int i = 0; i < 16; i++)
            {
                board.CellMv[i] = 3000 + (i * 20);
            }

            board.TemperatureC[3] = 41.5;
            var core = board.StartCore();
            for (int i = 0; i < 16; i++)
            {
                Assert.InRange(core.Status.CellVoltageMv[i], board.CellMv[i] - 3, board.CellMv[i] + 3);
            }

            Assert.InRange(core.Status.TemperatureDeciC[3], 410, 420);
            Assert.Equal(415, core.Status.MaxTemperatureDeciC, 5.0);
            Assert.InRange(core.Status.PackCurrentMa, -50600, -49400);
            Assert.InRange(core.Status.ModuleVoltageMv, board.ModuleMv() - 150, board.ModuleMv() + 150);
            Assert.Equal(15, core.Status.MaxCellIndex);
            Assert.Equal(0, core.Status.SensorFaultMask);
        }

        [Fact]
        public void AutoZeroRemovesTheAmplifierOffsetWhileTheFetsAreOpen()
        {
            // 0.5 mV amplifier offset is 0.25 A; FETs open during the self-test and in service
            var board = new FakeBoard { AmpOffsetMv = 0.5, NoiseLsb = 2 };
            var core = board.StartCore(ticks: 2);
            Assert.Equal(ResultCode.Ok, core.EnterService());
            for (int i = 0; i < 40; i++)
            {
                board.Step(core);
            }

            long sum = 0;
            for (int i = 0; i < 20; i++)
            {
                board.Step(core);
                sum += core.Status.PackCurrentMa;
            }

            // the mean of 20 scans of 32 pairs at 2 LSB of noise scatters by about 0.06 A rms (one count is 0.38 A); the
            // offset left in, 0.25 A, is outside
            Assert.InRange(sum / 20, -150, 150);
            Assert.InRange(core.Measurement.CurrentZeroMa, 200, 300);
        }

        [Fact]
        public void OpenNtcIsASensorFaultNotMinusForty()
        {
            var board = new FakeBoard();
            var core = board.StartCore();
            board.NtcOhmOverride[2] = 5e6;
            board.Step(core);
            board.Step(core);
            Assert.NotEqual(0, core.Status.SensorFaultMask & (1 << SensorFaultIds.NtcOpen));
            Assert.Equal(0, core.Status.TemperatureValidMask & (1 << 2));
            Assert.NotEqual(-400, core.Status.TemperatureDeciC[2]);
            Assert.NotEqual(-400, core.Status.MinTemperatureDeciC);
            Assert.Equal("ntc_open", DiagnosisTable.SensorName(SensorFaultIds.NtcOpen));
        }

        [Fact]
        public void TwoPointCalibrationTakesOutAChannelGainError()
        {
            var board = new FakeBoard();
            var core = board.StartCore();
            Assert.Equal(ResultCode.Refused, core.Calibrate(4, 3300));
            Assert.Equal(ResultCode.Ok, core.EnterService());

            // cell 5 (index 4) reads through an amplifier 1 % high: the fake shows it as a cell 1 % high
            board.CellMv[4] = 3000 * 1.01;
            for (int i = 0; i < 30; i++)
            {
                board.Step(core);
            }

            Assert.Equal(ResultCode.Ok, core.Calibrate(4, 3000));
            board.CellMv[4] = 3400 * 1.01;
            for (int i = 0; i < 30; i++)
            {
                board.Step(core);
            }

            Assert.Equal(ResultCode.Ok, core.Calibrate(4, 3400));
            board.CellMv[4] = 3200 * 1.01;
            for (int i = 0; i < 3; i++)
            {
                board.Step(core);
            }

            Assert.InRange(core.Status.CellVoltageMv[4], 3197, 3203);
            Assert.True(board.Blobs.ContainsKey("calib"));

            // the constants survive a restart
            var again = new BmsCore(board.Ports, new Bms.Config.BmsConfig());
            again.Start();
            Assert.Equal(core.Calibration.Gain(4), again.Calibration.Gain(4), 5);
        }
    }
}
