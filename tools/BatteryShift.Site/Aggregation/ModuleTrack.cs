namespace BatteryShift.Site.Aggregation
{
    /// <summary>What the aggregator knows of one module id.</summary>
    internal sealed class ModuleTrack
    {
        public ModuleTrack(string id)
        {
            Id = id;
        }

        public string Id { get; }

        /// <summary>The last well-formed limits (null before the first, or after a malformed payload).</summary>
        public ModuleLimits? Limits { get; set; }

        /// <summary>When the last live (not replayed from the broker's retained store) well-formed limits arrived.</summary>
        public long? LastLiveMs { get; set; }

        /// <summary>True while the last limits payload was malformed.</summary>
        public bool Malformed { get; set; }

        /// <summary>Malformed payloads received from this module.</summary>
        public long MalformedCount { get; set; }

        /// <summary>Why the last malformed payload was refused.</summary>
        public string LastError { get; set; } = string.Empty;

        /// <summary>The last availability text (null when none was seen).</summary>
        public string? Availability { get; set; }

        public bool Offline => Availability != null && Availability != "online";
    }
}
