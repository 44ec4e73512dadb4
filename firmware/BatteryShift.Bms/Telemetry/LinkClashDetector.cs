namespace BatteryShift.Bms.Telemetry
{
    /// <summary>
    /// Tells a client-id clash from an ordinary outage. A broker that receives a CONNECT with a client id already in
    /// use closes the older session (MQTT 3.1.1 section 3.1.4): two clients with the same id knock each other off in
    /// turn, each reconnecting at once, for ever. Seen from the module, that is a session that ends within seconds of
    /// a successful connect, again and again; an outage ends sessions that had been up for longer, or makes the
    /// connect itself fail. After <see cref="ShortSessionsForClash"/> short sessions in a row the module declares a
    /// clash and stays off the broker for a hold-off that doubles with each further clash (up to
    /// <see cref="MaxHoldMs"/>), so it stops fighting: the other client keeps the id, and the clash is reported (event
    /// <see cref="Events.EventKind.LinkClash"/>, counter link_clashes). A session that lasts
    /// <see cref="SettledSessionMs"/> ends the escalation. Allocates nothing.
    /// </summary>
    public sealed class LinkClashDetector
    {
        /// <summary>A session that ends sooner than this after its connect counts as short, ms.</summary>
        public const int ShortSessionMs = 10000;

        /// <summary>Consecutive short sessions that make a clash.</summary>
        public const int ShortSessionsForClash = 3;

        /// <summary>Hold-off after the first clash, ms.</summary>
        public const int FirstHoldMs = 60000;

        /// <summary>Longest hold-off, ms (one hour).</summary>
        public const int MaxHoldMs = 3600000;

        /// <summary>A session that lasts this long resets the hold-off to <see cref="FirstHoldMs"/>, ms.</summary>
        public const int SettledSessionMs = 600000;

        private long _connectedAtMs = -1;
        private int _shortSessions;
        private int _holdMs = FirstHoldMs;

        /// <summary>Clashes declared since start-up.</summary>
        public long Clashes { get; private set; }

        /// <summary>The hold-off of the last clash, ms.</summary>
        public int LastHoldMs { get; private set; }

        /// <summary>True after a clash until <see cref="TakeReport"/>.</summary>
        public bool ReportPending { get; private set; }

        /// <summary>A session was established.</summary>
        /// <param name="nowMs">Uptime, ms.</param>
        public void Connected(long nowMs)
        {
            _connectedAtMs = nowMs;
        }

        /// <summary>
        /// The established session was lost.
        /// </summary>
        /// <param name="nowMs">Uptime, ms.</param>
        /// <returns>The hold-off before the next connection attempt when this loss completes a clash, ms; else 0.</returns>
        public int Lost(long nowMs)
        {
            if (_connectedAtMs < 0)
            {
                return 0;
            }

            long lastedMs = nowMs - _connectedAtMs;
            _connectedAtMs = -1;
            if (lastedMs >= SettledSessionMs)
            {
                _holdMs = FirstHoldMs;
            }

            if (lastedMs >= ShortSessionMs)
            {
                _shortSessions = 0;
                return 0;
            }

            _shortSessions++;
            if (_shortSessions < ShortSessionsForClash)
            {
                return 0;
            }

            _shortSessions = 0;
            Clashes++;
            LastHoldMs = _holdMs;
            ReportPending = true;
            _holdMs = _holdMs > MaxHoldMs / 2 ? MaxHoldMs : _holdMs * 2;
            return LastHoldMs;
        }

        /// <summary>Says the last clash was reported.</summary>
        public void TakeReport()
        {
            ReportPending = false;
        }
    }
}
