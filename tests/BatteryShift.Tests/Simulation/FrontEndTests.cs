using System;
using BatteryShift.Bms.Board;
using BatteryShift.Hal.Simulation;
using Xunit;

namespace BatteryShift.Tests.Simulation
{
    public class FrontEndTests
    {
        private const double FullScale = 3.1;

        private static double NtcVolts(double temperatureC)
        {
            // docs/hardware.md: 10k B3950 to ground, 10k pull-up from REF_HI 2.048 V; the part follows the published 3950
            // table of docs/references.md (87.4 k at -20 C, 31.8 k at 0 C, 10 k at 25 C, 4.36 k at 45 C, 2.97 k at 55 C),
            // between its points straight in ln(R) against 1/T
            double[] c = { -20, 0, 25, 45, 55 };
            double[] ohm = { 87400, 31800, 10000, 4360, 2970 };
            int i = 0;
            while (i < c.Length - 2 && temperatureC > c[i + 1])
            {
                i++;
            }

            double x0 = 1.0 / (c[i] + 273.15);
            double x1 = 1.0 / (c[i + 1] + 273.15);
            double x = 1.0 / (temperatureC + 273.15);
            double r = Math.Exp(Math.Log(ohm[i]) + ((Math.Log(ohm[i + 1]) - Math.Log(ohm[i])) * (x - x0) / (x1 - x0)));
            return 2.048 * r / (r + 10000.0);
        }

        private static VirtualModule SpreadModule(SimulationOptions o)
        {
            var m = new VirtualModule(o);
            for (int k = 0; k < 16; k++)
            {
                m.SetCellSoc(k, 0.02 + k * 0.06);
            }

            SimTestKit.OpenMux(m);
            return m;
        }

        [Fact]
        public void IdealChainMatchesHardwareMdOnEveryChannel()
        {
            var o = SimTestKit.CleanCells();
            o.Load = new ConstantCurrentProfile(-150);
            var m = SpreadModule(o);
            SimTestKit.CloseFets(m);
            m.Advance(1);
            for (int ch = 0; ch < 16; ch++)
            {
                double v = Bmu16.CellAmpGainE4 / 10000.0 * m.Truth.CellVoltageV[ch];
                Assert.InRange(SimTestKit.ReadMean(m, 0, ch, 1), Math.Round(v / FullScale * 4095) - 1, Math.Round(v / FullScale * 4095) + 1);
            }

            double[] aux = new double[16];
            for (int g = 0; g < 8; g++)
            {
                aux[g] = NtcVolts(25);
            }

            aux[8] = NtcVolts(m.Truth.ShuntTemperatureC);
            aux[9] = NtcVolts(25);
            aux[10] = 2.048;
            aux[11] = 1.25;
            aux[12] = 0.5;
            aux[13] = 0;
            aux[14] = m.Truth.PackVoltageV / 30.0;
            aux[15] = 3.3 / 2;
            for (int ch = 0; ch < 16; ch++)
            {
                double expected = Math.Round(aux[ch] / FullScale * 4095);
                Assert.InRange(SimTestKit.ReadMean(m, 3, ch, 1), expected - 1, expected + 1);
            }

            // INA240A1, gain 20 on 100 uOhm, referenced to 1.25 V; charging reads above the reference
            double iv = 1.25 + 20 * 100e-6 * -150.0;
            Assert.InRange(m.Adc.Read(6), Math.Round(iv / FullScale * 4095) - 1, Math.Round(iv / FullScale * 4095) + 1);
            Assert.InRange(m.Adc.Read(7), Math.Round(1.25 / FullScale * 4095) - 1, Math.Round(1.25 / FullScale * 4095) + 1);
        }

        [Fact]
        public void RealisticChainStaysWithinTheModelledErrorsOfHardwareMd()
        {
            for (ulong seed = 1; seed <= 4; seed++)
            {
                var o = new SimulationOptions { Seed = seed };
                var m = SpreadModule(o);
                Esp32AdcModel chip = m.AdcChip;
                Assert.InRange(chip.VrefMv, 1000, 1200);
                Assert.InRange(Math.Abs(chip.InlQuadraticLsb) + Math.Abs(chip.InlCubicLsb), 0, 12);
                for (int ch = 0; ch < 16; ch++)
                {
                    double cell = m.SensedCellVoltage(ch);
                    double nominalV = Bmu16.CellAmpGainE4 / 10000.0 * cell;
                    double analog = m.ChannelVoltage(0, ch);

                    // the amplifier: the board's gain within 1 % plus a 1 mV buffer offset
                    Assert.InRange(analog, nominalV * 0.99 - 0.0011, nominalV * 1.01 + 0.0011);

                    // the converter: the chip's transfer of that voltage, within noise/sqrt(n) and DNL
                    double mean = SimTestKit.ReadMean(m, 0, ch, 64);
                    Assert.InRange(mean, chip.MeanCounts(analog) - 1.5, chip.MeanCounts(analog) + 1.5);

                    // and against the nominal chain: gain +-10 % (Vref), offset <= 0.09 V, bow <= 12 LSB
                    double ideal = nominalV / FullScale * 4095;
                    double lowest = (nominalV * 0.99 - 0.09) / (FullScale * 1200 / 1100) * 4095 - 13;
                    double highest = (nominalV * 1.01 + 0.001) / (FullScale * 1000 / 1100) * 4095 + 13;
                    Assert.InRange(mean, Math.Max(0, lowest), highest);
                    Assert.True(Math.Abs(mean - ideal) < 0.16 * ideal + 150);
                }

                Assert.InRange(m.ChannelVoltage(3, Bmu16.AuxRefHigh), 2.048 * 0.999 - 0.001, 2.048 * 1.001 + 0.001);
                Assert.InRange(m.ChannelVoltage(3, Bmu16.AuxRefLow), 0.5 * 0.999 - 0.001, 0.5 * 1.001 + 0.001);
                Assert.InRange(m.ChannelVoltage(3, Bmu16.AuxModuleDivider), m.Truth.PackVoltageV / 30 * 0.995 - 0.001, m.Truth.PackVoltageV / 30 * 1.005 + 0.001);
                double ntc = NtcVolts(25);
                Assert.InRange(m.ChannelVoltage(3, 0), ntc * 0.99 - 0.001, ntc * 1.01 + 0.001);
                Assert.InRange(m.ChannelVoltage(6, 0), 1.25 * 0.999 - 20 * 25e-6, 1.25 * 1.001 + 20 * 25e-6);
            }
        }

        [Fact]
        public void NoiseIsAFewLsbAndClippingHoldsCountsIn0To4095()
        {
            var m = SpreadModule(new SimulationOptions { Seed = 9 });
            SimTestKit.Select(m, Bmu16.AuxRefMid);
            m.Clock.DelayMicroseconds(50);
            double sum = 0;
            double sumSq = 0;
            const int n = 2000;
            for (int i = 0; i < n; i++)
            {
                int c = m.Adc.Read(3);
                sum += c;
                sumSq += (double)c * c;
            }

            double sd = Math.Sqrt(sumSq / n - (sum / n) * (sum / n));
            Assert.InRange(sd, 1.0, 4.0);

            // ground reads 0 (below the converter's zero offset); a stuck channel holds its value
            Assert.Equal(0.0, SimTestKit.ReadMean(m, 3, Bmu16.AuxGround, 16));
            m.Faults.Inject(FaultKind.AdcStuck, 3, 4095);
            Assert.Equal(4095.0, SimTestKit.ReadMean(m, 3, Bmu16.AuxRefLow, 4));
        }

        [Fact]
        public void MuxSelectPinsPickTheChannelAndNeedTimeToSettle()
        {
            var o = SimTestKit.CleanCells();
            o.Errors.MuxSettling = true;
            var m = SpreadModule(o);
            for (int ch = 0; ch < 16; ch++)
            {
                double counts = SimTestKit.ReadMean(m, 0, ch, 1);
                double expected = Math.Round(Bmu16.CellAmpGainE4 / 10000.0 * m.Truth.CellVoltageV[ch] / FullScale * 4095);
                Assert.InRange(counts, expected - 1, expected + 1);
            }

            // a wrong select pattern reads the wrong cell: S3 and S0 swapped reads cell 9 for cell 2 (channel 1)
            m.Gpio.Write(Bmu16.PinMuxS0, false);
            m.Gpio.Write(Bmu16.PinMuxS1, false);
            m.Gpio.Write(Bmu16.PinMuxS2, false);
            m.Gpio.Write(Bmu16.PinMuxS3, true);
            m.Clock.DelayMicroseconds(50);
            Assert.Equal(8, m.MuxSelect);

            // without a settling wait the previous channel is still on the pin
            SimTestKit.Select(m, 0);
            m.Clock.DelayMicroseconds(50);
            double settled0 = m.Adc.Read(0);
            SimTestKit.Select(m, 15);
            double early = m.Adc.Read(0);
            Assert.InRange(early, settled0 - 2, settled0 + 2);
            m.Clock.DelayMicroseconds(50);
            double settled15 = m.Adc.Read(0);
            double step = Bmu16.CellAmpGainE4 / 10000.0 * (m.Truth.CellVoltageV[15] - m.Truth.CellVoltageV[0]) / FullScale * 4095;
            Assert.True(step > 200, "spread " + step);
            Assert.InRange(settled15 - settled0, step - 2, step + 2);
        }

        [Fact]
        public void ShiftRegisterBitOrderLatchAndOutputEnableAreThoseOfThe74Hc595()
        {
            var m = new VirtualModule(SimTestKit.CleanCells());

            // after power-up OE is pulled up: nothing bleeds whatever the registers hold
            Assert.Equal(0, m.Truth.BleedMask);
            SimTestKit.OpenBleedPins(m);

            // one '1' then fifteen '0': the first bit ends at register 2 QH = cell 16
            for (int i = 0; i < 16; i++)
            {
                m.Gpio.Write(Bmu16.PinBleedData, i == 0);
                m.Gpio.Write(Bmu16.PinBleedClock, true);
                m.Gpio.Write(Bmu16.PinBleedClock, false);
            }

            m.Gpio.Write(Bmu16.PinBleedOutputEnable, false);
            int before = m.Truth.BleedMask;
            Assert.Equal(m.ShiftRegister.Storage, before);
            m.Gpio.Write(Bmu16.PinBleedLatch, true);
            Assert.Equal(0x8000, m.Truth.BleedMask);
            m.Gpio.Write(Bmu16.PinBleedLatch, false);

            // a further clock moves the shift register but not the outputs until the next rising RCLK
            m.Gpio.Write(Bmu16.PinBleedData, true);
            m.Gpio.Write(Bmu16.PinBleedClock, true);
            m.Gpio.Write(Bmu16.PinBleedClock, false);
            Assert.Equal(0x8000, m.Truth.BleedMask);
            m.Gpio.Write(Bmu16.PinBleedLatch, true);
            Assert.Equal(0x0001, m.Truth.BleedMask);

            // OE high turns everything off at once
            m.Gpio.Write(Bmu16.PinBleedOutputEnable, true);
            Assert.Equal(0, m.Truth.BleedMask);

            // the firmware's driver and the simulated chain agree on the cell numbering
            var m2 = new VirtualModule(SimTestKit.CleanCells());
            var driver = new BleedShiftRegister(m2.Ports.Gpio);
            driver.ShiftOut(0x0105);
            Assert.Equal(0, m2.Truth.BleedMask);
            driver.Enable();
            Assert.Equal(0x0105, m2.Truth.BleedMask);
        }

        [Fact]
        public void BleedCurrentInTheSenseWiresShiftsTheReadings()
        {
            var o = SimTestKit.CleanCells();
            o.Errors.SenseWireDrop = true;
            var m = new VirtualModule(o);
            double v = m.SensedCellVoltage(4);
            SimTestKit.Bleed(m, 1 << 4);
            double ib = m.Truth.BleedCurrentA[4];
            double rw = o.Board.SenseWireOhm;

            // own bleeder: both wires carry ib: reads low by 2 ib Rw; neighbours read high by ib Rw
            Assert.Equal(m.Truth.CellVoltageV[4] - 2 * ib * rw, m.SensedCellVoltage(4), 9);
            Assert.Equal(m.Truth.CellVoltageV[3] + ib * rw, m.SensedCellVoltage(3), 9);
            Assert.Equal(m.Truth.CellVoltageV[5] + ib * rw, m.SensedCellVoltage(5), 9);
            Assert.True(v - m.SensedCellVoltage(4) > 0.003);
        }

        [Fact]
        public void OpenSenseWireIsVisibleWithTheBleeders()
        {
            var m = new VirtualModule(SimTestKit.CleanCells());
            m.Faults.Inject(FaultKind.OpenSenseWire, 5);
            double v4 = m.Truth.CellVoltageV[4];
            double v5 = m.Truth.CellVoltageV[5];

            // floating tap between cell 5 and 6 (indexes 4 and 5) settles mid-way
            Assert.Equal((v4 + v5) / 2, m.SensedCellVoltage(4), 9);

            // bleeder of cell 5 on pulls the tap down: cell 5 reads 0, cell 6 reads both
            SimTestKit.Bleed(m, 1 << 4);
            Assert.Equal(0, m.SensedCellVoltage(4), 9);
            Assert.Equal(v4 + v5, m.SensedCellVoltage(5), 9);
            Assert.Equal(0, m.Truth.BleedCurrentA[4]);
        }

        [Fact]
        public void NtcFaultsAndTemperatureReachTheDividers()
        {
            var m = new VirtualModule(SimTestKit.CleanCells());
            double normal = m.ChannelVoltage(3, 2);
            m.Faults.Inject(FaultKind.NtcOpen, 2);
            Assert.Equal(m.FrontEnd.RefHighV, m.ChannelVoltage(3, 2), 9);
            m.Faults.ClearAll(FaultKind.NtcOpen);
            m.Faults.Inject(FaultKind.NtcShort, 2);
            Assert.Equal(0, m.ChannelVoltage(3, 2), 9);
            m.Faults.ClearAll(FaultKind.NtcShort);
            Assert.Equal(normal, m.ChannelVoltage(3, 2), 9);

            m.SetCellTemperature(4, 45);
            m.SetCellTemperature(5, 45);
            Assert.Equal(NtcVolts(45), m.ChannelVoltage(3, 2), 6);

            // the realistic part follows the published 3950 table (31.8 k at 0 C), not Beta (33.6 k), as the ideal one does
            var real = new VirtualModule(new SimulationOptions { Seed = 12 });
            real.SetCellTemperature(0, 0);
            real.SetCellTemperature(1, 0);
            double table = real.FrontEnd.RefHighV * 31800 / (31800 + 10000);
            double v = real.ChannelVoltage(3, 0) - real.FrontEnd.BufferOffsetV(1);
            Assert.InRange(v, table * 0.995, table * 1.005);
            double beta = 10000.0 * Math.Exp(3950.0 * (1.0 / 273.15 - 1.0 / 298.15));
            Assert.True((real.FrontEnd.RefHighV * beta / (beta + 10000)) - v > 0.01);
        }

        [Fact]
        public void SameSeedGivesTheSameTraceAndAnotherSeedDoesNot()
        {
            static long[] Trace(ulong seed)
            {
                var o = new SimulationOptions { Seed = seed, Load = new ConstantCurrentProfile(-80) };
                var m = new VirtualModule(o);
                SimTestKit.OpenMux(m);
                SimTestKit.CloseFets(m);
                var trace = new long[200];
                for (int i = 0; i < 100; i++)
                {
                    m.Advance(1);
                    trace[2 * i] = (long)SimTestKit.ReadMean(m, 0, i % 16, 1) + 10000L * (long)SimTestKit.ReadMean(m, 3, i % 16, 1);
                    trace[2 * i + 1] = BitConverter.DoubleToInt64Bits(m.Truth.CellVoltageV[i % 16]);
                }

                return trace;
            }

            Assert.Equal(Trace(42), Trace(42));
            Assert.NotEqual(Trace(42), Trace(43));
        }
    }
}
