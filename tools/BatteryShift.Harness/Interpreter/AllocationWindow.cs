using System.Collections.Generic;

namespace BatteryShift.Harness.Interpreter
{
    /// <summary>One allocation window on the interpreter: its operations and the collections they forced.</summary>
    public sealed class AllocationWindow
    {
        /// <summary>Makes a window record.</summary>
        public AllocationWindow(string name, int operations)
        {
            Name = name;
            Operations = operations;
        }

        /// <summary>empty, tick, communicate_idle or period.</summary>
        public string Name { get; }

        /// <summary>Operations run in the window.</summary>
        public int Operations { get; }

        /// <summary>Collections inside the window.</summary>
        public int Collections { get; set; }

        /// <summary>Free bytes after each of those collections.</summary>
        public List<long> AvailableAfter { get; } = new List<long>();

        /// <summary>MQTT messages published in the window.</summary>
        public int Messages { get; set; }

        /// <summary>Serial bytes written in the window.</summary>
        public int SerialBytes { get; set; }
    }
}
