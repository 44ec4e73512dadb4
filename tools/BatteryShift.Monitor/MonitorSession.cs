using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using BatteryShift.Monitor.Recording;
using BatteryShift.Monitor.Records;
using BatteryShift.Monitor.View;
using Spectre.Console;

namespace BatteryShift.Monitor
{
    /// <summary>
    /// What the monitor does with incoming lines, whatever their source: parse, record to CSV, keep the
    /// latest snapshot and events, and show them (live view, or one line per snapshot when plain).
    /// </summary>
    public sealed class MonitorSession : IDisposable
    {
        private readonly object _gate = new();
        private readonly List<ModuleEvent> _events = new();
        private readonly CsvRecorder? _recorder;
        private readonly bool _plain;
        private ModuleSnapshot? _latest;

        /// <summary>Makes a session.</summary>
        /// <param name="csvPath">CSV to record to, or null.</param>
        /// <param name="plain">True for one text line per snapshot instead of the live view.</param>
        public MonitorSession(string? csvPath, bool plain)
        {
            _plain = plain;
            _recorder = csvPath == null ? null : new CsvRecorder(csvPath);
            Parser.SnapshotCompleted += OnSnapshot;
            Parser.EventReceived += OnEvent;
        }

        /// <summary>The record parser.</summary>
        public RecordParser Parser { get; } = new();

        /// <summary>Set when the source ended (end of input).</summary>
        public ManualResetEventSlim Ended { get; } = new(false);

        /// <summary>Feeds one line (any thread).</summary>
        /// <param name="line">Line.</param>
        public void OnLine(string line)
        {
            lock (_gate)
            {
                if (Parser.Feed(line) == RecordKind.Other && _plain && line.Length > 0 && line[0] != '-' && line[0] != ' ')
                {
                    // replies and notices are worth seeing; text-mode status blocks are not records
                    Console.WriteLine(line);
                }
            }
        }

        /// <summary>Shows the data until the duration passes, the source ends or Ctrl+C.</summary>
        /// <param name="source">Source name for the header.</param>
        /// <param name="duration">Stop after this long, or null.</param>
        /// <returns>Exit code: 0, or 3 when invalid records were seen.</returns>
        public int Run(string source, TimeSpan? duration)
        {
            using var cancel = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
            };
            if (duration.HasValue)
            {
                cancel.CancelAfter(duration.Value);
            }

            if (_plain)
            {
                WaitHandle.WaitAny(new[] { cancel.Token.WaitHandle, Ended.WaitHandle });
            }
            else
            {
                AnsiConsole.Live(Render(source)).AutoClear(false).Start(ctx =>
                {
                    while (!cancel.IsCancellationRequested && !Ended.IsSet)
                    {
                        lock (_gate)
                        {
                            ctx.UpdateTarget(Render(source));
                        }

                        cancel.Token.WaitHandle.WaitOne(250);
                    }
                });
            }

            Console.Error.WriteLine(Footer());
            return Parser.InvalidRecords > 0 ? 3 : 0;
        }

        /// <inheritdoc />
        public void Dispose()
        {
            _recorder?.Dispose();
            Ended.Dispose();
        }

        /// <summary>Extra counters for the footer (for example of an MQTT source).</summary>
        public Func<string>? ExtraFooter { get; set; }

        /// <summary>Takes an event from any source.</summary>
        /// <param name="e">Event.</param>
        public void OnEvent(ModuleEvent e)
        {
            lock (_gate)
            {
                _events.Add(e);
                if (_plain)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"event #{e.Sequence} at {e.TimeMs / 1000.0:0.0} s: {e.Kind} {e.Code} {e.Value}"));
                }
            }
        }

        /// <summary>Takes a complete snapshot from any source.</summary>
        /// <param name="s">Snapshot.</param>
        public void OnSnapshot(ModuleSnapshot s)
        {
            lock (_gate)
            {
                _latest = s;
                _recorder?.Write(s);
                if (_plain)
                {
                    Console.WriteLine(LiveView.Summary(s));
                }
            }
        }

        private Spectre.Console.Rendering.IRenderable Render(string source) => LiveView.Render(_latest, source, _events, Footer(), AnsiConsole.Profile.Height);

        private string Footer()
        {
            string counts = string.Create(
                CultureInfo.InvariantCulture,
                $"records {Parser.Records}, invalid {Parser.InvalidRecords}, other lines {Parser.OtherLines}, snapshots {Parser.Snapshots}");
            if (_recorder != null)
            {
                counts += string.Create(CultureInfo.InvariantCulture, $", csv rows {_recorder.Rows}");
            }

            return ExtraFooter != null ? counts + ", " + ExtraFooter() : counts;
        }
    }
}
