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
            string dpi = format == "png" ? "-Gdpi=110" : "-Gdpi=72";
            (int code, string output) = Run(new[] { "-T" + format, dpi, "-o", targetPath, dotPath }, null);
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
