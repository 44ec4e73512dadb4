using BatteryShift.Bms.Config;
using BatteryShift.Bms.Events;
using BatteryShift.Bms.Telemetry;
using BatteryShift.Hal;

namespace BatteryShift.Bms.Console
{
    /// <summary>
    /// The serial monitor on COM2 (115200 8N1, docs/hardware.md): reads command lines typed at a
    /// terminal and runs them through the <see cref="CommandProcessor"/>, prints event lines as they
    /// happen (with its own read position in the <see cref="EventLog"/>) and a status block or line-mode
    /// record set every period (<see cref="ConsoleKeys"/>). Output goes through a bounded ring that is
    /// drained no faster than the line rate; a line that does not fit is dropped whole and counted, so
    /// the serial port never holds up the control loop. All buffers are made once.
    /// </summary>
    public sealed class SerialConsole
    {
        /// <summary>Size of the output ring, bytes (about 0.18 s of 115200 baud; several status blocks).</summary>
        public const int OutputCapacity = 2048;

        /// <summary>Bytes the line carries per second: 115200 baud, 10 bits per byte (8N1).</summary>
        public const int LineBytesPerSecond = 11520;

        /// <summary>
        /// Bytes of the console's own text buffer: a status block (4 lines of at most 80 columns), a line-mode record
        /// set (5 records: 939 bytes with every value at its widest, 16 cells) or an event line; command replies go
        /// from the command processor's buffer into the ring directly.
        /// </summary>
        public const int TextCapacity = 960;

        private const int MostInputBytesPerPass = 256;
        private const int MostEventsPerPass = 16;
        private const int LinkNone = 0;
        private const int LinkUp = 1;
        private const int LinkDown = 2;

        private readonly ISerialPort _port;
        private readonly IClock _clock;
        private readonly BmsCore _core;
        private readonly CommandProcessor _commands;
        private readonly byte[] _ring = new byte[OutputCapacity];
        private readonly TextBuffer _text = new TextBuffer(TextCapacity);
        private readonly byte[] _input = new byte[CommandProcessor.MaxLineLength];
        private readonly byte[] _read = new byte[64];
        private int _ringStart;
        private int _ringCount;
        private int _inputLength;
        private bool _inputTooLong;
        private bool _started;
        private long _nextEvent;
        private long _nextPeriodMs;
        private long _lastDrainMs;
        private long _creditBytes;
        private int _linkShown;

        /// <summary>
        /// Makes the console (once, at start-up).
        /// </summary>
        /// <param name="port">COM2.</param>
        /// <param name="clock">Uptime clock.</param>
        /// <param name="core">The core whose status and events are printed.</param>
        /// <param name="commands">The command language.</param>
        public SerialConsole(ISerialPort port, IClock clock, BmsCore core, CommandProcessor commands)
        {
            _port = port;
            _clock = clock;
            _core = core;
            _commands = commands;
        }

        /// <summary>Output lines dropped because the ring was full.</summary>
        public long DroppedLines { get; private set; }

        /// <summary>Bytes waiting in the output ring.</summary>
        public int PendingBytes
        {
            get { return _ringCount; }
        }

        /// <summary>
        /// One communication pass: input, events, the periodic output, then as much of the ring as the
        /// line rate allows since the last pass. Never waits.
        /// </summary>
        public void Service()
        {
            if (_port == null)
            {
                return;
            }

            long nowMs = _clock.NowMs;
            if (!_started)
            {
                _started = true;
                _lastDrainMs = nowMs;
                _creditBytes = OutputCapacity;
                _nextPeriodMs = nowMs;
                _text.Clear();
                _text.Append("BatteryShift BMU-16 serial monitor, 115200 8N1. Type help and Enter.");
                _text.NewLine();
                Enqueue(_text);
            }

            ReadInput();
            PrintEvents();
            PrintLink(nowMs);
            PrintPeriodic(nowMs);
            Drain(nowMs);
        }

        private void ReadInput()
        {
            int budget = MostInputBytesPerPass;
            while (budget > 0 && _port.BytesToRead > 0)
            {
                int n = _port.Read(_read, 0, budget < _read.Length ? budget : _read.Length);
                if (n <= 0)
                {
                    return;
                }

                budget -= n;
                for (int i = 0; i < n; i++)
                {
                    Accept(_read[i]);
                }
            }
        }

        private void Accept(byte b)
        {
            if (b == '\r' || b == '\n')
            {
                if (_inputTooLong)
                {
                    _text.Clear();
                    _text.AppendInt(ResultCode.TooLong);
                    _text.Append(' ');
                    _text.Append(ResultCode.Text(ResultCode.TooLong));
                    _text.Append(": line longer than 96 characters, ignored");
                    _text.NewLine();
                    Enqueue(_text);
                }
                else if (_inputLength > 0)
                {
                    RunLine();
                }

                _inputLength = 0;
                _inputTooLong = false;
                return;
            }

            if (b == 8 || b == 127)
            {
                if (_inputLength > 0 && !_inputTooLong)
                {
                    _inputLength--;
                }

                return;
            }

            if (_inputLength == _input.Length)
            {
                _inputTooLong = true;
                return;
            }

            _input[_inputLength++] = b;
        }

        private void RunLine()
        {
            _commands.Execute(_input, 0, _inputLength, false);
            _text.Clear();
            _text.Append("> ");

            // a password typed in config set is not echoed back (SecretEcho)
            int shown = SecretEcho.ValueStart(_input, _inputLength);
            for (int i = 0; i < (shown < 0 ? _inputLength : shown); i++)
            {
                byte b = _input[i];
                _text.Append(b >= 0x20 && b < 0x7F ? (char)b : '?');
            }

            if (shown >= 0)
            {
                _text.Append(" ***");
            }

            _text.NewLine();
            Enqueue(_text);
            Enqueue(_commands.Reply, _commands.ReplyLength, true);
        }

        private void PrintEvents()
        {
            EventLog events = _core.Events;
            int mode = _core.Config.Get(ConsoleKeys.SerialMode);
            int printed = 0;
            while (_nextEvent < events.NextSequence && printed < MostEventsPerPass)
            {
                if (mode == ConsoleKeys.ModeQuiet)
                {
                    _nextEvent = events.NextSequence;
                    return;
                }

                _text.Clear();
                if (!events.Holds(_nextEvent))
                {
                    long missed = events.OldestSequence - _nextEvent;
                    _nextEvent = events.OldestSequence;
                    _text.Append(mode == ConsoleKeys.ModeLine ? "# " : "** ");
                    _text.AppendInt(missed);
                    _text.Append(" events overwritten before they were printed");
                    _text.NewLine();
                }
                else
                {
                    StatusText.AppendEvent(_text, events, _nextEvent, mode == ConsoleKeys.ModeLine);
                    _nextEvent++;
                }

                Enqueue(_text);
                printed++;
            }
        }

        // "mqtt link up host:port" when the link comes up, "mqtt link down" when it is lost or the first attempts fail
        private void PrintLink(long nowMs)
        {
            MqttTelemetry mqtt = _core.Mqtt;
            if (mqtt == null || _core.Config.GetText(CommsKeys.MqttHost).Length == 0)
            {
                return;
            }

            bool up = mqtt.Online;
            int show = LinkNone;
            if (up && _linkShown != LinkUp)
            {
                show = LinkUp;
            }
            else if (!up && (_linkShown == LinkUp || (_linkShown == LinkNone && mqtt.Counters.ConnectFailures > 0)))
            {
                show = LinkDown;
            }

            if (show == LinkNone)
            {
                return;
            }

            _linkShown = show;
            int mode = _core.Config.Get(ConsoleKeys.SerialMode);
            if (mode == ConsoleKeys.ModeQuiet)
            {
                return;
            }

            _text.Clear();
            _text.Append(mode == ConsoleKeys.ModeLine ? "# " : "** ");
            _text.AppendUptime(nowMs);
            _text.Append(" mqtt link ");
            AppendLink(_text, show == LinkUp);
            _text.NewLine();
            Enqueue(_text);
        }

        private void AppendLink(TextBuffer text, bool up)
        {
            long failures = _core.Mqtt.Counters.ConnectFailures;
            text.Append(up ? "up " : (failures == 0 && _linkShown == LinkNone ? "connecting " : "down, retrying "));
            text.Append(_core.Config.GetText(CommsKeys.MqttHost));
            text.Append(':');
            text.AppendInt(_core.Config.Get(CommsKeys.MqttPort));
            if (!up && failures > 0)
            {
                text.Append(" (failed attempts: ");
                text.AppendInt(failures);
                text.Append(')');
            }
        }

        private void PrintPeriodic(long nowMs)
        {
            if (nowMs < _nextPeriodMs)
            {
                return;
            }

            int periodMs = _core.Config.Get(ConsoleKeys.SerialPeriodMs);
            _nextPeriodMs += periodMs;
            if (_nextPeriodMs <= nowMs)
            {
                _nextPeriodMs = nowMs + periodMs;
            }

            int mode = _core.Config.Get(ConsoleKeys.SerialMode);
            if (mode == ConsoleKeys.ModeQuiet)
            {
                return;
            }

            _text.Clear();
            if (mode == ConsoleKeys.ModeLine)
            {
                StatusText.AppendRecords(_text, _core.Status, DroppedLines);
            }
            else
            {
                StatusText.AppendBlock(_text, _core.Status, DroppedLines);
                if (_core.Mqtt != null && _core.Config.GetText(CommsKeys.MqttHost).Length > 0)
                {
                    _text.Append("   mqtt ");
                    AppendLink(_text, _core.Mqtt.Online);
                    _text.NewLine();
                }
            }

            Enqueue(_text);
        }

        private void Enqueue(TextBuffer text)
        {
            Enqueue(text.Bytes, text.Length, false);
        }

        // Copies whole lines into the ring; a line that does not fit is dropped and counted. With endLine the text
        // is ended by CR LF, as part of its last line when that has no line end of its own.
        private void Enqueue(byte[] bytes, int length, bool endLine)
        {
            int lineStart = 0;
            for (int i = 0; i < length; i++)
            {
                if (bytes[i] != '\n' && i != length - 1)
                {
                    continue;
                }

                bool unended = bytes[i] != '\n';
                EnqueueLine(bytes, lineStart, i + 1 - lineStart, endLine && unended);
                lineStart = i + 1;
            }

            if (endLine && (length == 0 || bytes[length - 1] == '\n'))
            {
                EnqueueLine(bytes, 0, 0, true);
            }
        }

        private void EnqueueLine(byte[] bytes, int start, int count, bool addLineEnd)
        {
            int total = addLineEnd ? count + 2 : count;
            if (total > OutputCapacity - _ringCount)
            {
                DroppedLines++;
                return;
            }

            for (int k = 0; k < count; k++)
            {
                Put(bytes[start + k]);
            }

            if (addLineEnd)
            {
                Put((byte)'\r');
                Put((byte)'\n');
            }
        }

        private void Put(byte value)
        {
            _ring[(_ringStart + _ringCount) % OutputCapacity] = value;
            _ringCount++;
        }

        private void Drain(long nowMs)
        {
            long elapsedMs = nowMs - _lastDrainMs;
            _lastDrainMs = nowMs;
            if (elapsedMs > 0)
            {
                _creditBytes += elapsedMs * LineBytesPerSecond / 1000;
                if (_creditBytes > OutputCapacity)
                {
                    _creditBytes = OutputCapacity;
                }
            }

            while (_ringCount > 0 && _creditBytes > 0)
            {
                int chunk = OutputCapacity - _ringStart;
                if (chunk > _ringCount)
                {
                    chunk = _ringCount;
                }

                if (chunk > _creditBytes)
                {
                    chunk = (int)_creditBytes;
                }

                _port.Write(_ring, _ringStart, chunk);
                _ringStart = (_ringStart + chunk) % OutputCapacity;
                _ringCount -= chunk;
                _creditBytes -= chunk;
            }
        }
    }
}
