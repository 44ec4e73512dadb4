using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using BatteryShift.Hal.Simulation;
using BatteryShift.Simulator;
using BatteryShift.Simulator.Scenarios;
using Xunit;

namespace BatteryShift.Tests.Tools
{
    public class SimulatorTests
    {
        [Fact]
        public void NewcomerRunsTheCommandAndTypesStatusAndFaults()
        {
            // the README command's program, as a process: telemetry on stdout, commands on stdin
            string dll = Path.Combine(AppContext.BaseDirectory, "BatteryShift.Simulator.dll");
            var start = new ProcessStartInfo("dotnet")
            {
                ArgumentList = { dll, "--duration", "20m", "--speed", "max", "--broker", "off" },
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using Process process = Process.Start(start)!;
            process.StandardInput.Write("status\nfaults\n");
            process.StandardInput.Close();
            string stdout = process.StandardOutput.ReadToEnd();
            string stderr = process.StandardError.ReadToEnd();
            Assert.True(process.WaitForExit(60_000));
            Assert.Equal(0, process.ExitCode);
            string[] lines = stdout.Split("\r\n");
            Assert.StartsWith("BatteryShift BMU-16 serial monitor", lines[0]);
            int status = Array.IndexOf(lines, "> status");
            Assert.True(status > 0, stdout);
            Assert.StartsWith("0 ", lines[status + 1]);
            int faults = Array.IndexOf(lines, "> faults");
            Assert.StartsWith("0 faults", lines[faults + 1]);

            // 20 simulated minutes at the simulator's 60 s period: 20 or 21 status blocks
            Assert.InRange(lines.Count(l => l.StartsWith("-- ", StringComparison.Ordinal)), 20, 21);
            Assert.All(lines, l => Assert.True(l.Length <= 120));
            Assert.Contains("simulated 00:20:00", stderr);
        }

        [Fact]
        public void InjectedBrownOutRestartsTheBoardAndItsSerialMonitor()
        {
            var settings = new SimulatorSettings { Speed = 0, DurationSeconds = 600, Broker = "off", ReadStdin = false };
            settings.Faults.Add(FaultSpec.Parse("brown-out@2m"));
            var output = new MemoryStream();
            using var host = new SimulatorHost(settings, output);
            host.Run(CancellationToken.None);
            string text = Encoding.ASCII.GetString(output.ToArray());
            Assert.Equal(1, host.Runner.RestartCount);
            Assert.Equal(2, text.Split("BatteryShift BMU-16 serial monitor").Length - 1);
        }

        [Theory]
        [InlineData("ntc-open@2h:3", FaultKind.NtcOpen, 7200, 3)]
        [InlineData("OpenSenseWire@90:5", FaultKind.OpenSenseWire, 90, 5)]
        [InlineData("soft_short@1.5d:7:50:30m", FaultKind.SoftShort, 129600, 7)]
        public void FaultSpecificationsParse(string text, FaultKind kind, double at, int target)
        {
            FaultSpec f = FaultSpec.Parse(text);
            Assert.Equal(kind, f.Kind);
            Assert.Equal(at, f.AtSeconds);
            Assert.Equal(target, f.Target);
        }

        [Theory]
        [InlineData("nosuchfault@1h")]
        [InlineData("ntc-open")]
        [InlineData("ntc-open@soon")]
        [InlineData("3@1h")]
        public void BadFaultSpecificationsAreRejected(string text)
        {
            Assert.Throws<FormatException>(() => FaultSpec.Parse(text));
        }

        [Fact]
        public void CsvProfileStepsAndRepeats()
        {
            string path = Path.GetTempFileName();
            try
            {
                File.WriteAllText(path, "time_s,current_a\n0,10\n60,-20\n# comment\n120,0\n");
                CsvProfile profile = CsvProfile.Load(path);
                double At(double t) => profile.CurrentA(new PackView(t, 16, 52, 52, 0.01, true, true, 0));
                Assert.Equal(10, At(0));
                Assert.Equal(10, At(59.9));
                Assert.Equal(-20, At(60));
                Assert.Equal(0, At(150));
                Assert.Equal(10, At(180)); // period = last row + last interval = 180 s
                File.WriteAllText(path, "time_s,power_w\n0,-5200\n");
                Assert.Equal(-100, CsvProfile.Load(path).CurrentA(new PackView(5, 16, 52, 52, 0.01, true, true, 0)), 6);
                File.WriteAllText(path, "t,i\n0,1\n");
                Assert.Throws<InvalidDataException>(() => CsvProfile.Load(path));
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Fact]
        public void DailyCycleDischargesInThePeaksAndChargesAtMidday()
        {
            var cycle = new DailyEssCycle(startHour: 0);
            double At(double hour) => cycle.CurrentA(new PackView(hour * 3600, 16, 52, 52, 0.01, true, true, 0));
            Assert.Equal(-1500 / 52.0, At(8), 6);
            Assert.Equal(-1800 / 52.0, At(19), 6);
            Assert.Equal(0, At(16));
            Assert.True(At(12) > 0);
            Assert.Equal(-1800 / 52.0, new DailyEssCycle(startHour: 18).CurrentA(new PackView(0, 16, 52, 52, 0.01, true, true, 0)), 6);
        }
    }
}
