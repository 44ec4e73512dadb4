using System.Text;
using BatteryShift.Bms.Board;
using BatteryShift.Wiring.Board;

namespace BatteryShift.Wiring.Diagrams
{
    /// <summary>The dev board's two headers, pin by pin: what each one connects to.</summary>
    public static class PinMapDiagram
    {
        /// <summary>Writes the diagram.</summary>
        /// <returns>DOT source.</returns>
        public static string Build()
        {
            var dot = new Dot("pin_map", "ESP32 dev board pin map: " + DevKitC.Variant + "\nseen from the top, antenna up, USB socket down", "TB");
            var html = new StringBuilder();
            html.Append("<table border=\"0\" cellborder=\"1\" cellspacing=\"0\" cellpadding=\"5\">");
            html.Append("<tr>");
            foreach (string head in new[] { "connects to", "signal", "label", "J2" })
            {
                html.Append($"<td bgcolor=\"#cfd8dc\"><b>{head}</b></td>");
            }

            html.Append("<td rowspan=\"20\" bgcolor=\"#37474f\" width=\"90\"><font color=\"white\"><b>ESP32<br/>WROOM-32E<br/><br/>antenna<br/>end up<br/><br/><br/><br/>USB<br/>end down</b></font></td>");
            foreach (string head in new[] { "J3", "label", "signal", "connects to" })
            {
                html.Append($"<td bgcolor=\"#cfd8dc\"><b>{head}</b></td>");
            }

            html.Append("</tr>");
            for (int row = 1; row <= 19; row++)
            {
                HeaderPin left = DevKitC.Pins[row - 1];
                HeaderPin right = DevKitC.Pins[19 + row - 1];
                (string sl, string dl, string bl) = Cell(left);
                (string sr, string dr, string br) = Cell(right);
                html.Append("<tr>");
                html.Append($"<td bgcolor=\"{bl}\" align=\"right\">{Dot.Html(dl)}</td><td bgcolor=\"{bl}\">{Bold(sl)}</td><td bgcolor=\"{bl}\">{Dot.Html(left.Label)}</td><td bgcolor=\"#eceff1\">{left.Number}</td>");
                html.Append($"<td bgcolor=\"#eceff1\">{right.Number}</td><td bgcolor=\"{br}\">{Dot.Html(right.Label)}</td><td bgcolor=\"{br}\">{Bold(sr)}</td><td bgcolor=\"{br}\" align=\"left\">{Dot.Html(dr)}</td>");
                html.Append("</tr>");
            }

            html.Append("<tr><td colspan=\"9\" bgcolor=\"#ffffff\" align=\"left\">");
            html.Append("green: analog (ADC1 only)   blue: output   yellow: input   purple: COM2   red: power   grey: ground   white: free   <b>(strap)</b>: ESP32 strapping pin<br align=\"left\"/>");
            html.Append("Pins 16-18 of J2 and 17-19 of J3 are the module's flash: never connect them. GPIO16/17 stay free (PSRAM on WROVER).<br align=\"left\"/>");
            html.Append("Power the dev board either from the 5V pin (JP1 fitted) or from USB, never both: remove JP1 before plugging USB in.<br align=\"left\"/>");
            html.Append("</td></tr></table>");
            dot.HtmlNode("header", html.ToString());
            return dot.End();
        }

        private static string Bold(string text)
        {
            return text.Length == 0 ? " " : "<b>" + Dot.Html(text) + "</b>";
        }

        private static (string Signal, string Destination, string Background) Cell(HeaderPin pin)
        {
            if (pin.Gpio < 0)
            {
                return pin.Label switch
                {
                    "3V3" => ("3V3", "3V3 rail to the board (out)", "#ffcdd2"),
                    "5V" => ("5V", "5 V from the board via JP1 (in)", "#ffcdd2"),
                    "GND" => ("GND", "board GND = B- (module negative)", "#e0e0e0"),
                    _ => ("", "leave open (to GND only to hold reset at bring-up)", "#ffffff"),
                };
            }

            if (Esp32Facts.Flash.Contains(pin.Gpio))
            {
                return ("", "flash: do not use", "#eeeeee");
            }

            if (Esp32Facts.Com1.Contains(pin.Gpio))
            {
                return ("", "COM1 = the dev board's USB (debugger): leave free", "#ffffff");
            }

            (string Signal, string Destination)? net = Nets.Describe(pin.Gpio);
            if (net == null && Esp32Facts.Psram.Contains(pin.Gpio))
            {
                return ("", "free (PSRAM on WROVER boards)", "#ffffff");
            }

            string strap = Esp32Facts.StrappingMustNotPullHigh.ContainsKey(pin.Gpio) ? " (strap)" : string.Empty;
            if (net == null)
            {
                return ("", "free" + strap, "#ffffff");
            }

            int row = Bmu16Pins.IndexOf(pin.Gpio);
            string background = Bmu16Pins.Role[row] switch
            {
                Bmu16Pins.RoleAnalogInput => "#c8e6c9",
                Bmu16Pins.RoleOutput => "#bbdefb",
                Bmu16Pins.RoleInput => "#fff9c4",
                _ => "#e1bee7",
            };
            return (net.Value.Signal + strap, net.Value.Destination, background);
        }
    }
}
