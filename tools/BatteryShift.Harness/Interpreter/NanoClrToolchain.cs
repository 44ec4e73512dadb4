using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;

namespace BatteryShift.Harness.Interpreter
{
    /// <summary>
    /// The nanoFramework tools tools/nanoclr/build.sh made (the nanoCLR POSIX host, optimised and with the collector's
    /// statistics, the MetadataProcessor, mscorlib.pe and nanoFramework.Runtime.Native.pe), found through the
    /// environment variable <see cref="Variable"/>; turns the nano-gate builds of the device assemblies into .pe files
    /// and runs the differential program on the interpreter.
    /// </summary>
    public sealed class NanoClrToolchain
    {
        /// <summary>The environment variable that names tools/nanoclr/build.sh's output folder.</summary>
        public const string Variable = "BATTERYSHIFT_NANOCLR";

        /// <summary>The device assemblies in load order after mscorlib and Runtime.Native.</summary>
        public static readonly string[] DeviceAssemblies = { "BatteryShift.Hal", "BatteryShift.Bms", "BatteryShift.Differential" };

        private readonly Dictionary<string, string> _settings;

        private NanoClrToolchain(string folder, Dictionary<string, string> settings)
        {
            Folder = folder;
            _settings = settings;
        }

        /// <summary>The build output folder.</summary>
        public string Folder { get; }

        /// <summary>The nf-interpreter commit the hosts were built from.</summary>
        public string InterpreterCommit => _settings["nf_interpreter_commit"];

        /// <summary>The metadata-processor commit.</summary>
        public string MetadataProcessorCommit => _settings["metadata_processor_commit"];

        /// <summary>The optimised host.</summary>
        public string NanoClr => _settings["nanoclr"];

        /// <summary>The host built with the collector's statistics.</summary>
        public string NanoClrTrace => _settings["nanoclr_trace"];

        /// <summary>
        /// The toolchain named by <see cref="Variable"/>, or null with the reason when it is not set or incomplete.
        /// </summary>
        public static NanoClrToolchain? Find(out string reason)
        {
            string? folder = Environment.GetEnvironmentVariable(Variable);
            if (string.IsNullOrEmpty(folder))
            {
                reason = Variable + " is not set: the interpreter tests need the output of tools/nanoclr/build.sh (docs/interpreter.md)";
                return null;
            }

            string env = Path.Combine(folder, "nanoclr.env");
            if (!File.Exists(env))
            {
                reason = env + " not found: run tools/nanoclr/build.sh --out " + folder;
                return null;
            }

            var settings = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string line in File.ReadAllLines(env))
            {
                int eq = line.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0)
                {
                    settings[line.Substring(0, eq)] = line.Substring(eq + 1);
                }
            }

            foreach (string key in new[] { "nanoclr", "nanoclr_trace", "metadata_processor", "pe" })
            {
                if (!settings.TryGetValue(key, out string? path) || !(File.Exists(path) || Directory.Exists(path)))
                {
                    reason = env + ": " + key + " missing or not built";
                    return null;
                }
            }

            reason = string.Empty;
            return new NanoClrToolchain(folder, settings);
        }

        /// <summary>
        /// Runs the MetadataProcessor on the nano-gate builds of the device assemblies (built by the solution:
        /// artifacts/nano-gate) and returns the .pe files in load order, mscorlib first.
        /// </summary>
        public IReadOnlyList<string> BuildPe(string nanoGateOutput, string peFolder)
        {
            Directory.CreateDirectory(peFolder);
            string lib = _settings["pe"];
            var pes = new List<string> { Path.Combine(lib, "mscorlib.pe"), Path.Combine(lib, "nanoFramework.Runtime.Native.pe") };
            foreach (string name in DeviceAssemblies)
            {
                string dll = Path.Combine(peFolder, name + ".dll");
                File.Copy(Path.Combine(nanoGateOutput, name + ".dll"), dll, true);
            }

            foreach (string name in DeviceAssemblies)
            {
                var args = new List<string> { _settings["metadata_processor"], "-loadHints", "mscorlib", Path.Combine(lib, "mscorlib.dll") };
                foreach (string other in DeviceAssemblies)
                {
                    args.AddRange(new[] { "-loadHints", other, Path.Combine(peFolder, other + ".dll") });
                }

                string pe = Path.Combine(peFolder, name + ".pe");
                File.Delete(pe);
                args.AddRange(new[] { "-parse", Path.Combine(peFolder, name + ".dll"), "-compile", pe, "false" });
                (int code, string output) = Execute("dotnet", args, peFolder, TimeSpan.FromMinutes(2));
                if (code != 0 || !File.Exists(pe))
                {
                    throw new InvalidOperationException("MetadataProcessor failed on " + name + ": " + output);
                }

                pes.Add(pe);
            }

            return pes;
        }

        /// <summary>Runs the differential program on a host and returns its console output, line ends removed.</summary>
        public InterpreterOutput Run(IReadOnlyList<string> pes, bool statistics, TimeSpan timeout)
        {
            (int code, string output) = Execute(statistics ? NanoClrTrace : NanoClr, pes, Path.GetDirectoryName(pes[^1])!, timeout);
            var result = InterpreterOutput.Parse(output.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n'));
            result.ExitCode = code;
            return result;
        }

        private static (int Code, string Output) Execute(string file, IEnumerable<string> args, string folder, TimeSpan timeout)
        {
            var start = new ProcessStartInfo(file)
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + file);
            var output = new StringBuilder();
            process.OutputDataReceived += (_, e) => { if (e.Data != null) { lock (output) { output.Append(e.Data).Append('\n'); } } };
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) { lock (output) { output.Append(e.Data).Append('\n'); } } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit((int)timeout.TotalMilliseconds))
            {
                process.Kill(true);
                throw new TimeoutException(file + " did not finish in " + timeout);
            }

            process.WaitForExit();
            lock (output)
            {
                return (process.ExitCode, output.ToString());
            }
        }
    }
}
