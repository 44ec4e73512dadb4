using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using BatteryShift.Simulator;
using Xunit;

namespace BatteryShift.Tests.Tools
{
    /// <summary>What a new user trips on in a fresh clone (issue 19, item 3), each through the simulator's command line.</summary>
    public class SimulatorNewUserTests
    {
        [Theory]
        [InlineData("ntc-open@2h:99", "0..9")]
        [InlineData("ntc-short@1m:10", "0..9")]
        [InlineData("cell-heating@1m:40", "0..15")]
        [InlineData("soft-short@1m:16", "0..15")]
        [InlineData("open-sense-wire@1m:17", "0..16")]
        [InlineData("adc-stuck@1m:8", "0..7")]
        [InlineData("brown-out@1m:3", "no target")]
        public void FaultTargetsThatDoNotExistAreRefusedBeforeTheRunStarts(string fault, string range)
        {
            // before: ntc-open and cell-heating crashed at the fault's time, open-sense-wire:17 did nothing
            SimulatorProcess run = SimulatorProcess.Run("--fault", fault, "--duration", "3h", "--speed", "max", "--broker", "off");
            Assert.Equal(2, run.ExitCode);
            Assert.Contains("--fault " + fault, run.Stderr);
            Assert.Contains(range, run.Stderr);
            Assert.Equal(string.Empty, run.Stdout);
            Assert.DoesNotContain("Exception", run.Stderr);
        }

        [Theory]
        [InlineData("open-sense-wire@1m:16", 16)]
        [InlineData("open-sense-wire@1m:0", 16)]
        [InlineData("cell-heating@1m:15", 16)]
        [InlineData("ntc-open@1m:9", 8)]
        [InlineData("adc-stuck@1m:7", 4)]
        [InlineData("soft-short@1m:7", 8)]
        public void TheLastTargetOfEachRangeIsAccepted(string fault, int cells)
        {
            Assert.NotNull(FaultSpec.Parse(fault, cells));
        }

        [Fact]
        public void ACellTargetPastASmallModuleIsRefused()
        {
            var e = Assert.Throws<FormatException>(() => FaultSpec.Parse("soft-short@1m:8", 8));
            Assert.Contains("0..7", e.Message);
        }

        [Fact]
        public void UnknownFaultKindsListTheNamesTheOptionTakes()
        {
            var e = Assert.Throws<FormatException>(() => FaultSpec.Parse("ntc-opne@1h"));
            Assert.Contains("ntc-open", e.Message);
            Assert.Contains("open-sense-wire", e.Message);
            Assert.DoesNotContain("NtcOpen", e.Message);
        }

        [Fact]
        public void BadOptionValuesNameTheOptionFileAndLine()
        {
            string dir = Directory.CreateTempSubdirectory("bs-profile").FullName;
            string csv = Path.Combine(dir, "bad.csv");
            File.WriteAllText(csv, "time_s,current_a\n0,10\n60,-2O\n");
            try
            {
                AssertRefused(new[] { "--speed", "fast" }, "--speed fast");
                AssertRefused(new[] { "--duration", "2 days" }, "--duration 2 days");
                AssertRefused(new[] { "--scenario", "nope" }, "--scenario nope", "peak-shaving");
                AssertRefused(new[] { "--profile", dir }, dir, "directory");
                AssertRefused(new[] { "--profile", csv }, csv + ":3", "-2O");
                AssertRefused(new[] { "--profile", Path.Combine(dir, "none.csv") }, "none.csv");
                AssertRefused(new[] { "--cells", "17" }, "--cells 17");
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [Fact]
        public void TheFirstScreenIsTheModuleNotTheCalibrationAndTheEndLineReads()
        {
            SimulatorProcess run = SimulatorProcess.Run("--duration", "2m", "--speed", "max", "--broker", "off");
            Assert.Equal(0, run.ExitCode);
            Assert.DoesNotContain("command cal ok", run.Stdout);
            string[] lines = run.Stdout.Split("\r\n");
            Assert.True(lines.Length < 24, run.Stdout);

            // the calibration is done on the bench before the first start and said once, on stderr; the board's console
            // shows none of it, and the estimator starts from the cells as they are
            Assert.Contains("bring-up calibration on the bench before the first start", run.Stderr);
            Assert.DoesNotContain("service", run.Stdout);
            Assert.Matches(new Regex(@"simulated 2 min 00 s in \d+\.\d s of wall time \(\d+x real time\): 0 alarms, 0 faults, 0 restarts; ends \w+ at SOC \d+\.\d %"), run.Stderr);
        }

        [Theory]
        [InlineData(59.94, "59.9 s")]
        [InlineData(1200, "20 min 00 s")]
        [InlineData(3 * 3600 + 300, "3 h 05 min")]
        [InlineData(86400.0019999, "1 d 00 h 00 min")]
        [InlineData(30 * 86400, "30 d 00 h 00 min")]
        public void DurationsAreWrittenForPeople(double seconds, string text)
        {
            Assert.Equal(text, OptionValues.Readable(seconds));
        }

        [Fact]
        public void AnUnreachableBrokerIsSaidOnTheConsoleAndStderrAndFailsTheRun()
        {
            // a port that was just free: nothing listens there
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();

            SimulatorProcess run = SimulatorProcess.Run("--broker", "127.0.0.1:" + port, "--duration", "2m", "--speed", "max", "--no-cal");
            Assert.Equal(3, run.ExitCode);
            Assert.Contains($"mqtt: link down, 127.0.0.1:{port} not reachable", run.Stderr);
            Assert.Contains($"never reachable", run.Stderr);
            Assert.Matches(new Regex(@"\*\* 00:00:0\d mqtt link down, retrying 127\.0\.0\.1:" + port + @" \(failed attempts: 1\)"), run.Stdout);
            Assert.Contains($"   mqtt down, retrying 127.0.0.1:{port} (failed attempts: ", run.Stdout);
        }

        private static void AssertRefused(string[] args, params string[] expected)
        {
            var all = args.ToList();
            foreach ((string option, string value) in new[] { ("--duration", "1m"), ("--speed", "max"), ("--broker", "off") })
            {
                if (!all.Contains(option))
                {
                    all.Add(option);
                    all.Add(value);
                }
            }

            SimulatorProcess run = SimulatorProcess.Run(all.ToArray());
            Assert.True(run.ExitCode == 2, $"{string.Join(' ', args)}: exit {run.ExitCode}\n{run.Stderr}");
            Assert.StartsWith("error: ", run.Stderr);
            foreach (string e in expected)
            {
                Assert.Contains(e, run.Stderr);
            }

            Assert.DoesNotContain("(Parameter", run.Stderr);
            Assert.DoesNotContain("in a correct format", run.Stderr);
            Assert.DoesNotContain("Access to the path", run.Stderr);
            Assert.Equal(string.Empty, run.Stdout);
        }
    }
}
