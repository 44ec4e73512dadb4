using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using BatteryShift.Hal.Simulation;
using BatteryShift.Simulator;
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
            Assert.Contains("simulated 20 min 00 s in ", stderr);
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
        public void StartHourShiftsTheDailyProfileAndCsvProfilesRepeat()
        {
            var pack = new PackView(0, 16, 52, 52, 0.01, true, true, 0);

            // peak shaving discharges in the evening peak (17:00-21:00) and rests at 16:00
            Assert.True(SimulatorHost.Load(new SimulatorSettings { StartHour = 18 })!.CurrentA(pack) < 0);
            Assert.Equal(0, SimulatorHost.Load(new SimulatorSettings { StartHour = 16 })!.CurrentA(pack));
            Assert.Null(SimulatorHost.Load(new SimulatorSettings { Scenario = "rest" }));

            string path = Path.GetTempFileName();
            try
            {
                File.WriteAllText(path, "time_s,current_a\n0,10\n60,-20\n120,0\n");
                LoadProfile profile = SimulatorHost.Load(new SimulatorSettings { ProfileCsv = path })!;
                Assert.Equal(-20, profile.CurrentA(new PackView(61, 16, 52, 52, 0.01, true, true, 0)));
                Assert.Equal(10, profile.CurrentA(new PackView(180 + 1, 16, 52, 52, 0.01, true, true, 0)));
            }
            finally
            {
                File.Delete(path);
            }
        }
    }
}
