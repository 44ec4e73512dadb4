namespace BatteryShift.Bms.Telemetry
{
    /// <summary>
    /// The topic names of one module, built once at start-up from the topic prefix and the module id:
    /// <c>&lt;prefix&gt;/&lt;id&gt;/availability</c>, <c>/state</c>, <c>/cells</c>, <c>/event</c>,
    /// <c>/cmd</c>, <c>/reply</c> and <c>/limits</c> (docs/mqtt.md).
    /// </summary>
    public sealed class TelemetryTopics
    {
        /// <summary>Index of the state topic in store-and-forward records.</summary>
        public const int StateIndex = 0;

        /// <summary>Index of the cells topic in store-and-forward records.</summary>
        public const int CellsIndex = 1;

        /// <summary>Index of the event topic in store-and-forward records.</summary>
        public const int EventIndex = 2;

        /// <summary>Index of the reply topic in store-and-forward records.</summary>
        public const int ReplyIndex = 3;

        private readonly string[] _byIndex;

        /// <summary>
        /// Builds the topic names.
        /// </summary>
        /// <param name="prefix">Leading topic levels (for example "batteryshift" or "site/rack1").</param>
        /// <param name="moduleId">Module id (second level).</param>
        public TelemetryTopics(string prefix, string moduleId)
        {
            Prefix = Clean(prefix, "batteryshift", true);
            ModuleId = Clean(moduleId, "module1", false);
            Base = Prefix + "/" + ModuleId;
            Availability = Base + "/availability";
            State = Base + "/state";
            Cells = Base + "/cells";
            Event = Base + "/event";
            Command = Base + "/cmd";
            Reply = Base + "/reply";
            Limits = Base + "/limits";
            _byIndex = new string[] { State, Cells, Event, Reply };
        }

        /// <summary>Leading topic levels.</summary>
        public string Prefix { get; }

        /// <summary>Module id, as used in topics (cleaned of '/', '+', '#' and spaces).</summary>
        public string ModuleId { get; }

        /// <summary>Prefix and module id: <c>&lt;prefix&gt;/&lt;id&gt;</c>.</summary>
        public string Base { get; }

        /// <summary>Retained "online"/"offline" (the last-will).</summary>
        public string Availability { get; }

        /// <summary>Periodic state.</summary>
        public string State { get; }

        /// <summary>Periodic per-cell arrays.</summary>
        public string Cells { get; }

        /// <summary>Events as they happen.</summary>
        public string Event { get; }

        /// <summary>Commands to the module (subscribed).</summary>
        public string Command { get; }

        /// <summary>Replies to commands.</summary>
        public string Reply { get; }

        /// <summary>Retained converter limits (never queued).</summary>
        public string Limits { get; }

        /// <summary>
        /// Topic of a store-and-forward record index.
        /// </summary>
        /// <param name="index"><see cref="StateIndex"/>, <see cref="CellsIndex"/>, <see cref="EventIndex"/> or
        /// <see cref="ReplyIndex"/>.</param>
        /// <returns>The topic name.</returns>
        public string ByIndex(int index)
        {
            return _byIndex[index];
        }

        private static bool Unfit(char c, bool allowSlash)
        {
            return (c == '/' && !allowSlash) || c == '+' || c == '#' || c <= ' ' || c > '~';
        }

        private static string Clean(string level, string fallback, bool allowSlash)
        {
            if (level == null || level.Length == 0)
            {
                return fallback;
            }

            // most levels are clean already: keep the configured string rather than a copy of it
            int first = -1;
            for (int i = 0; i < level.Length && first < 0; i++)
            {
                if (Unfit(level[i], allowSlash))
                {
                    first = i;
                }
            }

            if (first < 0)
            {
                return level;
            }

            char[] chars = level.ToCharArray();
            for (int i = first; i < chars.Length; i++)
            {
                if (Unfit(chars[i], allowSlash))
                {
                    chars[i] = '_';
                }
            }

            return new string(chars);
        }
    }
}
