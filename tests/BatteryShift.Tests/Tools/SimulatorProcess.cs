using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;

namespace BatteryShift.Tests.Tools
{
    /// <summary>The simulator as a new user starts it: a process with arguments, its exit code, stdout and stderr.</summary>
    public sealed record SimulatorProcess(int ExitCode, string Stdout, string Stderr)
    {
        public static SimulatorProcess Run(params string[] args)
        {
            string dll = Path.Combine(AppContext.BaseDirectory, "BatteryShift.Simulator.dll");
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(dll);
            foreach (string a in args)
            {
                start.ArgumentList.Add(a);
            }

            using Process process = Process.Start(start)!;
            process.StandardInput.Close();
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(120_000))
            {
                process.Kill(true);
                throw new TimeoutException("simulator did not end: " + string.Join(' ', args));
            }

            return new SimulatorProcess(process.ExitCode, stdout.Result, stderr.Result);
        }
    }
}
