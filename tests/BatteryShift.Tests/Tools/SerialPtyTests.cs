using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BatteryShift.Bms.Config;
using BatteryShift.Monitor.Records;
using BatteryShift.Monitor.Sources;
using BatteryShift.Simulator;
using Xunit;

namespace BatteryShift.Tests.Tools
{
    /// <summary>The simulator and the monitor talking over a real pseudo-terminal pair.</summary>
    public class SerialPtyTests
    {
        [PtyFact]
        public void MonitorParsesEveryRecordTheSimulatorWrites()
        {
            using var pty = new PtyPair();

            // what the simulator put on the wire, parsed from its own output tap
            var sent = new RecordParser();
            var sentSnapshots = new List<ModuleSnapshot>();
            sent.SnapshotCompleted += sentSnapshots.Add;
            var sentSplitter = new LineSplitter();

            // what the monitor got through the pty
            var gate = new object();
            var received = new RecordParser();
            var receivedSnapshots = new List<ModuleSnapshot>();
            received.SnapshotCompleted += receivedSnapshots.Add;
            using var monitor = new SerialLineSource(pty.B, line =>
            {
                lock (gate)
                {
                    received.Feed(line);
                }
            });

            var settings = new SimulatorSettings
            {
                Speed = 0,
                DurationSeconds = 3600,
                Calibrate = false,
                LineMode = true,
                PeriodMs = 1000,
                SerialPath = pty.A,
                Broker = "off",
                ReadStdin = false,
            };
            using (var host = new SimulatorHost(settings, Stream.Null))
            {
                host.OutputTap += bytes => sentSplitter.Feed(bytes, bytes.Length, l => sent.Feed(l));
                host.Run(CancellationToken.None);
                Assert.True(host.BytesOut > 500_000, $"only {host.BytesOut} bytes written");
            }

            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (DateTime.UtcNow < deadline)
            {
                lock (gate)
                {
                    if (received.Records + received.InvalidRecords >= sent.Records)
                    {
                        break;
                    }
                }

                Thread.Sleep(50);
            }

            lock (gate)
            {
                // one period a second for an hour: 3600 sets of $S $L $C $P $T (a set at t = 0 too)
                Assert.Equal(0, sent.InvalidRecords);
                Assert.InRange(sent.Snapshots, 3600, 3601);
                Assert.Equal(0, received.InvalidRecords);
                Assert.Equal(sent.Records, received.Records);
                Assert.Equal(sentSnapshots.Count, receivedSnapshots.Count);
                for (int i = 0; i < sentSnapshots.Count; i++)
                {
                    Assert.Equal(sentSnapshots[i].TimeMs, receivedSnapshots[i].TimeMs);
                    Assert.Equal(sentSnapshots[i].CellMv, receivedSnapshots[i].CellMv);
                    Assert.Equal(sentSnapshots[i].CurrentA, receivedSnapshots[i].CurrentA);
                }

                Assert.Equal(16, receivedSnapshots[^1].CellCount);
                Assert.Equal(0, receivedSnapshots[^1].DroppedLines);
            }
        }

        [PtyFact]
        public void ConsoleCommandsRoundTripOverThePty()
        {
            using var pty = new PtyPair();
            var settings = new SimulatorSettings
            {
                Speed = 100,
                DurationSeconds = 3600,
                Calibrate = false,
                PeriodMs = 600000,
                SerialPath = pty.A,
                Broker = "off",
                ReadStdin = false,
            };
            using var host = new SimulatorHost(settings, Stream.Null);
            using var cancel = new CancellationTokenSource();
            Task run = Task.Run(() => host.Run(cancel.Token));
            var lines = new BlockingCollection<string>();
            using var terminal = new SerialLineSource(pty.B, lines.Add);
            try
            {
                Assert.StartsWith("0 ", ReplyTo(terminal, lines, "status"));
                Assert.StartsWith("0 faults", ReplyTo(terminal, lines, "faults"));
                Assert.StartsWith("3 out of range: module.cells 16 n (4..16)", ReplyTo(terminal, lines, "config set module.cells 99"));
                Assert.Equal("0 serial.period 2000 ms (200..3600000)", ReplyTo(terminal, lines, "config set serial.period 2000"));
                Assert.StartsWith("1 unknown command: frobnicate", ReplyTo(terminal, lines, "frobnicate"));
                Assert.StartsWith("6 too long", ReplyTo(terminal, lines, new string('x', 150), echo: false));
                Assert.Equal(2000, host.Runner.Core.Config.Get(ConsoleKeys.SerialPeriodMs));
                Assert.Equal(16, host.Runner.Core.Config.Get(ModuleKeys.CellCount));
            }
            finally
            {
                cancel.Cancel();
                run.Wait(TimeSpan.FromSeconds(10));
            }
        }

        /// <summary>Sends a line and returns the reply line that follows its echo.</summary>
        private static string ReplyTo(SerialLineSource terminal, BlockingCollection<string> lines, string command, bool echo = true)
        {
            terminal.SendLine(command);
            bool echoed = !echo;
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (DateTime.UtcNow < deadline)
            {
                if (!lines.TryTake(out string? line, TimeSpan.FromMilliseconds(200)))
                {
                    continue;
                }

                if (!echoed)
                {
                    echoed = line == "> " + command;
                }
                else if (line.Length > 0 && char.IsDigit(line[0]))
                {
                    return line;
                }
            }

            throw new TimeoutException($"no reply to '{command}'");
        }
    }
}
