using System;
using System.Collections.Generic;
using BatteryShift.Bms.Board;
using BatteryShift.Wiring.Board;
using V = BatteryShift.Wiring.Board.BoardValues;

namespace BatteryShift.Wiring.Checks
{
    /// <summary>
    /// The design checks of docs/hardware.md over the board definition (<see cref="Bmu16"/>)
    /// and its component values (<see cref="BoardValues"/>): every ADC input inside the usable window
    /// over the whole envelope with every tolerance at its worst (never better than 1 %), and the
    /// ratings that follow from the chosen values.
    /// </summary>
    public static class DesignChecks
    {
        private const int Steps = 110;
        private const double F = V.ToleranceFloor;

        /// <summary>Every ADC input (each mux channel, both direct pins) as a window check.</summary>
        /// <returns>One result per input; mux B channel 13 (ground) is listed by <see cref="ExemptInputs"/> instead.</returns>
        public static IReadOnlyList<CheckResult> AdcInputs()
        {
            var results = new List<CheckResult>();
            (double lo, double hi) cell = CellChannel();
            for (int n = 1; n <= Bmu16.MaxCells; n++)
            {
                results.Add(Window($"muxA.{n - 1}", $"Mux A Y{n - 1}: cell {n} amplifier (GPIO{Bmu16.PinMuxCellsAnalog})", $"cell {V.CellMinV:0.0}-{V.CellMaxV:0.0} V, common mode up to {V.ModuleMaxV:0} V", cell));
            }

            (double lo, double hi) ntc = NtcChannel();
            for (int ch = Bmu16.AuxNtcFirst; ch < Bmu16.AuxNtcFirst + Bmu16.CellNtcCount; ch++)
            {
                results.Add(Window($"muxB.{ch}", $"Mux B Y{ch}: NTC cell group {ch - Bmu16.AuxNtcFirst + 1}", NtcConditions, ntc));
            }

            results.Add(Window($"muxB.{Bmu16.AuxNtcShunt}", $"Mux B Y{Bmu16.AuxNtcShunt}: NTC shunt / busbar", NtcConditions, ntc));
            results.Add(Window($"muxB.{Bmu16.AuxNtcBoard}", $"Mux B Y{Bmu16.AuxNtcBoard}: NTC board", NtcConditions, ntc));
            results.Add(Window($"muxB.{Bmu16.AuxRefHigh}", $"Mux B Y{Bmu16.AuxRefHigh}: REF_HI", "REF3020 initial accuracy, buffer offset", Buffered(Reference(Bmu16.RefHighMv))));
            results.Add(Window($"muxB.{Bmu16.AuxRefMid}", $"Mux B Y{Bmu16.AuxRefMid}: REF_MID", "REF3012 initial accuracy, buffer offset", Buffered(Reference(Bmu16.RefMidMv))));
            results.Add(Window($"muxB.{Bmu16.AuxRefLow}", $"Mux B Y{Bmu16.AuxRefLow}: REF_LO", "REF_MID through the 15.0k/10.0k divider", Buffered(RefLow())));
            results.Add(Window($"muxB.{Bmu16.AuxModuleDivider}", $"Mux B Y{Bmu16.AuxModuleDivider}: module voltage / {Bmu16.ModuleDividerRatio}", $"module {V.ModuleMinV:0}-{V.ModuleMaxV:0} V", Buffered(ModuleDivider())));
            results.Add(Window($"muxB.{Bmu16.AuxRailHalf}", $"Mux B Y{Bmu16.AuxRailHalf}: 3V3 rail / {Bmu16.RailDividerRatio}", "3V3 +-3 %", Buffered(RailDivider())));
            results.Add(Window("gpio.current", $"GPIO{Bmu16.PinCurrentAnalog}: current amplifier (INA240A1, gain {Bmu16.CurrentAmpGain})", $"current -{V.CurrentMaxA:0}..+{V.CurrentMaxA:0} A", CurrentChannel(Bmu16.CurrentAmpGain, Bmu16.CurrentAmpReferenceMv / 1000.0)));
            results.Add(Window("gpio.currentReference", $"GPIO{Bmu16.PinCurrentReferenceAnalog}: current amplifier reference (REF_MID)", "REF3012 initial accuracy", Reference(Bmu16.CurrentAmpReferenceMv)));
            return results;
        }

        /// <summary>Inputs deliberately outside the window, with the reason.</summary>
        /// <returns>Mux B channel and reason.</returns>
        public static IReadOnlyList<(int Channel, string Reason)> ExemptInputs()
        {
            return new List<(int, string)>
            {
                (Bmu16.AuxGround, "ground on purpose: reads 0 counts; a stuck select line or a dead mux shows as a wrong reading here"),
            };
        }

        /// <summary>
        /// The current channel as the first design drew it (docs/hardware.md) (INA240A2, gain 50, referenced to mid-rail
        /// 1.65 V): the check that would have caught it.
        /// </summary>
        /// <returns>The window check of the original design.</returns>
        public static CheckResult OriginalCurrentChannel()
        {
            return Window("gpio.current.original", "GPIO34 with INA240A2 (gain 50) at mid-rail 1.65 V (the first design, docs/hardware.md)", $"current -{V.CurrentMaxA:0}..+{V.CurrentMaxA:0} A", CurrentChannel(V.OriginalCurrentAmpGain, V.OriginalCurrentAmpReferenceV));
        }

        /// <summary>Ratings and operating-range checks that follow from the chosen values.</summary>
        /// <returns>One result per check.</returns>
        public static IReadOnlyList<CheckResult> Ratings()
        {
            var results = new List<CheckResult>();

            // INA149: internal op-amp inputs = Vin x 20k / 400k must stay 1.5 V inside the +-5 V rails.
            double internalMax = V.ModuleMaxV * RatioMax(V.CellAmpInternalDividerOhm, V.CellAmpInputOhm);
            results.Add(new CheckResult("cellAmp.commonMode", "INA149 internal op-amp input at the top cell tap", $"tap at {V.ModuleMaxV:0} V, internal divider 1 %", 0, internalMax, V.CellAmpSupplyNegativeV + V.CellAmpInputHeadroomV, V.CellAmpSupplyPositiveV - V.CellAmpInputHeadroomV, "V"));

            // A failed amplifier at its positive rail must not lift a mux input above the mux supply.
            double railFault = V.CellAmpSupplyPositiveV * RatioMax(V.CellDividerBottomOhm, V.CellDividerTopOhm);
            results.Add(new CheckResult("cellAmp.railFault", "Mux A input with a cell amplifier stuck at +5 V", "divider 1 %, mux supply 3V3 -3 %", 0, railFault, 0, V.LogicSupplyV * (1 - V.LogicSupplyTolerance), "V"));

            // ... nor, at its negative rail, push more than the clamp rating through the mux input diode.
            double rth = Parallel(V.CellDividerTopOhm * (1 - F), V.CellDividerBottomOhm * (1 - F));
            double injection = ((-V.CellAmpSupplyNegativeV * RatioMax(V.CellDividerBottomOhm, V.CellDividerTopOhm)) - V.MuxClampDropV) / rth;
            results.Add(new CheckResult("cellAmp.negativeFault", "Mux A clamp-diode current with a cell amplifier stuck at -5 V", "divider 1 %", 0, injection * 1000, 0, V.MuxClampCurrentMaxA * 1000, "mA"));

            // Sense taps load the cells unevenly through the INA149 inputs (400k each): the bottom cell
            // carries every tap's current, the top cell only its own.
            double bleedMin = V.BleedMinCellV / (Bmu16.BleedResistorOhm * (1 + F));
            results.Add(new CheckResult("senseTaps.imbalance", "Extra drain of cell 1 over cell 16 through the amplifier inputs", $"all cells {V.CellMaxV:0.0} V, 400k -1 %", 0, TapImbalanceA(V.CellMaxV) * 1000, 0, 0.05 * bleedMin * 1000, "mA"));

            double bleedA = V.BleedCheckCellV / (Bmu16.BleedResistorOhm * (1 - F));
            results.Add(new CheckResult("bleed.power", "Bleed resistor dissipation", $"cell {V.BleedCheckCellV:0.00} V, {Bmu16.BleedResistorOhm} ohm -1 %", 0, bleedA * V.BleedCheckCellV * 1000, 0, Bmu16.BleedResistorRatingMw * V.BleedPowerDerating, "mW"));
            results.Add(new CheckResult("bleed.current", "Bleed current against the sense-wire fuse (at most half its rating)", $"cell {V.BleedCheckCellV:0.00} V", 0, bleedA * 1000, 0, V.SenseFuseA * 500, "mA"));
            results.Add(new CheckResult("bleed.gateDrive", "Bleed MOSFET gate-source voltage when on", $"lowest bleeding cell {V.BleedMinCellV:0.00} V, PC817 Vce(sat)", V.BleedMinCellV - V.OptoVceSatV, V.BleedMinCellV - V.OptoVceSatV, V.BleedMosfetVgsSpecV, 12.0, "V"));
            double ledA = ((V.LogicSupplyV * (1 + V.LogicSupplyTolerance)) - V.OptoLedVfMinV) / (V.OptoLedSeriesOhm * (1 - F));
            results.Add(new CheckResult("bleed.registerCurrent", "74HC595 supply current with all eight optocoupler LEDs on", "3V3 +3 %, LED Vf min, 1k -1 %", 0, 8 * ledA * 1000, 0, V.ShiftRegisterPackageMaxA * 1000, "mA"));

            results.Add(new CheckResult("fet.gateDrive", "Power FET gate voltage (driver rail +-5 %)", "12 V rail, 15 V Zener, Vgs max 20 V", V.GateDriveV * 0.95, V.GateDriveV * 1.05, 10.0, Math.Min(V.GateZenerV, V.PowerFetVgsMaxV), "V"));

            double ntcPowerMw = Math.Pow(Bmu16.RefHighMv / 1000.0 * (1 + F), 2) / (4 * Bmu16.NtcPullUpOhm * (1 - F)) * 1000;
            results.Add(new CheckResult("ntc.selfHeating", "NTC self-heating at its worst (NTC = pull-up), 1.5 mW/K bead", "REF_HI +1 %", 0, ntcPowerMw / 1.5, 0, 0.1, "K"));

            double dividerTopV = V.ModuleMaxV * V.ModuleDividerTopOhm / (V.ModuleDividerTopOhm + V.ModuleDividerBottomOhm);
            results.Add(new CheckResult("moduleDivider.voltage", "Voltage across the 290k module-divider resistor (1206, 200 V)", $"module {V.ModuleMaxV:0} V", 0, dividerTopV, 0, 200, "V"));
            return results;
        }

        /// <summary>Cell channel transfer with its tolerances, as the ADC pin sees it.</summary>
        /// <returns>Worst-case range over the cell envelope.</returns>
        public static (double Min, double Max) CellChannel()
        {
            double cmGain = Math.Pow(10, -V.CellAmpCmrrDb / 20);
            return WorstCase.Sweep(
                (vCell, p) => (((vCell * p[0]) + p[3] + p[4]) * p[2] / (p[1] + p[2])) + p[5],
                V.CellMinV,
                V.CellMaxV,
                Steps,
                Param.Relative(1.0, V.CellAmpGainError, F),
                Param.Relative(V.CellDividerTopOhm, V.PrecisionTolerance, F),
                Param.Relative(V.CellDividerBottomOhm, V.PrecisionTolerance, F),
                Param.PlusMinus(V.CellAmpOffsetV),
                Param.PlusMinus(V.ModuleMaxV * cmGain),
                Param.PlusMinus(V.BufferOffsetV));
        }

        /// <summary>NTC divider (ratiometric to REF_HI) as the ADC pin sees it.</summary>
        /// <returns>Worst-case range over the temperature envelope.</returns>
        public static (double Min, double Max) NtcChannel()
        {
            return WorstCase.Sweep(
                (tC, p) =>
                {
                    double r = p[0] * Math.Exp(p[1] * ((1 / (tC + 273.15)) - (1 / 298.15)));
                    return (p[3] * r / (r + p[2])) + p[4];
                },
                V.NtcMinC,
                V.NtcMaxC,
                Steps,
                Param.Relative(Bmu16.NtcR25Ohm, V.NtcR25Tolerance, F),
                Param.Relative(Bmu16.NtcBetaK, V.NtcBetaTolerance, F),
                Param.Relative(Bmu16.NtcPullUpOhm, V.PrecisionTolerance, F),
                Param.Relative(Bmu16.RefHighMv / 1000.0, V.ReferenceTolerance, F),
                Param.PlusMinus(V.BufferOffsetV));
        }

        /// <summary>Current amplifier output for a gain and reference, over +-300 A.</summary>
        /// <param name="gain">Amplifier gain, V/V.</param>
        /// <param name="referenceV">Output reference, volts.</param>
        /// <returns>Worst-case range.</returns>
        public static (double Min, double Max) CurrentChannel(double gain, double referenceV)
        {
            return WorstCase.Sweep(
                (amps, p) => p[3] + (p[2] * ((amps * p[0]) + p[1])),
                -V.CurrentMaxA,
                V.CurrentMaxA,
                Steps,
                Param.Relative(Bmu16.ShuntMicroOhm * 1e-6, V.ShuntTolerance, F),
                Param.PlusMinus(V.CurrentAmpOffsetV),
                Param.Relative(gain, V.CurrentAmpGainError, F),
                Param.Relative(referenceV, V.ReferenceTolerance, F));
        }

        /// <summary>The extra current the bottom cell supplies over the top cell through the sense taps.</summary>
        /// <param name="cellV">Every cell at this voltage.</param>
        /// <returns>Amperes.</returns>
        public static double TapImbalanceA(double cellV)
        {
            // Tap k (k = 1..16, cell k's positive terminal) feeds cell k's +IN and cell k+1's -IN, each
            // about Vtap / 400k to ground. Current from tap k flows through cells 1..k.
            double inputOhm = (V.CellAmpInputOhm + V.CellAmpInternalDividerOhm) * (1 - F);
            double bottom = 0;
            double top = 0;
            for (int k = 1; k <= Bmu16.MaxCells; k++)
            {
                int inputs = k < Bmu16.MaxCells ? 2 : 1;
                double tapA = inputs * k * cellV / inputOhm;
                bottom += tapA;
                if (k == Bmu16.MaxCells)
                {
                    top += tapA;
                }
            }

            return bottom - top;
        }

        private static string NtcConditions => $"{V.NtcMinC:0}..+{V.NtcMaxC:0} C, R25 and beta 1 %, pull-up 1 %, REF_HI 1 %";

        private static (double, double) Reference(int millivolts)
        {
            return WorstCase.Sweep((x, p) => p[0], 0, 0, 0, Param.Relative(millivolts / 1000.0, V.ReferenceTolerance, F));
        }

        private static (double, double) RefLow()
        {
            return WorstCase.Sweep(
                (x, p) => p[0] * p[2] / (p[1] + p[2]),
                0,
                0,
                0,
                Param.Relative(Bmu16.RefMidMv / 1000.0, V.ReferenceTolerance, F),
                Param.Relative(V.RefLowTopOhm, V.PrecisionTolerance, F),
                Param.Relative(V.RefLowBottomOhm, V.PrecisionTolerance, F));
        }

        private static (double, double) ModuleDivider()
        {
            return WorstCase.Sweep(
                (vModule, p) => vModule * p[1] / (p[0] + p[1]),
                V.ModuleMinV,
                V.ModuleMaxV,
                Steps,
                Param.Relative(V.ModuleDividerTopOhm, V.StandardTolerance, F),
                Param.Relative(V.ModuleDividerBottomOhm, V.StandardTolerance, F));
        }

        private static (double, double) RailDivider()
        {
            return WorstCase.Sweep(
                (x, p) => p[0] * p[2] / (p[1] + p[2]),
                0,
                0,
                0,
                Param.Relative(V.LogicSupplyV, V.LogicSupplyTolerance, F),
                Param.Relative(V.RailDividerTopOhm, V.StandardTolerance, F),
                Param.Relative(V.RailDividerBottomOhm, V.StandardTolerance, F));
        }

        private static (double, double) Buffered((double Min, double Max) range)
        {
            return (range.Min - V.BufferOffsetV, range.Max + V.BufferOffsetV);
        }

        private static CheckResult Window(string id, string what, string conditions, (double Min, double Max) range)
        {
            return new CheckResult(id, what, conditions, range.Min, range.Max, V.AdcMinV, V.AdcMaxV, "V");
        }

        private static double RatioMax(double lower, double upper)
        {
            double lo = lower * (1 + F);
            return lo / (lo + (upper * (1 - F)));
        }

        private static double Parallel(double a, double b)
        {
            return a * b / (a + b);
        }
    }
}
