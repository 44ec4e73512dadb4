using BatteryShift.Bms.Config;
using BatteryShift.Bms.Outputs;
using BatteryShift.Hal;

namespace BatteryShift.Bms.Telemetry
{
    /// <summary>
    /// The retained limits message of <see cref="MqttTelemetry"/> (docs/mqtt.md): written in the locked part of a pass
    /// every <see cref="CommsKeys.MqttLimitsPeriodMs"/>, at once when a field other than seq and uptime changed, and
    /// after every (re)connect; sent retained in the network part, ahead of the store-and-forward queue. It is never
    /// queued: only the latest limits mean anything to a converter, so while the link is down nothing is written and a
    /// message that could not be sent is replaced by a fresh one after the reconnect. One buffer, made here.
    /// </summary>
    public sealed class LimitsPublisher
    {
        // the limits message is written directly, never from a captured record: no record buffer
        private readonly JsonWriter _writer = new JsonWriter(LimitsEncoder.MaxBytes, false);
        private readonly BmsConfig _config;
        private long _sequence;
        private long _sent;
        private long _changesWritten = -1;
        private long _nextMs;
        private bool _due = true;
        private bool _pending;

        /// <summary>
        /// Makes the publisher and its buffer.
        /// </summary>
        /// <param name="config">Configuration (<see cref="CommsKeys.MqttLimitsPeriodMs"/>, read at each message).</param>
        public LimitsPublisher(BmsConfig config)
        {
            _config = config;
        }

        /// <summary>The limits to publish; null publishes nothing.</summary>
        public InverterLimits Limits { get; set; }

        /// <summary>Limits messages written since start-up (the next one's "seq").</summary>
        public long Messages
        {
            get { return _sequence; }
        }

        /// <summary>Limits messages handed to the session since start-up.</summary>
        public long Sent
        {
            get { return _sent; }
        }

        /// <summary>The last message written (valid up to its length; the one sent or about to be).</summary>
        public JsonWriter Last
        {
            get { return _writer; }
        }

        /// <summary>
        /// The link came up: a fresh message in the next pass, whatever was written before.
        /// </summary>
        public void Connected()
        {
            _due = true;
            _pending = false;
        }

        /// <summary>
        /// Writes a message when one is due (locked part of a pass, link up).
        /// </summary>
        /// <param name="nowMs">Uptime, ms.</param>
        /// <param name="uptimeMs">Uptime of the tick the limits are from, ms.</param>
        public void Collect(long nowMs, long uptimeMs)
        {
            InverterLimits limits = Limits;
            if (limits == null)
            {
                return;
            }

            if (!_due && limits.Changes == _changesWritten && nowMs < _nextMs)
            {
                return;
            }

            LimitsEncoder.Write(_writer, limits, _sequence, uptimeMs);
            if (_writer.Overflowed)
            {
                return;
            }

            _sequence++;
            _changesWritten = limits.Changes;
            _nextMs = nowMs + _config.Get(CommsKeys.MqttLimitsPeriodMs);
            _due = false;
            _pending = true;
        }

        /// <summary>
        /// Sends the written message, retained (network part of a pass).
        /// </summary>
        /// <param name="session">The connected session.</param>
        /// <param name="topic">The limits topic.</param>
        /// <returns>False when the session refused it (the link is lost); true when sent or nothing was waiting.</returns>
        public bool Transmit(IMqttSession session, string topic)
        {
            if (!_pending)
            {
                return true;
            }

            if (!session.Publish(topic, _writer.Buffer, _writer.Length, true))
            {
                return false;
            }

            _pending = false;
            _sent++;
            return true;
        }
    }
}
