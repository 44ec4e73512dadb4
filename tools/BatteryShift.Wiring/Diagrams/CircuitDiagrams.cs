using System.Text;
using BatteryShift.Bms.Board;
using BatteryShift.Wiring.Checks;
using V = BatteryShift.Wiring.Board.BoardValues;

namespace BatteryShift.Wiring.Diagrams
{
    /// <summary>The circuit blocks of the BMU-16, one diagram each, with values from the definition.</summary>
    public static class CircuitDiagrams
    {
        private const string HvFill = "#ffebee";
        private const string LogicFill = "#e3f2fd";
        private const string AnalogFill = "#e8f5e9";
        private const string GateFill = "#fff3e0";
        private const string NoteFill = "#fffde7";
        private const string PartFill = "#ffffff";

        /// <summary>A GPIO with its dev-board header position, for example "GPIO22 (J3-3)".</summary>
        /// <param name="gpio">GPIO number.</param>
        /// <returns>Text.</returns>
        public static string G(int gpio)
        {
            BatteryShift.Wiring.Board.HeaderPin? pin = BatteryShift.Wiring.Board.DevKitC.Find(gpio);
            return pin == null ? $"GPIO{gpio}" : $"GPIO{gpio} ({pin.Header}-{pin.Number})";
        }

        /// <summary>Formats a resistance the way it is printed on a schematic.</summary>
        /// <param name="ohms">Resistance in ohms.</param>
        /// <returns>For example "10.0 kΩ", "290 kΩ", "33 Ω".</returns>
        public static string Ohm(double ohms)
        {
            if (ohms >= 1e6)
            {
                return Dot.N(ohms / 1e6, ohms >= 1e7 ? "0" : "0.0") + " MΩ";
            }

            if (ohms >= 1e3)
            {
                double k = ohms / 1e3;
                return Dot.N(k, k >= 100 ? "0" : "0.0") + " kΩ";
            }

            return Dot.N(ohms, "0.##") + " Ω";
        }

        /// <summary>One cell's difference-amplifier channel.</summary>
        /// <returns>DOT source.</returns>
        public static string CellChannel()
        {
            (double lo, double hi) = DesignChecks.CellChannel();
            double gain = Bmu16.CellAmpGainE4 / 10000.0;
            var d = new Dot("cell_channel", $"One cell channel (cell n of 1..{Bmu16.MaxCells}): difference amplifier, gain {Dot.N(gain, "0.0")} V/V, into mux A", "TB");
            d.Node("tap_hi", "cell n + terminal\n(sense tap n)", HvFill, "cds");
            d.Node("tap_lo", "cell n − terminal\n(sense tap n−1;\ntap 0 = B−)", HvFill, "cds");
            d.Node("fuse_hi", $"F: {Dot.N(V.SenseFuseA * 1000, "0")} mA fast fuse\nat the cell end\nof the sense wire", PartFill);
            d.Node("fuse_lo", $"F: {Dot.N(V.SenseFuseA * 1000, "0")} mA fast fuse\n(shared with cell n−1)", PartFill);
            d.Node("ina", $"INA149 (one per cell)\nunity gain, laser-trimmed\n{Ohm(V.CellAmpInputOhm)} / {Ohm(V.CellAmpInternalDividerOhm)} inside\nV+ = +5 V, V− = −5 V\nREFA = REFB = GND\nOUT = (+IN) − (−IN)", AnalogFill);
            d.Node("r_top", $"R {Ohm(V.CellDividerTopOhm)}\n0.1 %, 25 ppm/K", PartFill);
            d.Node("r_bot", $"R {Ohm(V.CellDividerBottomOhm)}\n0.1 %, 25 ppm/K", PartFill);
            d.Node("gnd1", "GND (B−)", "#e0e0e0", "invtriangle");
            d.Node("mux", "mux A (CD74HC4067)\ninput Y(n−1)\ncell 1 = Y0 … cell 16 = Y15", LogicFill);
            d.Node("buf", "MCP6002 follower\n(3.3 V)", AnalogFill);
            d.Node("rc", $"{Ohm(V.AdcPinSeriesOhm)} series\n{Dot.N(V.AdcPinCapacitorNf, "0")} nF C0G to GND", PartFill);
            d.Node("adc", $"ESP32 {G(Bmu16.PinMuxCellsAnalog)}\nADC1 channel {Bmu16.AdcMuxCells}", LogicFill);
            d.Edge("tap_hi", "fuse_hi", "", Dot.HighVoltage);
            d.Edge("fuse_hi", "ina", "+IN (pin 3)", Dot.HighVoltage);
            d.Edge("tap_lo", "fuse_lo", "", Dot.HighVoltage);
            d.Edge("fuse_lo", "ina", "−IN (pin 2)", Dot.HighVoltage);
            d.Edge("ina", "r_top", "OUT (pin 6)\n= Vcell", Dot.Analog);
            d.Edge("r_top", "r_bot", $"node:\n{Dot.N(gain, "0.0")} × Vcell", Dot.Analog, false);
            d.Edge("r_bot", "gnd1", "", Dot.Ground, false);
            d.Edge("r_top", "mux", $"{Dot.N(gain, "0.0")} × Vcell", Dot.Analog);
            d.Edge("mux", "buf", "Z (common)", Dot.Analog);
            d.Edge("buf", "rc", "", Dot.Analog);
            d.Edge("rc", "adc", "", Dot.Analog);
            d.Node("note", $"{G(Bmu16.PinMuxCellsAnalog)} = {Dot.N(gain, "0.0")} × Vcell:  2.00 V → {Dot.N(2.0 * gain, "0.000")} V,  3.20 V → {Dot.N(3.2 * gain, "0.000")} V,  3.80 V → {Dot.N(3.8 * gain, "0.000")} V\n" +
                $"worst case over {Dot.N(V.CellMinV, "0.0")}-{Dot.N(V.CellMaxV, "0.0")} V, all tolerances ≥ 1 %, common mode to {Dot.N(V.ModuleMaxV, "0")} V: {Dot.N(lo, "0.000")}-{Dot.N(hi, "0.000")} V (window {Dot.N(V.AdcMinV, "0.00")}-{Dot.N(V.AdcMaxV, "0.00")} V)\n" +
                $"amplifier stuck at +5 V gives at most {Dot.N(RailFaultV(), "0.00")} V at the mux: below its 3.3 V supply\n" +
                "the bleed resistor of cell n hangs on the same two taps (bleed diagram): read cells with bleeders off", NoteFill, "note").Raw("{ rank=sink; note; }");
            d.Same("tap_hi", "tap_lo");
            return d.End();
        }

        private static double RailFaultV()
        {
            foreach (CheckResult check in DesignChecks.Ratings())
            {
                if (check.Id == "cellAmp.railFault")
                {
                    return check.Max;
                }
            }

            return double.NaN;
        }

        /// <summary>Both muxes, their select lines and the references.</summary>
        /// <returns>DOT source.</returns>
        public static string MuxesAndReferences()
        {
            var d = new Dot("muxes_references", "The two multiplexers, the select lines and the references");
            var muxA = new StringBuilder("<table border=\"0\" cellborder=\"1\" cellspacing=\"0\" cellpadding=\"3\" bgcolor=\"#e3f2fd\"><tr><td colspan=\"2\"><b>mux A: CD74HC4067</b><br/>VCC 3V3 (pin 24), GND (pin 12), /E (pin 15) to GND</td></tr>");
            for (int ch = 0; ch < 16; ch++)
            {
                muxA.Append($"<tr><td port=\"y{ch}\">Y{ch} (pin {MuxPin(ch)})</td><td align=\"left\">cell {ch + 1} amp (0.6 × V)</td></tr>");
            }

            muxA.Append("<tr><td port=\"z\" colspan=\"2\"><b>Z</b> (common, pin 1)</td></tr><tr><td port=\"s\" colspan=\"2\">S0 S1 S2 S3</td></tr></table>");
            d.HtmlNode("muxa", muxA.ToString());

            var muxB = new StringBuilder("<table border=\"0\" cellborder=\"1\" cellspacing=\"0\" cellpadding=\"3\" bgcolor=\"#e3f2fd\"><tr><td colspan=\"2\"><b>mux B: CD74HC4067</b><br/>VCC 3V3 (pin 24), GND (pin 12), /E (pin 15) to GND</td></tr>");
            for (int ch = 0; ch < 16; ch++)
            {
                muxB.Append($"<tr><td port=\"y{ch}\">Y{ch} (pin {MuxPin(ch)})</td><td align=\"left\">{Dot.Html(AuxName(ch))}</td></tr>");
            }

            muxB.Append("<tr><td port=\"z\" colspan=\"2\"><b>Z</b> (common, pin 1)</td></tr><tr><td port=\"s\" colspan=\"2\">S0 S1 S2 S3</td></tr></table>");
            d.HtmlNode("muxb", muxB.ToString());

            d.Node("sel", $"ESP32 select lines\n{G(Bmu16.PinMuxS0)} → S0 (pin 10)\n{G(Bmu16.PinMuxS1)} → S1 (pin 11)\n{G(Bmu16.PinMuxS2)} → S2 (pin 14)\n{G(Bmu16.PinMuxS3)} → S3 (pin 13)\nto both muxes", LogicFill);
            d.Edge("sel", "muxa:s:w", "S0..S3", Dot.Logic);
            d.Edge("sel", "muxb:s:w", "S0..S3", Dot.Logic);
            d.Node("bufa", "MCP6002 A\nfollower", AnalogFill);
            d.Node("bufb", "MCP6002 B\nfollower", AnalogFill);
            d.Node("adca", $"{Ohm(V.AdcPinSeriesOhm)} + {Dot.N(V.AdcPinCapacitorNf, "0")} nF\n→ {G(Bmu16.PinMuxCellsAnalog)} (ADC1 ch {Bmu16.AdcMuxCells})", LogicFill);
            d.Node("adcb", $"{Ohm(V.AdcPinSeriesOhm)} + {Dot.N(V.AdcPinCapacitorNf, "0")} nF\n→ {G(Bmu16.PinMuxAuxAnalog)} (ADC1 ch {Bmu16.AdcMuxAux})", LogicFill);
            d.Edge("muxa:z:e", "bufa", "", Dot.Analog);
            d.Edge("bufa", "adca", "", Dot.Analog);
            d.Edge("muxb:z:e", "bufb", "", Dot.Analog);
            d.Edge("bufb", "adcb", "", Dot.Analog);

            d.Node("refhi", $"REF3020 (±0.2 %)\nIN 3V3, 1 µF out\nREF_HI {Dot.N(Bmu16.RefHighMv / 1000.0, "0.000")} V", AnalogFill);
            d.Node("refmid", $"REF3012 (±0.2 %)\nIN 3V3, 1 µF out\nREF_MID {Dot.N(Bmu16.RefMidMv / 1000.0, "0.000")} V", AnalogFill);
            d.Node("reflo", $"REF_MID → {Ohm(V.RefLowTopOhm)} → REF_LO → {Ohm(V.RefLowBottomOhm)} → GND\n(0.1 %)  REF_LO {Dot.N(Bmu16.RefMidMv * V.RefLowBottomOhm / (V.RefLowTopOhm + V.RefLowBottomOhm) / 1000.0, "0.000")} V", AnalogFill);
            d.Node("mod", $"B+ (after F1) → {Ohm(V.ModuleDividerTopOhm)} (1206, 200 V)\n→ node → {Ohm(V.ModuleDividerBottomOhm)} → GND: V/{Bmu16.ModuleDividerRatio}", HvFill);
            d.Node("rail", $"3V3 → {Ohm(V.RailDividerTopOhm)} → node → {Ohm(V.RailDividerBottomOhm)} → GND: V/{Bmu16.RailDividerRatio}", LogicFill);
            d.Node("ntcs", $"NTC dividers ×{Bmu16.TemperatureCount}\n(NTC diagram)", AnalogFill);
            d.Node("gnd", "GND (B−)", "#e0e0e0", "invtriangle");
            d.Node("ina240", $"INA240A1 REF1 + REF2\nand {G(Bmu16.PinCurrentReferenceAnalog)} (current diagram)", AnalogFill);
            d.Edge("refhi", $"muxb:y{Bmu16.AuxRefHigh}:w", "REF_HI", Dot.Analog);
            d.Edge("refhi", "ntcs", "pull-up supply", Dot.Analog);
            d.Edge("refmid", $"muxb:y{Bmu16.AuxRefMid}:w", "REF_MID", Dot.Analog);
            d.Edge("refmid", "reflo", "", Dot.Analog);
            d.Edge("refmid", "ina240", "REF_MID", Dot.Analog);
            d.Edge("reflo", $"muxb:y{Bmu16.AuxRefLow}:w", "REF_LO", Dot.Analog);
            d.Edge("gnd", $"muxb:y{Bmu16.AuxGround}:w", "GND", Dot.Ground);
            d.Edge("mod", $"muxb:y{Bmu16.AuxModuleDivider}:w", "B+ / 30", Dot.HighVoltage);
            d.Edge("rail", $"muxb:y{Bmu16.AuxRailHalf}:w", "3V3 / 2", Dot.Logic);
            d.Edge("ntcs", $"muxb:y{Bmu16.AuxNtcFirst}:w", $"Y{Bmu16.AuxNtcFirst}..Y{Bmu16.AuxNtcBoard}", Dot.Analog);
            d.Node("amps", $"cell amplifiers 1..{Bmu16.MaxCells}\n(cell channel diagram)", AnalogFill);
            d.Edge("amps", "muxa:y0:w", "Y0..Y15", Dot.Analog);
            return d.End();
        }

        /// <summary>The NTC dividers.</summary>
        /// <returns>DOT source.</returns>
        public static string Ntc()
        {
            (double lo, double hi) = DesignChecks.NtcChannel();
            var d = new Dot("ntc", $"NTC dividers (×{Bmu16.TemperatureCount}), ratiometric to REF_HI", "TB");
            d.Node("refhi", $"REF_HI {Dot.N(Bmu16.RefHighMv / 1000.0, "0.000")} V\n(REF3020)", AnalogFill);
            d.Node("rpu", $"pull-up {Ohm(Bmu16.NtcPullUpOhm)}\n0.1 %, 25 ppm/K\n(one per NTC, on the board)", PartFill);
            d.Node("ntc", $"NTC {Ohm(Bmu16.NtcR25Ohm)} at 25 °C\nB = {Bmu16.NtcBetaK} K, 1 %\n(epoxy bead on a lug,\ntwisted pair to the board)", "#fce4ec");
            d.Node("gnd", "GND (B−)", "#e0e0e0", "invtriangle");
            d.Node("mux", "mux B input Yk", LogicFill);
            d.Edge("refhi", "rpu", "", Dot.Analog);
            d.Edge("rpu", "ntc", "node k", Dot.Analog, false);
            d.Edge("ntc", "gnd", "", Dot.Ground, false);
            d.Edge("rpu", "mux", "V = REF_HI × Rntc / (Rntc + 10k)", Dot.Analog);
            var table = new StringBuilder("<table border=\"0\" cellborder=\"1\" cellspacing=\"0\" cellpadding=\"4\"><tr><td bgcolor=\"#cfd8dc\"><b>mux B</b></td><td bgcolor=\"#cfd8dc\"><b>NTC placed on</b></td></tr>");
            for (int ch = Bmu16.AuxNtcFirst; ch <= Bmu16.AuxNtcBoard; ch++)
            {
                table.Append($"<tr><td>Y{ch}</td><td align=\"left\">{Dot.Html(AuxName(ch))}</td></tr>");
            }

            table.Append("</table>");
            d.HtmlNode("where", table.ToString());
            var values = new StringBuilder("<table border=\"0\" cellborder=\"1\" cellspacing=\"0\" cellpadding=\"4\"><tr><td bgcolor=\"#cfd8dc\"><b>°C</b></td><td bgcolor=\"#cfd8dc\"><b>R NTC</b></td><td bgcolor=\"#cfd8dc\"><b>V at mux</b></td></tr>");
            foreach (double t in new[] { -30.0, 0.0, 25.0, 45.0, 80.0 })
            {
                double r = Bmu16.NtcR25Ohm * System.Math.Exp(Bmu16.NtcBetaK * ((1 / (t + 273.15)) - (1 / 298.15)));
                double v = Bmu16.RefHighMv / 1000.0 * r / (r + Bmu16.NtcPullUpOhm);
                values.Append($"<tr><td>{Dot.N(t, "0")}</td><td>{Dot.Html(Ohm(r))}</td><td>{Dot.N(v, "0.000")} V</td></tr>");
            }

            values.Append($"<tr><td colspan=\"3\">worst case −30..+80 °C, tolerances ≥ 1 %:<br/>{Dot.N(lo, "0.000")}-{Dot.N(hi, "0.000")} V (window 0.15-2.45 V)</td></tr>");
            values.Append("<tr><td colspan=\"3\">open NTC reads REF_HI (2.048 V), shorted reads 0 V:<br/>both are sensor faults, not temperatures</td></tr></table>");
            d.HtmlNode("values", values.ToString());
            return d.End();
        }

        /// <summary>The current shunt and amplifier.</summary>
        /// <returns>DOT source.</returns>
        public static string Current()
        {
            (double lo, double hi) = DesignChecks.CurrentChannel(Bmu16.CurrentAmpGain, Bmu16.CurrentAmpReferenceMv / 1000.0);
            double mvPerA = Bmu16.CurrentAmpGain * Bmu16.ShuntMicroOhm / 1000.0;
            double refV = Bmu16.CurrentAmpReferenceMv / 1000.0;
            var d = new Dot("current", $"Current: {Bmu16.ShuntMicroOhm} µΩ low-side shunt, INA240A1 (gain {Bmu16.CurrentAmpGain}) referenced to REF_MID", "TB");
            d.Node("bneg", "B− (cell 1 − terminal)\nboard GND star point\nat the shunt's B− Kelvin screw", HvFill, "cds");
            d.Node("shunt", $"shunt {Bmu16.ShuntMicroOhm} µΩ\n(500 A / 50 mV panel shunt,\nclass 0.5; 9 W at 300 A)", "#fce4ec");
            d.Node("fets", "to the discharge FETs\n(FET diagram)", HvFill, "cds");
            d.Node("ina", $"INA240A1 (gain {Bmu16.CurrentAmpGain})\nVS 3V3 + 100 nF\nGND to B−\nREF1 = REF2 = REF_MID", AnalogFill);
            d.Node("refmid", $"REF_MID {Dot.N(refV, "0.000")} V\n(REF3012)", AnalogFill);
            d.Node("rc1", $"{Ohm(V.AdcPinSeriesOhm)} + {Dot.N(V.AdcPinCapacitorNf, "0")} nF", PartFill);
            d.Node("rc2", $"{Ohm(V.AdcPinSeriesOhm)} + {Dot.N(V.AdcPinCapacitorNf, "0")} nF", PartFill);
            d.Node("adc1", $"ESP32 {G(Bmu16.PinCurrentAnalog)}\nADC1 channel {Bmu16.AdcCurrent}", LogicFill);
            d.Node("adc2", $"ESP32 {G(Bmu16.PinCurrentReferenceAnalog)}\nADC1 channel {Bmu16.AdcCurrentReference}", LogicFill);
            d.Edge("bneg", "shunt", "main current", Dot.HighVoltage, false);
            d.Edge("shunt", "fets", "", Dot.HighVoltage, false);
            d.Edge("bneg", "ina", "Kelvin sense → IN+", Dot.Analog);
            d.Edge("fets", "ina", "Kelvin sense → IN−", Dot.Analog);
            d.Edge("refmid", "ina", "REF1, REF2", Dot.Analog);
            d.Edge("ina", "rc1", "OUT", Dot.Analog);
            d.Edge("rc1", "adc1", "", Dot.Analog);
            d.Edge("refmid", "rc2", "", Dot.Analog);
            d.Edge("rc2", "adc2", "", Dot.Analog);
            d.Node("note", $"OUT = REF_MID + {Bmu16.CurrentAmpGain} × {Bmu16.ShuntMicroOhm} µΩ × I = {Dot.N(refV, "0.00")} V + {Dot.N(mvPerA, "0.0")} mV/A × I   (I > 0 charging)\n" +
                $"+300 A → {Dot.N(refV + (0.3 * mvPerA), "0.00")} V,  0 A → {Dot.N(refV, "0.00")} V,  −300 A → {Dot.N(refV - (0.3 * mvPerA), "0.00")} V;  worst case, tolerances ≥ 1 %: {Dot.N(lo, "0.000")}-{Dot.N(hi, "0.000")} V\n" +
                $"firmware current = (V(GPIO{Bmu16.PinCurrentAnalog}) − V(GPIO{Bmu16.PinCurrentReferenceAnalog})) / {Dot.N(mvPerA, "0.0")} mV/A: the reference drift cancels\n" +
                "not INA240A2 (gain 50) at mid-rail: ±300 A would swing 1.65 ± 1.5 V, outside 0.15-2.45 V", NoteFill, "note").Raw("{ rank=sink; note; }");
            return d.End();
        }

        /// <summary>One bleed channel and the shift registers.</summary>
        /// <returns>DOT source.</returns>
        public static string Bleed()
        {
            double amps = V.BleedCheckCellV / Bmu16.BleedResistorOhm;
            var d = new Dot("bleed", $"Bleeding: two 74HC595, one channel per cell ({Bmu16.BleedResistorOhm} Ω {Bmu16.BleedResistorRatingMw / 1000} W)", "TB");
            d.Node("esp", $"ESP32\n{G(Bmu16.PinBleedData)} → DS (pin 14) of #1\n{G(Bmu16.PinBleedClock)} → SHCP (pin 11) of both\n{G(Bmu16.PinBleedLatch)} → STCP (pin 12) of both\n{G(Bmu16.PinBleedOutputEnable)} → /OE (pin 13) of both", LogicFill);
            d.Node("pu", $"{Ohm(V.PullUpOhm)} /OE to 3V3:\noutputs off from reset", PartFill);
            d.Node("sr1", "74HC595 #1 (3V3)\nQA..QH = cells 1..8\n/MR (pin 10) to 3V3\nQH' (pin 9) → DS of #2", LogicFill);
            d.Node("sr2", "74HC595 #2 (3V3)\nQA..QH = cells 9..16\n/MR to 3V3", LogicFill);
            d.Node("rled", $"{Ohm(V.OptoLedSeriesOhm)}", PartFill);
            d.Node("opto", "PC817 optocoupler\nLED: anode from 1 kΩ,\ncathode to GND\ntransistor: collector = cell n +,\nemitter = gate", "#f3e5f5");
            d.Node("rg", $"{Ohm(V.BleedGatePullDownOhm)}\ngate to source", PartFill);
            d.Node("fet", "AO3400A N-MOSFET\n30 V, 5.7 A, SOT-23\nsource = cell n −", GateFill);
            d.Node("rb", $"{Bmu16.BleedResistorOhm} Ω {Bmu16.BleedResistorRatingMw / 1000} W 1 %\n(on copper, away\nfrom the NTCs)", "#fce4ec");
            d.Node("tap_hi", "cell n + (after the\nsense-wire fuse)", HvFill, "cds");
            d.Node("tap_lo", "cell n −", HvFill, "cds");
            d.Edge("esp", "sr1", "DS, SHCP, STCP, /OE", Dot.Logic);
            d.Edge("esp", "sr2", "SHCP, STCP, /OE", Dot.Logic);
            d.Edge("pu", "esp", "GPIO" + Bmu16.PinBleedOutputEnable, Dot.Logic, false);
            d.Edge("sr1", "sr2", "QH' → DS", Dot.Logic);
            d.Edge("sr1", "rled", "Q of cell n", Dot.Logic);
            d.Edge("rled", "opto", "LED", Dot.Logic);
            d.Edge("tap_hi", "opto", "collector", Dot.HighVoltage);
            d.Edge("opto", "fet", "gate", Dot.Gate);
            d.Edge("rg", "fet", "", Dot.Gate, false);
            d.Edge("tap_hi", "rb", "", Dot.HighVoltage);
            d.Edge("rb", "fet", "drain", Dot.HighVoltage);
            d.Edge("fet", "tap_lo", "source", Dot.HighVoltage);
            d.Edge("rg", "tap_lo", "", Dot.HighVoltage, false);
            d.Node("note", $"bit n−1 of the bleed mask = cell n; the mask is shifted out cell 16 first, then latched\n" +
                $"at {Dot.N(V.BleedCheckCellV, "0.00")} V: {Dot.N(amps * 1000, "0")} mA, {Dot.N(amps * V.BleedCheckCellV, "0.00")} W per resistor (rating {Bmu16.BleedResistorRatingMw / 1000} W); 16 on at once: {Dot.N(16 * amps * V.BleedCheckCellV, "0.0")} W of heat\n" +
                "the bleed current flows in the sense wires and their fuses: cells are measured with bleeders off", NoteFill, "note").Raw("{ rank=sink; note; }");
            return d.End();
        }

        /// <summary>The charge and discharge FET drivers.</summary>
        /// <returns>DOT source.</returns>
        public static string FetDrivers()
        {
            var d = new Dot("fet_drivers", "FET drivers: low-side discharge and charge MOSFETs (common drain)", "TB");
            d.Node("g33", $"ESP32 {G(Bmu16.PinDischargeFet)}\nDSG_EN, active high\n{Ohm(V.FetEnablePullDownOhm)} to GND: off at reset", LogicFill);
            d.Node("g32", $"ESP32 {G(Bmu16.PinChargeFet)}\nCHG_EN, active high\n{Ohm(V.FetEnablePullDownOhm)} to GND: off at reset", LogicFill);
            d.Node("ucc", "UCC27517 low-side driver\nVDD 12 V, GND = B−\nIN+ from GPIO33, IN− to GND\n(inputs pulled down inside)", GateFill);
            d.Node("nmos", $"2N7002\ngate from {G(Bmu16.PinChargeFet)}", LogicFill);
            d.Node("fod", $"FOD3180 opto gate driver\nLED: 3V3 → {Ohm(V.ChargeDriverLedSeriesOhm)} → anode,\ncathode → 2N7002 drain\noutput side: VCC = iso +12 V,\nVEE = P−", GateFill);
            d.Node("iso", "B1212S-1W isolated DC-DC\n12 V in (B−) → 12 V out (P−)", GateFill);
            d.Node("dsg", $"Q_DSG: {V.PowerFetsPerDirection} × N-MOSFET 100 V\nin parallel, each {Ohm(V.GateSeriesOhm)} gate R\n{Ohm(V.GateSourceOhm)} + {Dot.N(V.GateZenerV, "0")} V Zener gate-source\nsource → shunt (B− side)", "#fce4ec");
            d.Node("chg", $"Q_CHG: {V.PowerFetsPerDirection} × N-MOSFET 100 V\nin parallel, each {Ohm(V.GateSeriesOhm)} gate R\n{Ohm(V.GateSourceOhm)} + {Dot.N(V.GateZenerV, "0")} V Zener gate-source\nsource → P−", "#fce4ec");
            d.Node("shunt", "shunt (FET side)", HvFill, "cds");
            d.Node("pneg", "P− (load and\ncharger negative)", HvFill, "cds");
            d.Edge("g33", "ucc", "IN+", Dot.Logic);
            d.Edge("ucc", "dsg", "OUT → gates", Dot.Gate);
            d.Edge("g32", "nmos", "gate", Dot.Logic);
            d.Edge("nmos", "fod", "sinks LED current", Dot.Logic);
            d.Edge("iso", "fod", "iso 12 V", Dot.Gate);
            d.Edge("fod", "chg", "VO → gates", Dot.Gate);
            d.Edge("shunt", "dsg", "source", Dot.HighVoltage, false);
            d.Edge("dsg", "chg", "drains joined", Dot.HighVoltage, false);
            d.Edge("chg", "pneg", "source", Dot.HighVoltage, false);
            d.Node("note", "body diodes: Q_DSG off still lets charge current in, Q_CHG off still lets discharge current out\n" +
                "the charge FET's source is P−, which floats against B− when the discharge FET is open: hence the isolated driver\n" +
                $"both enables are pulled down and the drivers' inputs too: FETs open while the ESP32 is in reset, boots or is absent", NoteFill, "note").Raw("{ rank=sink; note; }");
            return d.End();
        }

        /// <summary>COM2 to a USB-serial adapter.</summary>
        /// <returns>DOT source.</returns>
        public static string Com2()
        {
            var d = new Dot("com2", $"Serial monitor: COM2 to a 3.3 V USB-serial adapter ({Bmu16.SerialBaud} 8N1)", "TB");
            d.Node("esp", $"ESP32 dev board\n{G(Bmu16.PinSerialTx)} = COM2 TX\n{G(Bmu16.PinSerialRx)} = COM2 RX ({Ohm(V.PullUpOhm)} to 3V3)\nGND", LogicFill);
            d.Node("usb", "USB-serial adapter\n(CP2102, CH340 or FT232R)\nlogic jumper at 3.3 V\nits VCC / 5V pin: not connected", "#f3e5f5");
            d.Node("pc", "PC: terminal or\nBatteryShift.Monitor\n115200 8N1", PartFill);
            d.Edge("esp", "usb", $"{G(Bmu16.PinSerialTx)} TX → RXD", Dot.Logic);
            d.Edge("usb", "esp", $"TXD → RX {G(Bmu16.PinSerialRx)}", Dot.Logic);
            d.Edge("esp", "usb", "GND — GND", Dot.Ground, false);
            d.Edge("usb", "pc", "USB", Dot.Logic);
            d.Node("note", "board GND is B−, the module negative: the adapter ties it to the PC's ground\n" +
                "on the bench use a laptop on battery; for a permanent link use an isolated adapter (or an ADuM1201 between the board and the adapter)\n" +
                "COM1 (GPIO1/3, the dev board's own USB) is nanoFramework's debugger and deployment port", NoteFill, "note").Raw("{ rank=sink; note; }");
            return d.End();
        }

        /// <summary>Power supply of the board.</summary>
        /// <returns>DOT source.</returns>
        public static string Power()
        {
            var d = new Dot("power", "Power: from the module to 12 V, 5 V, −5 V and 3.3 V", "TB");
            d.Node("bpos", $"B+ (module +)\n{Dot.N(V.ModuleMinV, "0")}-{Dot.N(V.ModuleMaxV, "0")} V design range", HvFill, "cds");
            d.Node("f1", $"F1 {Dot.N(V.SupplyFuseA, "0")} A fast fuse\n(at the module terminal)", PartFill);
            d.Node("d1", "S1B diode\n(reverse polarity)", PartFill);
            d.Node("tvs", "SMBJ64A TVS\nto GND", PartFill);
            d.Node("buck12", "12 V buck, 100 V input\n(LM5164 or a 8-100 V\nto 12 V module)", GateFill);
            d.Node("buck5", "5 V buck, ≥ 500 mA\n(e.g. D24V5F5)", "#fffde7");
            d.Node("cp", "LM2776 charge pump\n5 V → −5 V", AnalogFill);
            d.Node("jp1", "JP1 jumper\n(remove before plugging\nUSB into the dev board)", PartFill);
            d.Node("devkit", "dev board 5V pin (J2-19)\non-board AMS1117 → 3V3", LogicFill);
            d.Node("v33", "3V3 rail (dev board J2-1):\nmuxes, MCP6002, REF3020, REF3012,\nINA240, 74HC595 ×2, PC817 LEDs,\nFOD3180 LED, pull-ups", LogicFill);
            d.Node("drv", "UCC27517 VDD;\nB1212S isolated DC-DC\n→ FOD3180 (charge FETs)", GateFill);
            d.Node("ina149", $"INA149 ×{Bmu16.MaxCells}\nV+ = +5 V, V− = −5 V", AnalogFill);
            d.Node("div", $"module divider {Ohm(V.ModuleDividerTopOhm)} / {Ohm(V.ModuleDividerBottomOhm)}\n→ mux B Y{Bmu16.AuxModuleDivider}", HvFill);
            d.Node("gnd", "GND (B−)", "#e0e0e0", "invtriangle");
            d.Edge("bpos", "f1", "", Dot.HighVoltage);
            d.Edge("f1", "div", "", Dot.HighVoltage);
            d.Edge("f1", "d1", "", Dot.HighVoltage);
            d.Edge("d1", "tvs", "", Dot.HighVoltage, false);
            d.Edge("d1", "buck12", "", Dot.HighVoltage);
            d.Edge("buck12", "drv", "12 V", Dot.Gate);
            d.Edge("buck12", "buck5", "12 V", Dot.Gate);
            d.Edge("buck5", "jp1", "5 V", Dot.Logic);
            d.Edge("jp1", "devkit", "5 V", Dot.Logic);
            d.Edge("devkit", "v33", "3.3 V", Dot.Logic);
            d.Edge("buck5", "cp", "5 V", Dot.Logic);
            d.Edge("buck5", "ina149", "+5 V", Dot.Logic);
            d.Edge("cp", "ina149", "−5 V", Dot.Analog);
            d.Edge("tvs", "gnd", "", Dot.Ground, false);
            d.Node("note", "every converter, the dev board and the analog parts share one ground: B−, taken at the shunt's B− side\n" +
                "so the module current never flows in the signal ground; the board takes about 0.5-1 W from the module", NoteFill, "note").Raw("{ rank=sink; note; }");
            return d.End();
        }

        /// <summary>CD74HC4067 package pin (DIP/SOIC-24) of a channel input.</summary>
        /// <param name="channel">Channel 0..15.</param>
        /// <returns>Pin number: I0..I7 are pins 9..2, I8..I15 are pins 23..16.</returns>
        public static int MuxPin(int channel)
        {
            return channel < 8 ? 9 - channel : 31 - channel;
        }

        /// <summary>People's name of a mux B channel, from the definition.</summary>
        /// <param name="channel">Mux B channel 0..15.</param>
        /// <returns>Name.</returns>
        public static string AuxName(int channel)
        {
            if (channel >= Bmu16.AuxNtcFirst && channel < Bmu16.AuxNtcFirst + Bmu16.CellNtcCount)
            {
                int group = channel - Bmu16.AuxNtcFirst;
                return $"NTC cells {Bmu16.FirstCellOfNtc(group, Bmu16.MaxCells) + 1}-{Bmu16.LastCellOfNtc(group, Bmu16.MaxCells) + 1}";
            }

            return channel switch
            {
                Bmu16.AuxNtcShunt => "NTC shunt / busbar",
                Bmu16.AuxNtcBoard => "NTC board (bleed resistors)",
                Bmu16.AuxRefHigh => $"REF_HI {Dot.N(Bmu16.RefHighMv / 1000.0, "0.000")} V",
                Bmu16.AuxRefMid => $"REF_MID {Dot.N(Bmu16.RefMidMv / 1000.0, "0.000")} V",
                Bmu16.AuxRefLow => $"REF_LO {Dot.N(Bmu16.RefLowMv / 1000.0, "0.000")} V",
                Bmu16.AuxGround => "GND",
                Bmu16.AuxModuleDivider => $"module voltage / {Bmu16.ModuleDividerRatio}",
                Bmu16.AuxRailHalf => $"3V3 rail / {Bmu16.RailDividerRatio}",
                _ => "unused",
            };
        }
    }
}
