using System.Globalization;
using System.Text;

namespace BatteryShift.Wiring.Diagrams
{
    /// <summary>
    /// A small writer of Graphviz DOT text. Output depends only on the calls made (no dictionaries,
    /// no culture, LF line ends), so the same definition always gives the same bytes.
    /// </summary>
    public sealed class Dot
    {
        /// <summary>High voltage: cell taps, module, power path.</summary>
        public const string HighVoltage = "#c62828";

        /// <summary>3.3 V logic and digital signals.</summary>
        public const string Logic = "#1565c0";

        /// <summary>Analog signals into the ADC.</summary>
        public const string Analog = "#2e7d32";

        /// <summary>Ground.</summary>
        public const string Ground = "#424242";

        /// <summary>Gate drive and 12 V.</summary>
        public const string Gate = "#ef6c00";

        private readonly StringBuilder _text = new();

        /// <summary>Starts a directed graph.</summary>
        /// <param name="name">Graph identifier.</param>
        /// <param name="title">Title printed above the drawing.</param>
        /// <param name="rankdir">LR or TB.</param>
        public Dot(string name, string title, string rankdir = "LR")
        {
            Line($"digraph {name} {{");
            Line($"  graph [rankdir={rankdir}, fontname=\"DejaVu Sans\", fontsize=16, labelloc=t, label={Quote(title)}, nodesep=0.35, ranksep=0.55, pad=0.3, bgcolor=white];");
            Line("  node [fontname=\"DejaVu Sans\", fontsize=11, shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", color=\"#424242\"];");
            Line("  edge [fontname=\"DejaVu Sans\", fontsize=10, color=\"#424242\", arrowsize=0.7];");
        }

        /// <summary>Adds a node.</summary>
        /// <param name="id">Node identifier.</param>
        /// <param name="label">Text; new lines become line breaks.</param>
        /// <param name="fill">Fill colour.</param>
        /// <param name="shape">Graphviz shape.</param>
        /// <returns>This writer.</returns>
        public Dot Node(string id, string label, string fill = "#ffffff", string shape = "box")
        {
            string margin = shape == "cds" ? ", margin=\"0.3,0.06\"" : string.Empty;
            Line($"  {id} [label={Quote(label)}, fillcolor=\"{fill}\", shape={shape}{margin}];");
            return this;
        }

        /// <summary>Adds a node with an HTML-like label (caller escapes).</summary>
        /// <param name="id">Node identifier.</param>
        /// <param name="html">Label body without the outer angle brackets.</param>
        /// <returns>This writer.</returns>
        public Dot HtmlNode(string id, string html)
        {
            Line($"  {id} [shape=plain, style=\"\", label=<{html}>];");
            return this;
        }

        /// <summary>Adds a wire.</summary>
        /// <param name="from">Source node (or node:port).</param>
        /// <param name="to">Destination node (or node:port).</param>
        /// <param name="label">Wire label, or empty.</param>
        /// <param name="color">Wire colour.</param>
        /// <param name="directed">False draws a plain connection without an arrow head.</param>
        /// <returns>This writer.</returns>
        public Dot Edge(string from, string to, string label = "", string color = Ground, bool directed = true)
        {
            string attributes = $"color=\"{color}\", fontcolor=\"{color}\", penwidth=1.6";
            if (label.Length > 0)
            {
                attributes += $", label={Quote(label)}";
            }

            if (!directed)
            {
                attributes += ", dir=none";
            }

            Line($"  {from} -> {to} [{attributes}];");
            return this;
        }

        /// <summary>Puts nodes on one rank.</summary>
        /// <param name="ids">Node identifiers.</param>
        /// <returns>This writer.</returns>
        public Dot Same(params string[] ids)
        {
            Line($"  {{ rank=same; {string.Join("; ", ids)}; }}");
            return this;
        }

        /// <summary>Adds a raw line (subgraphs, notes).</summary>
        /// <param name="text">DOT text.</param>
        /// <returns>This writer.</returns>
        public Dot Raw(string text)
        {
            Line("  " + text);
            return this;
        }

        /// <summary>Closes the graph and returns its text.</summary>
        /// <returns>DOT source.</returns>
        public string End()
        {
            Line("}");
            return _text.ToString();
        }

        /// <summary>Quotes a plain label: backslashes and quotes escaped, new lines as centred breaks.</summary>
        /// <param name="text">Label text.</param>
        /// <returns>Quoted DOT string.</returns>
        public static string Quote(string text)
        {
            return "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";
        }

        /// <summary>Escapes text for an HTML-like label.</summary>
        /// <param name="text">Text.</param>
        /// <returns>Escaped text.</returns>
        public static string Html(string text)
        {
            return text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");
        }

        /// <summary>Formats a number invariantly.</summary>
        /// <param name="value">Value.</param>
        /// <param name="format">.NET format string.</param>
        /// <returns>Text.</returns>
        public static string N(double value, string format)
        {
            return value.ToString(format, CultureInfo.InvariantCulture);
        }

        private void Line(string line)
        {
            _text.Append(line).Append('\n');
        }
    }
}
