using System.Collections.Generic;
using System.Text;
using BatteryShift.Bms.Board;
using BatteryShift.Wiring.Diagrams;
using V = BatteryShift.Wiring.Board.BoardValues;

namespace BatteryShift.Wiring.Documents
{
    /// <summary>One line of the bill of materials.</summary>
    /// <param name="Block">Diagram it belongs to.</param>
    /// <param name="Part">Part (example part number).</param>
    /// <param name="Value">Value.</param>
    /// <param name="Tolerance">Tolerance, or "-".</param>
    /// <param name="Quantity">How many.</param>
    /// <param name="Why">Why this part and value.</param>
    public sealed record BomLine(string Block, string Part, string Value, string Tolerance, int Quantity, string Why);

    /// <summary>The bill of materials, from the definition.</summary>
    public static class Bom
    {
        /// <summary>Every line, in diagram order.</summary>
        /// <returns>The lines.</returns>
        public static IReadOnlyList<BomLine> Lines()
        {
            int cells = Bmu16.MaxCells;
            int ntcs = Bmu16.TemperatureCount;
            string ohm(double r) => CircuitDiagrams.Ohm(r);
            return new List<BomLine>
            {
                new("controller", "ESP32-DevKitC V4 (ESP32-WROOM-32E), 38-pin", "-", "-", 1, "nanoFramework target; ADC1 on GPIO32-39; Wi-Fi"),
                new("cell channel", "INA149AID difference amplifier", "gain 1", "trimmed", cells, "laser-trimmed 380k/20k network: a 60 V common mode costs millivolts, not the 0.9 V a 1 % discrete network would"),
                new("cell channel", "thin-film resistor 0603", ohm(V.CellDividerTopOhm), "0.1 %, 25 ppm/K", cells, $"upper leg of the {Bmu16.CellAmpGainE4 / 10000.0:0.0} divider after each INA149"),
                new("cell channel", "thin-film resistor 0603", ohm(V.CellDividerBottomOhm), "0.1 %, 25 ppm/K", cells, $"lower leg: gain {Bmu16.CellAmpGainE4 / 10000.0:0.0}; a rail-stuck amplifier stays below the mux supply"),
                new("cell channel", "fuse, fast, in-line or 1206 at the cell end", $"{V.SenseFuseA * 1000:0} mA", "-", cells + 1, "a chafed sense wire at up to 58 V must open, not weld; at least twice the bleed current"),
                new("muxes", "CD74HC4067 16-channel analog mux", "-", "-", 2, "mux A: 16 cell amplifiers; mux B: 10 NTCs, 3 references, ground, module and rail dividers"),
                new("muxes", "MCP6002 dual rail-to-rail op-amp", "-", "-", 1, "buffers both mux outputs so the ADC's sampling capacitor sees a low impedance"),
                new("ADC pins", "resistor 0603", ohm(V.AdcPinSeriesOhm), "1 %", 4, "series resistor at each ADC pin: limits fault current, with the capacitor a charge reservoir"),
                new("ADC pins", "capacitor C0G 0603", $"{V.AdcPinCapacitorNf:0} nF", "5 %", 4, "holds the pin steady while the SAR ADC samples"),
                new("references", "REF3020AIDBZ", $"{Bmu16.RefHighMv / 1000.0:0.000} V", "0.2 %", 1, "REF_HI: top calibration point and NTC pull-up supply (ratiometric)"),
                new("references", "REF3012AIDBZ", $"{Bmu16.RefMidMv / 1000.0:0.000} V", "0.2 %", 1, "REF_MID: middle calibration point and the INA240 reference"),
                new("references", "thin-film resistor 0603", $"{ohm(V.RefLowTopOhm)} + {ohm(V.RefLowBottomOhm)}", "0.1 %", 2, $"REF_LO = REF_MID x 10/25 = {Bmu16.RefLowMv / 1000.0:0.000} V"),
                new("references", "capacitor X7R 0603", "1 µF", "10 %", 2, "output capacitor of each reference"),
                new("NTC", "NTC thermistor, epoxy bead on a ring lug", $"{ohm(Bmu16.NtcR25Ohm)} B{Bmu16.NtcBetaK}", "1 %", ntcs, "8 cell groups, shunt/busbar, board"),
                new("NTC", "thin-film resistor 0603", ohm(Bmu16.NtcPullUpOhm), "0.1 %", ntcs, "NTC pull-up from REF_HI"),
                new("dividers", "thick-film resistor 1206, 200 V", ohm(V.ModuleDividerTopOhm), "1 %", 1, "module divider upper leg: sees up to 62 V"),
                new("dividers", "resistor 0603", ohm(V.ModuleDividerBottomOhm), "1 %", 3, $"module divider lower leg (1/{Bmu16.ModuleDividerRatio}); rail divider (1/{Bmu16.RailDividerRatio}) both legs"),
                new("current", "panel shunt 500 A / 50 mV", $"{Bmu16.ShuntMicroOhm} µΩ", "0.5 %", 1, "9 W at 300 A; Kelvin screws for the amplifier"),
                new("current", "INA240A1 current-sense amplifier", $"gain {Bmu16.CurrentAmpGain}", "0.2 %", 1, "gain 20 at REF_MID keeps +-300 A inside 0.65-1.85 V (gain 50 would not fit)"),
                new("decoupling", "capacitor X7R 0603", "100 nF", "10 %", 8 + (2 * cells), "at every supply pin: INA149 (+5 V and -5 V each), INA240, both muxes, MCP6002, both 74HC595, UCC27517, FOD3180"),
                new("bleed", "74HC595 shift register", "-", "-", 2, "16 bleed outputs from 4 pins; /OE pulled up: all off at reset"),
                new("bleed", "PC817 optocoupler", "-", "-", cells, "moves the gate signal from B- to each cell's own level"),
                new("bleed", "resistor 0603", ohm(V.OptoLedSeriesOhm), "1 %", cells + 1, "optocoupler LED current about 2 mA; and the status LED"),
                new("bleed", "AO3400A N-MOSFET SOT-23", "30 V 5.7 A", "-", cells, "bleed switch; 48 mOhm at 2.5 V gate drive"),
                new("bleed", "resistor 0603", ohm(V.BleedGatePullDownOhm), "1 %", cells + 2, "bleed gate pull-downs; FET-enable pull-downs on GPIO32/33"),
                new("bleed", "metal-film resistor 1 W", $"{Bmu16.BleedResistorOhm} Ω", "1 %", cells, $"about {V.BleedCheckCellV / Bmu16.BleedResistorOhm * 1000:0} mA at {V.BleedCheckCellV:0.00} V, {V.BleedCheckCellV * V.BleedCheckCellV / Bmu16.BleedResistorOhm:0.00} W: under half the rating even at -1 %"),
                new("pulls", "resistor 0603", ohm(V.PullUpOhm), "1 %", 3, "pull-ups: bleed /OE, external stop, COM2 RX"),
                new("FET drivers", "UCC27517 low-side gate driver", "-", "-", 1, "discharge FETs, referenced to B-; inputs pulled down inside"),
                new("FET drivers", "FOD3180 optocoupled gate driver", "-", "-", 1, "charge FETs: their source is P-, which floats against B-"),
                new("FET drivers", "B1212S-1WR2 isolated DC-DC", "12 V 1 W", "-", 1, "supply of the FOD3180 output side, referenced to P-"),
                new("FET drivers", "2N7002 N-MOSFET", "-", "-", 1, "sinks the FOD3180 LED current for GPIO32"),
                new("FET drivers", "resistor 0603", ohm(V.ChargeDriverLedSeriesOhm), "1 %", 1, "FOD3180 LED current about 12 mA"),
                new("FET drivers", "N-MOSFET 100 V, TOLL or D2PAK (e.g. IPT015N10N5)", "≤ 1.5 mΩ", "-", 2 * V.PowerFetsPerDirection, $"{V.PowerFetsPerDirection} in parallel per direction for 300 A"),
                new("FET drivers", "resistor 0603", ohm(V.GateSeriesOhm), "1 %", 2 * V.PowerFetsPerDirection, "one gate resistor per power FET: no parallel ringing"),
                new("FET drivers", "resistor 0603", ohm(V.GateSourceOhm), "1 %", 2, "gate-source: FETs off without drive"),
                new("FET drivers", "BZX84C15 Zener", $"{V.GateZenerV:0} V", "5 %", 2, "gate-source clamp below the 20 V limit"),
                new("power", "fuse, fast, at the module terminal", $"{V.SupplyFuseA:0} A", "-", 1, "the board's own supply and the module divider"),
                new("power", "S1B diode", "100 V 1 A", "-", 1, "reverse polarity"),
                new("power", "SMBJ64A TVS", "64 V stand-off", "-", 1, "clamps spikes from the module and charger"),
                new("power", "12 V buck, 100 V input (LM5164 or a module)", "12 V", "-", 1, "gate drive and the 5 V buck"),
                new("power", "5 V buck module, >= 500 mA (e.g. Pololu D24V5F5)", "5 V", "-", 1, "dev board (its 3.3 V regulator) and the INA149 positive rail"),
                new("power", "LM2776 charge-pump inverter", "-5 V", "-", 1, "INA149 negative rail"),
                new("power", "2-pin header with jumper", "JP1", "-", 1, "5 V to the dev board; removed while USB is plugged in"),
                new("hardware protection", "TPS3431 watchdog supervisor (SET1 from the arm flip-flop)", "-", "-", 1, $"timeout {Bmu16.SupervisorTimeoutMinMs}-{Bmu16.SupervisorTimeoutMaxMs} ms; WDO opens both FET gates and pulls the ESP32's EN low"),
                new("hardware protection", "capacitor C0G 0603 (CWD)", "22 nF", "5 %", 1, "sets the watchdog timeout: 77.4 ms/nF x C + 55 ms, -9.5/+9.5 % (TPS3431 datasheet)"),
                new("hardware protection", "SN74LVC74A dual D flip-flop", "-", "-", 1, "arm flip-flop (set by the first WDI pulse, cleared by EN) and watchdog-reset flag (set by WDO, read on GPIO17)"),
                new("hardware protection", "SN74LVC1G11 3-input AND", "-", "-", 2, "each FET gate = firmware enable AND supervisor armed and not timed out AND protector output inactive"),
                new("hardware protection", "BQ77216 16S voltage protector, ordering option OV 3.85 V / UV 2.2 V / 1 s", "-", "-", 1, $"independent of the ESP32: OV {Bmu16.ProtectorOvMv} mV +-{Bmu16.ProtectorOvToleranceMv} mV opens the charge FET (COUT), UV {Bmu16.ProtectorUvMv} mV the discharge FET (DOUT)"),
                new("hardware protection", "resistor 0603", ohm(100e3), "1 %", 4, "WDI pull-down (GPIO16), WDO, COUT and DOUT pull-ups (open drain)"),
                new("status", "LED 3 mm", "-", "-", 1, "status LED on GPIO2 (pulls it low: safe for the strap)"),
                new("wiring", "keyed connector, 17 ways (e.g. JST VH or Molex Micro-Fit)", "sense", "-", 1, $"taps 0..{cells}: a keyed plug cannot be inserted shifted by one tap"),
                new("wiring", "2-pin connector (e.g. JST XH)", "NTC", "-", ntcs, "one per NTC, twisted pair to the sensor"),
                new("wiring", "screw terminal or M6 lug, rated for the module current", "B+, B-, P-", "-", 3, "board supply from B+; B- at the shunt; P- to load and charger"),
                new("wiring", "silicone wire 0.35-0.5 mm² (AWG 22-20)", "sense", "-", cells + 1, "sense taps; carry the bleed current"),
                new("COM2", "USB-serial adapter, 3.3 V logic (CP2102, CH340, FT232R)", "-", "-", 1, "serial monitor and console"),
            };
        }

        /// <summary>Writes the bill of materials as Markdown.</summary>
        /// <returns>Markdown text.</returns>
        public static string Markdown()
        {
            var text = new StringBuilder();
            text.Append("# BMU-16 bill of materials\n\n");
            text.Append("Generated by `tools/BatteryShift.Wiring` from `firmware/BatteryShift.Bms/Board/Bmu16.cs` and\n");
            text.Append("`tools/BatteryShift.Wiring/Board/BoardValues.cs`; do not edit by hand. Part numbers are examples:\n");
            text.Append("an equivalent part with the same value, tolerance and rating will do.\n\n");
            text.Append("| block | part | value | tolerance | qty | why |\n|---|---|---|---|---:|---|\n");
            foreach (BomLine line in Lines())
            {
                text.Append($"| {line.Block} | {line.Part} | {line.Value} | {line.Tolerance} | {line.Quantity} | {line.Why} |\n");
            }

            return text.ToString();
        }
    }
}
