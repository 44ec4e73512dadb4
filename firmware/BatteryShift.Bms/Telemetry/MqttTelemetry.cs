using BatteryShift.Bms.Config;
using BatteryShift.Bms.Events;
using BatteryShift.Hal;

namespace BatteryShift.Bms.Telemetry
{
    /// <summary>
    /// The MQTT stage of <see cref="BmsCore.Communicate"/>: keeps the link up (connect with last-will,
    /// exponential back-off with jitter), queues state, cells and event messages in a bounded
    /// store-and-forward ring and sends them in order while connected, and answers commands from the
    /// command topic on the reply topic. It runs outside the control tick; every buffer is made here, so
    /// a call makes no buffer in steady state (the JSON member names are literals, which nanoFramework loads as
    /// short-lived 12-byte heap blocks: device.message_literal_loads in docs/benchmarks.md). While the link is down, state and cells are queued at
    /// the coarser offline period so the ring spans more time. MQTT stays off while the broker host is empty.
    /// </summary>
    public sealed class MqttTelemetry
    {
        /// <summary>Largest command payload, bytes; longer ones are answered with TooLong.</summary>
        public const int MaxCommandBytes = 128;

        /// <summary>
        /// Default store-and-forward capacity, bytes. The ring holds compact records (<see cref="TelemetryRecord"/>),
        /// not JSON: on a 16S module a state record is about 77 bytes (the fallback, tick-overrun, watchdog-reset and
        /// link-clash fields included; about 880 as JSON), a cells record about 120 (598), an event 10 to 15 (80),
        /// each with 3 bytes of header. So 2.25 KB hold about 10 state and cells pairs with the alarms of an outage (at
        /// the default offline period of 30 s, about 5 minutes of it) or about 150 alarm events, where the 8 KB of
        /// JSON before held 5 pairs or about 90 events; and the core stays within the heap of an ESP32 without PSRAM
        /// (docs/references.md).
        /// </summary>
        public const int DefaultQueueBytes = 2304;

        /// <summary>Longest reply text carried in a reply message, bytes (longer replies are cut).</summary>
        public const int MaxReplyBytes = 900;

        // the longest messages: a 900-byte reply of console lines with its escapes and members (about 1 KB; a reply
        // that still does not fit is sent with its code only), a state message with every mask bit set and the longest
        // counters, a discovery payload with the longest prefix and module id (both shown to fit by tests); a message
        // that would not fit is dropped and counted, never sent cut
        private const int MessageBytes = 1536;
        private const int BackoffBaseMs = 1000;
        private const int MaxSendsPerCall = 16;
        private const int MaxCommandsPerCall = 4;

        private static readonly byte[] s_online = new byte[] { (byte)'o', (byte)'n', (byte)'l', (byte)'i', (byte)'n', (byte)'e' };
        private static readonly byte[] s_empty = new byte[0];
        private static readonly byte[] s_offline = new byte[] { (byte)'o', (byte)'f', (byte)'f', (byte)'l', (byte)'i', (byte)'n', (byte)'e' };

        private readonly IMqttSession _session;
        private readonly IClock _clock;
        private readonly BmsConfig _config;
        private readonly ModuleStatus _status;
        private readonly EventLog _events;
        private readonly StoreForwardQueue _queue;
        private readonly JsonWriter _writer = new JsonWriter(MessageBytes);
        private readonly RemoteCommandChannel _remote;
        private readonly MqttEndpoint _endpoint = new MqttEndpoint();
        private ReconnectBackoff _backoff;
        private readonly LinkCounters _counters = new LinkCounters();
        private readonly LinkClashDetector _clash = new LinkClashDetector();
        private readonly LimitsPublisher _limits;
        private byte[] _macAddress;
        private HomeAssistantDiscovery _discovery;
        private long _repliesQueued;
        private long _repliesSent;
        private long _eventSequence;
        private long _stateSequence;
        private long _cellsSequence;
        private long _nextStateMs;
        private long _nextCellsMs;
        private long _nextAttemptMs;
        private bool _online;
        private bool _started;
        private string _boardId = string.Empty;

        /// <summary>
        /// Builds the stage and every buffer it uses. Topic prefix and module id are read here; broker,
        /// credentials and periods are read again at each connection attempt or message.
        /// </summary>
        /// <param name="session">MQTT session of the HAL.</param>
        /// <param name="clock">Uptime clock.</param>
        /// <param name="config">Configuration (<see cref="CommsKeys"/>).</param>
        /// <param name="status">Module status to publish.</param>
        /// <param name="events">Event log to publish.</param>
        /// <param name="commands">Command handler; null answers every command with UnknownCommand.</param>
        /// <param name="queueBytes">Store-and-forward capacity, bytes.</param>
        public MqttTelemetry(IMqttSession session, IClock clock, BmsConfig config, ModuleStatus status, EventLog events, IRemoteCommandHandler commands, int queueBytes)
        {
            _session = session;
            _clock = clock;
            _config = config;
            _status = status;
            _events = events;
            _remote = new RemoteCommandChannel(commands);
            _queue = new StoreForwardQueue(queueBytes);
            _limits = new LimitsPublisher(config);
            ApplyConfig();
            _eventSequence = events.NextSequence;
        }

        /// <summary>The module's topics.</summary>
        public TelemetryTopics Topics { get; private set; }

        /// <summary>
        /// The MQTT client id: "bs-" and the chip's MAC address in lower-case hex (unique per chip, so two modules left
        /// on the same mqtt.id never take each other's session over); the module id when the MAC is unknown.
        /// </summary>
        public string ClientId { get; private set; }

        /// <summary>Tells a client-id clash (another client taking the session over, again and again) from an outage.</summary>
        public LinkClashDetector Clash
        {
            get { return _clash; }
        }

        /// <summary>
        /// Makes the client id from the chip's MAC address (<see cref="HardwarePorts.MacAddress"/>). Called once, at start-up.
        /// </summary>
        /// <param name="macAddress">Six bytes, or null when unknown.</param>
        public void UseMacAddress(byte[] macAddress)
        {
            _macAddress = macAddress;
            ClientId = ClientIdOf(_macAddress, Topics.ModuleId);
        }

        /// <summary>
        /// The client id of a chip: "bs-" and its six MAC bytes in lower-case hex (15 characters, within the 23 every
        /// MQTT 3.1.1 broker must accept); the module id when the MAC is not six bytes.
        /// </summary>
        /// <param name="macAddress">The MAC address, or null.</param>
        /// <param name="moduleId">The module id (mqtt.id).</param>
        /// <returns>The client id.</returns>
        public static string ClientIdOf(byte[] macAddress, string moduleId)
        {
            if (macAddress == null || macAddress.Length != 6)
            {
                return moduleId;
            }

            char[] id = new char[15];
            id[0] = 'b';
            id[1] = 's';
            id[2] = '-';
            for (int i = 0; i < 6; i++)
            {
                id[3 + (2 * i)] = HexDigit(macAddress[i] >> 4);
                id[4 + (2 * i)] = HexDigit(macAddress[i] & 0xF);
            }

            return new string(id);
        }

        private static char HexDigit(int value)
        {
            return (char)(value < 10 ? '0' + value : 'a' + value - 10);
        }

        /// <summary>
        /// Takes the topic prefix, module id, discovery prefix, cell count and back-off limit from the configuration.
        /// The core calls it again at start-up once the stored configuration is loaded (it was built on the defaults),
        /// so a saved mqtt.prefix, mqtt.id or mqtt.discovery.prefix is in force from the next boot.
        /// </summary>
        public void ApplyConfig()
        {
            Topics = new TelemetryTopics(_config.GetText(CommsKeys.MqttTopicPrefix), _config.GetText(CommsKeys.MqttModuleId));
            _discovery = new HomeAssistantDiscovery(Topics, _config.GetText(CommsKeys.MqttDiscoveryPrefix), _status.CellCount, _boardId);
            _backoff = new ReconnectBackoff(BackoffBaseMs, _config.Get(CommsKeys.MqttBackoffMaxMs), ReconnectBackoff.SeedOf(Topics.ModuleId));
            ClientId = ClientIdOf(_macAddress, Topics.ModuleId);
        }

        /// <summary>
        /// The board's unique id (from the chip's MAC, set by the application at start-up; empty: the module id). Home
        /// Assistant's unique ids and device identifier are made of it, announced from the next connection.
        /// </summary>
        public string BoardId
        {
            get { return _boardId; }
            set
            {
                _boardId = value == null ? string.Empty : value;
                ApplyConfig();
            }
        }

        /// <summary>The converter limits to publish retained on the limits topic; null publishes none.</summary>
        public Outputs.InverterLimits Limits
        {
            get { return _limits.Limits; }
            set { _limits.Limits = value; }
        }

        /// <summary>The retained limits message's publisher.</summary>
        public LimitsPublisher LimitsMessages
        {
            get { return _limits; }
        }

        /// <summary>Link counters (also in every state message).</summary>
        public LinkCounters Counters
        {
            get { return _counters; }
        }

        /// <summary>The store-and-forward queue.</summary>
        public StoreForwardQueue Queue
        {
            get { return _queue; }
        }

        /// <summary>True while the link is up and announced online.</summary>
        public bool Online
        {
            get { return _online; }
        }

        /// <summary>State messages made since start-up (the next state message's "seq").</summary>
        public long StateMessages
        {
            get { return _stateSequence; }
        }

        /// <summary>Uptime of the next connection attempt while offline, ms.</summary>
        public long NextAttemptMs
        {
            get { return _nextAttemptMs; }
        }

        /// <summary>Consecutive failed connection attempts.</summary>
        public int ConnectFailures
        {
            get { return _backoff.Failures; }
        }

        /// <summary>
        /// Restarts the reconnect jitter from a seed (the default seed is a hash of the module id).
        /// </summary>
        /// <param name="seed">Seed.</param>
        public void SeedJitter(uint seed)
        {
            _backoff.Seed(seed);
        }

        /// <summary>
        /// One pass: <see cref="Collect"/> then <see cref="Transmit"/>.
        /// </summary>
        public void Communicate()
        {
            Collect();
            Transmit();
        }

        /// <summary>
        /// The part of a pass that reads the module status and may change state: notices a lost link, queues
        /// what is due (events first, then state and cells) and answers received commands (their replies are
        /// queued). No network wait: on the device it runs under the core's lock, between two control ticks.
        /// </summary>
        public void Collect()
        {
            if (_config.GetText(CommsKeys.MqttHost).Length == 0)
            {
                return;
            }

            long now = _clock.NowMs;
            StartOnce(now);
            if (_online && !_session.IsConnected)
            {
                LinkLost(now);
            }

            ReportClash(now);
            if (_online)
            {
                _limits.Collect(now, _status.TimeMs);
            }

            QueueEvents();
            int offlinePeriodMs = _online ? 0 : _config.Get(CommsKeys.MqttOfflinePeriodMs);
            if (now >= _nextStateMs)
            {
                _nextStateMs = Advance(_nextStateMs, now, Longer(_config.Get(CommsKeys.MqttStatePeriodMs), offlinePeriodMs));
                QueueState();
            }

            if (now >= _nextCellsMs)
            {
                _nextCellsMs = Advance(_nextCellsMs, now, Longer(_config.Get(CommsKeys.MqttCellsPeriodMs), offlinePeriodMs));
                TelemetryEncoder.CaptureCells(_writer.Record, _status, _cellsSequence++);
                EnqueueRecord(TelemetryTopics.CellsIndex, StoreForwardQueue.PriorityPeriodic);
            }

            if (_online)
            {
                AnswerCommands();
            }

            _counters.Queued = _queue.Count;
            _counters.Dropped = _queue.DroppedCount;
            CountDroppedCommands();
        }

        /// <summary>
        /// The network part of a pass: connects when due (which may wait on Wi-Fi and the broker) and sends
        /// queued messages in order. It reads no module status, so on the device it runs outside the core's
        /// lock and never holds up a control tick.
        /// </summary>
        public void Transmit()
        {
            if (_config.GetText(CommsKeys.MqttHost).Length == 0)
            {
                return;
            }

            long now = _clock.NowMs;
            StartOnce(now);
            if (!_online && now >= _nextAttemptMs)
            {
                TryConnect(now);
            }

            if (_online)
            {
                ClearRetainedCommand();
                long limitsSent = _limits.Sent;
                if (!_limits.Transmit(_session, Topics.Limits))
                {
                    LinkLost(now);
                }

                _counters.Sent += _limits.Sent - limitsSent;
            }

            if (_online)
            {
                Drain(now);
            }

            _counters.Queued = _queue.Count;
            _counters.Dropped = _queue.DroppedCount;
            CountDroppedCommands();
        }

        /// <summary>
        /// Announces "offline" and closes the session cleanly (for a controlled shutdown).
        /// </summary>
        public void Stop()
        {
            if (_online)
            {
                _session.Publish(Topics.Availability, s_offline, s_offline.Length, true);
                _session.Disconnect();
                _online = false;
            }
        }

        private void QueueState()
        {
            _counters.Queued = _queue.Count;
            _counters.Dropped = _queue.DroppedCount;
            CountDroppedCommands();
            TelemetryEncoder.CaptureState(_writer.Record, _status, _stateSequence++, _counters);
            EnqueueRecord(TelemetryTopics.StateIndex, StoreForwardQueue.PriorityPeriodic);
        }

        private void QueueEvents()
        {
            long next = _events.NextSequence;
            while (_eventSequence < next)
            {
                long missed = 0;
                if (!_events.Holds(_eventSequence))
                {
                    missed = _events.OldestSequence - _eventSequence;
                    _counters.EventsMissed += missed;
                    _eventSequence = _events.OldestSequence;
                }

                TelemetryEncoder.CaptureEvent(_writer.Record, _events, _eventSequence, missed);
                EnqueueRecord(TelemetryTopics.EventIndex, EventPriority(_events.Kind(_eventSequence)));
                _eventSequence++;
            }
        }

        // state, cells and events are queued as their compact records (TelemetryRecord), written as JSON when sent
        private void EnqueueRecord(int topicIndex, int priority)
        {
            TelemetryRecord record = _writer.Record;
            if (record.Overflowed)
            {
                _counters.Dropped++;
                return;
            }

            _queue.Enqueue(topicIndex, priority, record.Buffer, record.Length);
        }

        // replies are queued as their JSON (the reply text is not kept anywhere else)
        private void Enqueue(int topicIndex, int priority)
        {
            if (_writer.Overflowed)
            {
                _counters.Dropped++;
                return;
            }

            // alarm and fault events outrank other events and replies, which outrank periodic state and cells: in a long
            // outage a full queue gives up its oldest periodic messages first, then informational events, and never
            // pushes an alarm or fault event out for anything of lower rank (the queue counts what it drops)
            _queue.Enqueue(topicIndex, priority, _writer.Buffer, _writer.Length);
        }

        private static int EventPriority(int kind)
        {
            switch (kind)
            {
                case EventKind.AlarmRaised:
                case EventKind.AlarmCleared:
                case EventKind.FaultLatched:
                case EventKind.FaultCleared:
                case EventKind.SensorFault:
                case EventKind.SensorFaultCleared:
                    return StoreForwardQueue.PriorityAlarm;
                default:
                    return StoreForwardQueue.PriorityNormal;
            }
        }

        private void StartOnce(long now)
        {
            if (!_started)
            {
                _started = true;
                _nextStateMs = now;
                _nextCellsMs = now;
                _nextAttemptMs = now;
            }
        }

        private void TryConnect(long now)
        {
            _endpoint.NetworkSsid = _config.GetText(CommsKeys.WifiSsid);
            _endpoint.NetworkPassword = _config.GetText(CommsKeys.WifiPassword);
            _endpoint.Host = _config.GetText(CommsKeys.MqttHost);
            _endpoint.Port = _config.Get(CommsKeys.MqttPort);
            _endpoint.UseTls = _config.Get(CommsKeys.MqttTls) == 1;
            _endpoint.Username = _config.GetText(CommsKeys.MqttUser);
            _endpoint.Password = _config.GetText(CommsKeys.MqttPassword);
            _endpoint.ClientId = ClientId;
            _endpoint.KeepAliveSeconds = _config.Get(CommsKeys.MqttKeepAliveS);
            _endpoint.WillTopic = Topics.Availability;
            _endpoint.WillPayload = "offline";
            _endpoint.WillRetain = true;

            if (_session.Connect(_endpoint)
                && _session.Subscribe(Topics.Command)
                && _session.Publish(Topics.Availability, s_online, s_online.Length, true)
                && PublishDiscovery())
            {
                _online = true;
                _clash.Connected(now);
                _backoff.Succeed();
                _counters.Connects++;
                _limits.Connected();

                // a fresh state and cells message right after (re)connecting, then the online periods
                _nextStateMs = now;
                _nextCellsMs = now;
                return;
            }

            _counters.ConnectFailures++;
            if (_session.IsConnected)
            {
                _session.Disconnect();
            }

            _backoff.SetMax(_config.Get(CommsKeys.MqttBackoffMaxMs));
            _nextAttemptMs = now + _backoff.Fail();
        }

        private bool PublishDiscovery()
        {
            if (_config.Get(CommsKeys.MqttDiscovery) != 1)
            {
                return true;
            }

            for (int i = 0; i < _discovery.Count; i++)
            {
                _discovery.Write(_writer, i);
                if (!_writer.Overflowed && !_session.Publish(_discovery.Topic(i), _writer.Buffer, _writer.Length, true))
                {
                    return false;
                }
            }

            return true;
        }

        private void LinkLost(long now)
        {
            _online = false;
            _backoff.SetMax(_config.Get(CommsKeys.MqttBackoffMaxMs));

            // a session taken over again and again is a clash: hold off instead of taking it back at once
            int holdMs = _clash.Lost(now);
            _counters.LinkClashes = _clash.Clashes;
            _nextAttemptMs = now + Longer(_backoff.Fail(), holdMs);
        }

        // the clash event is appended here, in Collect (under the core's lock), whichever pass noticed the loss
        private void ReportClash(long now)
        {
            if (_clash.ReportPending)
            {
                _clash.TakeReport();
                _events.Append(now, EventKind.LinkClash, (int)_clash.Clashes, _clash.LastHoldMs / 1000);
            }
        }

        private void AnswerCommands()
        {
            for (int i = 0; i < MaxCommandsPerCall; i++)
            {
                int length = _remote.Read(_session);
                if (length == -1)
                {
                    return;
                }

                _counters.Commands++;
                int code = _remote.Execute(length, _counters.Commands);
                if (code != ResultCode.Ok)
                {
                    _counters.CommandErrors++;
                }

                TelemetryEncoder.WriteReply(_writer, _counters.Commands, _remote.Id, _remote.IdLength, code, _remote.Reply, _remote.ReplyLength);
                if (_writer.Overflowed)
                {
                    // never leave a command unanswered: the code without the text always fits
                    TelemetryEncoder.WriteReply(_writer, _counters.Commands, _remote.Id, _remote.IdLength, code, _remote.Reply, 0);
                }

                _repliesQueued++;
                Enqueue(TelemetryTopics.ReplyIndex, StoreForwardQueue.PriorityNormal);
            }
        }

        // a command is dropped when the session dropped it before it was read, or when its reply was queued but left
        // the queue unsent (pushed out by a full queue, refused, or not writable): replies queued - sent - still held
        private void CountDroppedCommands()
        {
            long repliesLost = _repliesQueued - _repliesSent - _queue.CountOf(TelemetryTopics.ReplyIndex);
            _counters.CommandsDropped = _session.DroppedMessages + repliesLost;
        }

        // an empty retained message deletes the retained command on the broker (MQTT 3.1.1, 3.3.1.3), so it is not
        // delivered again on the next subscription; the broker forwards the empty message once, answered as not a command
        private void ClearRetainedCommand()
        {
            if (_remote.ClearRetainedPending && _session.Publish(Topics.Command, s_empty, 0, true))
            {
                _remote.RetainedCleared();
            }
        }

        private void Drain(long now)
        {
            // every message is already in the ring when the drain starts (Collect and Transmit run one after the other
            // on the communication thread), so the writer's buffer (MessageBytes, as large as any message) takes each
            // record out of the ring, and for a state, cells or event record the JSON is then written over it from
            // the writer's record buffer: no second 2 KB buffer
            byte[] send = _writer.Buffer;
            for (int i = 0; i < MaxSendsPerCall; i++)
            {
                int topicIndex;
                _writer.Reset();
                int length = _queue.Peek(send, out topicIndex);
                if (length == -1)
                {
                    return;
                }

                if (length >= 0 && topicIndex != TelemetryTopics.ReplyIndex)
                {
                    length = WriteFromRecord(topicIndex, send, length);
                }

                if (length < 0)
                {
                    _queue.DiscardOldest();
                    continue;
                }

                if (!_session.Publish(Topics.ByIndex(topicIndex), send, length, false))
                {
                    LinkLost(now);
                    return;
                }

                _queue.RemoveOldest();
                _counters.Sent++;
                if (topicIndex == TelemetryTopics.ReplyIndex)
                {
                    _repliesSent++;
                }
            }
        }

        // writes the JSON of a record held in the writer's buffer; -2 when it cannot be written (then discarded, counted)
        private int WriteFromRecord(int topicIndex, byte[] stored, int length)
        {
            TelemetryRecord record = _writer.Record;
            if (!record.Load(stored, length))
            {
                return -2;
            }

            if (topicIndex == TelemetryTopics.StateIndex)
            {
                TelemetryEncoder.WriteState(_writer, record);
            }
            else if (topicIndex == TelemetryTopics.CellsIndex)
            {
                TelemetryEncoder.WriteCells(_writer, record);
            }
            else
            {
                TelemetryEncoder.WriteEvent(_writer, record);
            }

            return _writer.Overflowed ? -2 : _writer.Length;
        }

        private static long Advance(long due, long now, int periodMs)
        {
            due += periodMs;
            return due <= now ? now + periodMs : due;
        }

        private static int Longer(int a, int b)
        {
            return a > b ? a : b;
        }
    }
}
