using System;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;

namespace BatteryShift.Wiring
{
    /// <summary>Runs Graphviz's <c>dot</c>.</summary>
    public static class Graphviz
    {
        /// <summary>The first line of <c>dot -V</c>, or null when dot is not installed.</summary>
        /// <returns>For example "dot - graphviz version 2.43.0 (0)".</returns>
        public static string? Version()
        {
            try
            {
                (int code, string output) = Run(new[] { "-V" }, null);
                return code == 0 ? output.Trim().Split('\n')[0].Trim() : null;
            }
            catch (Win32Exception)
            {
                return null;
            }
        }

        /// <summary>
        /// What decides the SVG bytes: the dot version and the font file fontconfig picks for the
        /// diagrams' "DejaVu Sans" (text widths set the layout). Null when dot is not installed.
        /// </summary>
        /// <returns>Two lines: dot version, font match.</returns>
        public static string? Environment()
        {
            string? version = Version();
            if (version == null)
            {
                return null;
            }

            string font = "fc-match unavailable";
            try
            {
                var start = new ProcessStartInfo("fc-match") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                start.ArgumentList.Add("DejaVu Sans");
                using Process process = Process.Start(start)!;
                font = process.StandardOutput.ReadToEnd().Trim();
                process.WaitForExit();
            }
            catch (Win32Exception)
            {
                // fontconfig's tool is absent: recorded as such
            }

            return version + "\n" + "font: " + font;
        }

        /// <summary>Renders DOT text to SVG text in memory.</summary>
        /// <param name="dotSource">DOT source.</param>
        /// <returns>SVG text.</returns>
        public static string RenderSvg(string dotSource)
        {
            (int code, string output) = Run(new[] { "-Tsvg" }, dotSource);
            if (code != 0)
            {
                throw new InvalidOperationException("dot failed: " + output);
            }

            return output;
        }

        /// <summary>Renders a DOT file to a file.</summary>
        /// <param name="dotPath">Source.</param>
        /// <param name="format">svg or png.</param>
        /// <param name="targetPath">Destination.</param>
        public static void Render(string dotPath, string format, string targetPath)
        {
            var arguments = new System.Collections.Generic.List<string> { "-T" + format, "-o", targetPath, dotPath };
            if (format == "png")
            {
                arguments.Insert(1, "-Gdpi=110");
            }

            (int code, string output) = Run(arguments.ToArray(), null);
            if (code != 0)
            {
                throw new InvalidOperationException("dot failed: " + output);
            }
        }

        private static (int Code, string Output) Run(string[] arguments, string? input)
        {
            var start = new ProcessStartInfo("dot")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = input != null,
                UseShellExecute = false,
            };
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using Process process = Process.Start(start) ?? throw new InvalidOperationException("cannot start dot");
            if (input != null)
            {
                process.StandardInput.Write(input);
                process.StandardInput.Close();
            }

            var stderrTask = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            string error = stderrTask.Result;
            process.WaitForExit();
            return (process.ExitCode, output.Length > 0 ? output : error);
        }
    }
}
