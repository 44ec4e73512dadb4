namespace BatteryShift.Bms.Telemetry
{
    /// <summary>
    /// Home Assistant MQTT discovery: one retained configuration per entity at
    /// <c>&lt;discovery prefix&gt;/&lt;component&gt;/&lt;module id&gt;/&lt;object&gt;/config</c>, each reading
    /// the state or cells topic with a value template and using the availability topic. Topic names are
    /// built once at start-up; payloads are written into the shared writer when the link connects.
    /// </summary>
    public sealed class HomeAssistantDiscovery
    {
        private const int FromState = 0;
        private const int FromCells = 1;

        // object id, name, JSON field, unit, device class, state class, diagnostic (1), binary (1)
        private static readonly string[] s_object = new string[]
        {
            "voltage", "current", "power", "soc", "soh", "cvl", "ccl", "dcl", "cell_min", "cell_max",
            "cell_delta", "temp_min", "temp_max", "temp_board", "state", "remaining", "cycles", "bleed_mask",
            "dropped", "charge_fet", "discharge_fet", "fault", "alarm", "balancing",
        };

        private static readonly string[] s_name = new string[]
        {
            "Voltage", "Current", "Power", "State of charge", "State of health", "Charge voltage limit",
            "Charge current limit", "Discharge current limit", "Cell voltage min", "Cell voltage max",
            "Cell voltage delta", "Temperature min", "Temperature max", "Board temperature", "State",
            "Remaining charge", "Cycles", "Bleed mask", "Telemetry dropped", "Charge enabled",
            "Discharge enabled", "Fault", "Alarm", "Balancing",
        };

        private static readonly string[] s_field = new string[]
        {
            "voltage_v", "current_a", "power_w", "soc_pct", "soh_pct", "cvl_v", "ccl_a", "dcl_a", "cell_min_v",
            "cell_max_v", "cell_delta_v", "temp_min_c", "temp_max_c", "temp_board_c", "state", "remaining_ah",
            "cycles", "bleed_mask", "counters.dropped", "charge_fet", "discharge_fet", "fault_mask", "alarm_mask",
            "balancing",
        };

        private static readonly string[] s_unit = new string[]
        {
            "V", "A", "W", "%", "%", "V", "A", "A", "V", "V", "V", "\u00b0C", "\u00b0C", "\u00b0C", null, "Ah",
            null, null, null, null, null, null, null, null,
        };

        private static readonly string[] s_deviceClass = new string[]
        {
            "voltage", "current", "power", "battery", null, "voltage", "current", "current", "voltage", "voltage",
            "voltage", "temperature", "temperature", "temperature", null, null, null, null, null, "power", "power",
            "problem", "problem", "running",
        };

        private static readonly string[] s_stateClass = new string[]
        {
            "measurement", "measurement", "measurement", "measurement", "measurement", "measurement",
            "measurement", "measurement", "measurement", "measurement", "measurement", "measurement",
            "measurement", "measurement", null, "measurement", "total_increasing", null, "total_increasing", null,
            null, null, null, null,
        };

        private static readonly bool[] s_diagnostic = new bool[]
        {
            false, false, false, false, false, false, false, false, false, false, false, false, false, true, false,
            false, false, true, true, false, false, false, false, false,
        };

        private const int FirstBinary = 19;

        private readonly TelemetryTopics _topics;
        private readonly string[] _configTopics;
        private readonly int _cellCount;

        /// <summary>
        /// Builds the configuration topics.
        /// </summary>
        /// <param name="topics">The module's topics.</param>
        /// <param name="discoveryPrefix">Home Assistant discovery prefix (normally "homeassistant").</param>
        /// <param name="cellCount">Cells in series (one voltage entity each).</param>
        public HomeAssistantDiscovery(TelemetryTopics topics, string discoveryPrefix, int cellCount)
        {
            _topics = topics;
            _cellCount = cellCount;
            string prefix = discoveryPrefix == null || discoveryPrefix.Length == 0 ? "homeassistant" : discoveryPrefix;
            _configTopics = new string[s_object.Length + cellCount];
            for (int i = 0; i < s_object.Length; i++)
            {
                string component = i >= FirstBinary ? "/binary_sensor/" : "/sensor/";
                _configTopics[i] = prefix + component + topics.ModuleId + "/" + s_object[i] + "/config";
            }

            for (int c = 0; c < cellCount; c++)
            {
                _configTopics[s_object.Length + c] = prefix + "/sensor/" + topics.ModuleId + "/cell_" + (c + 1).ToString() + "/config";
            }
        }

        /// <summary>Entities announced.</summary>
        public int Count
        {
            get { return _configTopics.Length; }
        }

        /// <summary>
        /// Configuration topic of an entity.
        /// </summary>
        /// <param name="index">Entity index, below <see cref="Count"/>.</param>
        /// <returns>The topic name.</returns>
        public string Topic(int index)
        {
            return _configTopics[index];
        }

        /// <summary>
        /// Writes the configuration payload of an entity.
        /// </summary>
        /// <param name="w">Writer (reset here).</param>
        /// <param name="index">Entity index, below <see cref="Count"/>.</param>
        public void Write(JsonWriter w, int index)
        {
            bool isCell = index >= s_object.Length;
            int cell = isCell ? index - s_object.Length : -1;
            int source = isCell ? FromCells : FromState;
            bool binary = !isCell && index >= FirstBinary;

            w.Reset();
            w.BeginObject();
            w.BeginText("name");
            if (isCell)
            {
                w.TextPart("Cell ");
                w.TextPart(cell + 1);
                w.TextPart(" voltage");
            }
            else
            {
                w.TextPart(s_name[index]);
            }

            w.EndText();
            w.BeginText("unique_id");
            w.TextPart(_topics.ModuleId);
            w.TextPart("_");
            WriteObjectId(w, index, cell);
            w.EndText();
            w.BeginText("object_id");
            w.TextPart(_topics.ModuleId);
            w.TextPart("_");
            WriteObjectId(w, index, cell);
            w.EndText();
            w.Text("state_topic", source == FromCells ? _topics.Cells : _topics.State);
            w.BeginText("value_template");
            if (binary)
            {
                w.TextPart("{{ 'ON' if value_json.");
                w.TextPart(s_field[index]);
                w.TextPart(" else 'OFF' }}");
            }
            else if (isCell)
            {
                w.TextPart("{{ value_json.voltage_v[");
                w.TextPart(cell);
                w.TextPart("] }}");
            }
            else
            {
                w.TextPart("{{ value_json.");
                w.TextPart(s_field[index]);
                w.TextPart(" }}");
            }

            w.EndText();
            string unit = isCell ? "V" : s_unit[index];
            if (unit != null)
            {
                w.Text("unit_of_measurement", unit);
            }

            string deviceClass = isCell ? "voltage" : s_deviceClass[index];
            if (deviceClass != null)
            {
                w.Text("device_class", deviceClass);
            }

            string stateClass = isCell ? "measurement" : s_stateClass[index];
            if (stateClass != null)
            {
                w.Text("state_class", stateClass);
            }

            if (!isCell && s_diagnostic[index])
            {
                w.Text("entity_category", "diagnostic");
            }

            w.Text("availability_topic", _topics.Availability);
            w.Text("payload_available", "online");
            w.Text("payload_not_available", "offline");
            w.BeginObject("device");
            w.BeginArray("identifiers");
            w.TextItem(_topics.ModuleId);
            w.EndArray();
            w.BeginText("name");
            w.TextPart("BatteryShift ");
            w.TextPart(_topics.ModuleId);
            w.EndText();
            w.Text("manufacturer", "BatteryShift");
            w.Text("model", "BMU-16");
            w.EndObject();
            w.EndObject();
        }

        private static void WriteObjectId(JsonWriter w, int index, int cell)
        {
            if (cell >= 0)
            {
                w.TextPart("cell_");
                w.TextPart(cell + 1);
            }
            else
            {
                w.TextPart(s_object[index]);
            }
        }
    }
}
