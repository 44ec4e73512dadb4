using System;
using System.Collections.Generic;
using BatteryShift.Bms.Board;
using BatteryShift.Wiring.Checks;
using BatteryShift.Wiring.Documents;
using Xunit;
using V = BatteryShift.Wiring.Board.BoardValues;

namespace BatteryShift.Tests.Wiring
{
    /// <summary>
    /// The design checks of docs/hardware.md over the definition, with hand-computed figures
    /// for the corners that decide them.
    /// </summary>
    public sealed class DesignCheckTests
    {
        [Fact]
        public void EveryAdcInputStaysInTheUsableWindowAtWorstCase()
        {
            var failures = new List<string>();
            foreach (CheckResult check in DesignChecks.AdcInputs())
            {
                Assert.Equal(0.15, check.LimitLow);
                Assert.Equal(2.45, check.LimitHigh);
                if (!check.Pass)
                {
                    failures.Add($"{check.What}: {check.Min:0.000}-{check.Max:0.000} V");
                }
            }

            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }

        [Fact]
        public void EveryMuxChannelAndAnalogPinIsCheckedOrExemptWithAReason()
        {
            var ids = new HashSet<string>();
            foreach (CheckResult check in DesignChecks.AdcInputs())
            {
                Assert.True(ids.Add(check.Id), "checked twice: " + check.Id);
            }

            for (int ch = 0; ch < Bmu16.MaxCells; ch++)
            {
                Assert.Contains("muxA." + ch, ids);
            }

            var exempt = new HashSet<int>();
            foreach ((int channel, string reason) in DesignChecks.ExemptInputs())
            {
                Assert.False(string.IsNullOrWhiteSpace(reason));
                exempt.Add(channel);
            }

            Assert.Equal(new HashSet<int> { Bmu16.AuxGround }, exempt);
            for (int ch = 0; ch < 16; ch++)
            {
                Assert.True(ids.Contains("muxB." + ch) ^ exempt.Contains(ch), "mux B channel " + ch);
            }

            Assert.Contains("gpio.current", ids);
            Assert.Contains("gpio.currentReference", ids);
        }

        [Fact]
        public void CellChannelWorstCaseIsTheHandComputedCorner()
        {
            // top corner: 3.8 V x INA149 gain +1 % x divider 10.1k / (10.1k + 9.9k), plus the amplifier
            // offset 1 mV and common-mode error 64 V x 10^(-86/20) through the divider, plus 4.5 mV buffer
            double ratio = 10.1 / (10.1 + 9.9);
            double top = (3.8 * 1.01 * ratio) + ((0.001 + (64 * Math.Pow(10, -86.0 / 20))) * ratio) + 0.0045;
            double ratioLow = 9.9 / (9.9 + 10.1);
            double bottom = (2.0 * 0.99 * ratioLow) - ((0.001 + (64 * Math.Pow(10, -86.0 / 20))) * ratioLow) - 0.0045;
            (double min, double max) = DesignChecks.CellChannel();
            Assert.Equal(top, max, 6);
            Assert.Equal(bottom, min, 6);
            Assert.Equal(0.5, Bmu16.CellAmpGainE4 / 10000.0, 6);

            // the top of the envelope stays below raw 2880 (where the 11/12 dB range compresses) on the lowest-Vref
            // chip (full scale 3.1 V x 1000 / 1100) with the smallest zero offset (20 mV), bow and rough INL (16 LSB) on top
            Assert.True(((top - 0.020) * 4095 / (3.1 * 1000 / 1100)) + 16 < 2880, "top " + top);
        }

        [Fact]
        public void CurrentChannelFitsAndTheOriginalGain50AtMidRailWouldNot()
        {
            // INA240A1: 1.25 V x 1.01 + 300 A x 100 uOhm x 1.01 x 20 x 1.01 + 25 uV x 20.2
            double top = (1.25 * 1.01) + (300 * 100e-6 * 1.01 * 20 * 1.01) + (25e-6 * 20 * 1.01);
            (double min, double max) = DesignChecks.CurrentChannel(Bmu16.CurrentAmpGain, Bmu16.CurrentAmpReferenceMv / 1000.0);
            Assert.Equal(top, max, 6);
            Assert.True(min >= 0.15 && max <= 2.45);

            // the first design's INA240A2 (gain 50) at 1.65 V: nominally 1.65 +- 1.5 V = 0.15..3.15 V
            CheckResult original = DesignChecks.OriginalCurrentChannel();
            Assert.False(original.Pass);
            Assert.True(original.Max > 3.1 && original.Min < 0.15);
        }

        [Fact]
        public void NtcAndDividerWindowsMatchTheirFormulas()
        {
            // NTC at -30 C: 10k x exp(3950 (1/243.15 - 1/298.15)) = 20.0k ... x 10 = about 200 kOhm
            double rCold = 10000 * Math.Exp(3950 * ((1 / 243.15) - (1 / 298.15)));
            Assert.InRange(rCold, 195e3, 205e3);
            (double min, double max) = DesignChecks.NtcChannel();
            Assert.True(max > 2.048 * rCold / (rCold + 10000), "worst case must exceed the nominal cold reading");
            Assert.True(min >= 0.15 && max <= 2.45);

            // the dividers the firmware divides by are the ones the BOM lists
            Assert.Equal(Bmu16.ModuleDividerRatio, (V.ModuleDividerTopOhm + V.ModuleDividerBottomOhm) / V.ModuleDividerBottomOhm, 9);
            Assert.Equal(Bmu16.RailDividerRatio, (V.RailDividerTopOhm + V.RailDividerBottomOhm) / V.RailDividerBottomOhm, 9);
            Assert.Equal(Bmu16.CellAmpGainE4 / 10000.0, V.CellDividerBottomOhm / (V.CellDividerTopOhm + V.CellDividerBottomOhm), 9);
            Assert.Equal(Bmu16.RefLowMv, Bmu16.RefMidMv * V.RefLowBottomOhm / (V.RefLowTopOhm + V.RefLowBottomOhm), 9);
            Assert.Equal(Bmu16.RefMidMv, Bmu16.CurrentAmpReferenceMv);
        }

        [Fact]
        public void RatingsHoldAndBleedFiguresAreTheHandComputedOnes()
        {
            var failures = new List<string>();
            var byId = new Dictionary<string, CheckResult>();
            foreach (CheckResult check in DesignChecks.Ratings())
            {
                byId.Add(check.Id, check);
                if (!check.Pass)
                {
                    failures.Add($"{check.What}: {check.Min:0.###}..{check.Max:0.###} {check.Unit} (allowed {check.LimitLow}..{check.LimitHigh})");
                }
            }

            Assert.True(failures.Count == 0, string.Join("\n", failures));

            // 3.65 V across 33 Ohm - 1 %: 111.7 mA, 0.408 W against 1 W derated to half
            Assert.Equal(3.65 / (33 * 0.99) * 1000, byId["bleed.current"].Max, 6);
            Assert.Equal(3.65 * 3.65 / (33 * 0.99) * 1000, byId["bleed.power"].Max, 6);
            Assert.Equal(500, byId["bleed.power"].LimitHigh, 6);

            // INA149 internal op-amp input at 64 V: 64 x 20.2k / (20.2k + 376.2k) = 3.26 V, limit 5 - 1.5
            Assert.Equal(64 * 20.2 / (20.2 + 376.2), byId["cellAmp.commonMode"].Max, 6);
            Assert.Equal(3.5, byId["cellAmp.commonMode"].LimitHigh, 6);
        }

        [Fact]
        public void BillOfMaterialsCountsFollowTheDefinition()
        {
            int amplifiers = 0;
            int bleedResistors = 0;
            int ntcs = 0;
            foreach (BomLine line in Bom.Lines())
            {
                Assert.False(string.IsNullOrWhiteSpace(line.Why), line.Part + " has no reason");
                Assert.True(line.Quantity > 0);
                if (line.Part.StartsWith("INA149", StringComparison.Ordinal))
                {
                    amplifiers += line.Quantity;
                }

                if (line.Part.StartsWith("metal-film resistor 1 W", StringComparison.Ordinal))
                {
                    bleedResistors += line.Quantity;
                    Assert.Equal($"{Bmu16.BleedResistorOhm} Ω", line.Value);
                }

                if (line.Part.StartsWith("NTC", StringComparison.Ordinal))
                {
                    ntcs += line.Quantity;
                }
            }

            Assert.Equal(Bmu16.MaxCells, amplifiers);
            Assert.Equal(Bmu16.MaxCells, bleedResistors);
            Assert.Equal(Bmu16.TemperatureCount, ntcs);
        }
    }
}
