namespace BatteryShift.Bms.Telemetry
{
    /// <summary>
    /// Counters of the MQTT link, reported in every state message.
    /// </summary>
    public sealed class LinkCounters
    {
        /// <summary>Successful connections since start-up.</summary>
        public long Connects;

        /// <summary>Connection attempts that failed.</summary>
        public long ConnectFailures;

        /// <summary>Queued messages handed to the broker.</summary>
        public long Sent;

        /// <summary>Messages waiting in the store-and-forward queue.</summary>
        public long Queued;

        /// <summary>Messages dropped because the store-and-forward queue was full.</summary>
        public long Dropped;

        /// <summary>Events that left the event log before they could be queued.</summary>
        public long EventsMissed;

        /// <summary>Commands received.</summary>
        public long Commands;

        /// <summary>Commands answered with a result other than Ok.</summary>
        public long CommandErrors;

        /// <summary>
        /// Commands received but never answered: dropped by the session before they were read (its receive ring was
        /// full) or whose reply left the store-and-forward queue unsent. Every command received is answered once or
        /// counted here.
        /// </summary>
        public long CommandsDropped;

        /// <summary>
        /// Client-id clashes: times another client took the module's session over again and again and the module held
        /// off reconnecting (<see cref="LinkClashDetector"/>).
        /// </summary>
        public long LinkClashes;
    }
}
