using System.Collections.Generic;

namespace BatteryShift.Tests.Fuzz
{
    /// <summary>What a <see cref="StateChangeFuzzer"/> run found, and how much of the rules it exercised.</summary>
    internal sealed class FuzzResult
    {
        public List<string> Violations { get; } = new();

        public int Commands { get; set; }

        /// <summary>State-changing commands that came remotely while remote control was off (each must be refused).</summary>
        public int RemoteWhileOff { get; set; }

        /// <summary>State-changing commands accepted remotely while remote control was on.</summary>
        public int RemoteAccepted { get; set; }

        /// <summary>Cell calibrations sent outside service (each must be refused).</summary>
        public int CalOutsideService { get; set; }

        /// <summary>Cell calibrations accepted in service.</summary>
        public int CalAccepted { get; set; }

        /// <summary>Over MQTT: commands during which the module's link dropped, and commands sent again with their id.</summary>
        public int LinkLosses { get; set; }

        public int Resends { get; set; }

        /// <summary>Over MQTT: commands during whose link loss remote control ran out on the module's clock.</summary>
        public int RemoteExpiredWhileDown { get; set; }
    }
}
